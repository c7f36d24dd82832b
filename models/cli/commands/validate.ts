/**
 * fpsim validate: the 2016 table against the model, per seed and machine size;
 * fpsim validate --against lab: the model on each real-kernel lab trace's machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command.ts';
import { formatHelp, lastValue, numberInRange, parseArgs, UsageError, type FlagSpec } from '../args.ts';
import { VALIDATION_ROWS, VALIDATION_MACHINES, VALIDATION_SEEDS, summarizeValidation, validationTotalsByEvidence } from '../../src/sim/validate.ts';
import { formatValidationTable } from '../../src/report/validation.ts';
import { compareAgainstLab, LAB_SEEDS, type LabTraceInput } from '../../src/lab/compare.ts';
import { timeAgreement } from '../../src/lab/timeAgreement.ts';
import { directScanRatios } from '../../src/lab/scanRatio.ts';
import { formatLabComparison, matchedLine } from '../../src/report/labValidation.ts';
import { CRAWL_DEFINITION } from '../../src/sim/outcomeClass.ts';
import { availableParallelism } from 'node:os';
import { parallelValidate } from '../parallelValidate.ts';

/** Worker threads by default: the cores, at most 4 (each cell is independent; the table is the same with any number). */
const DEFAULT_JOBS = Math.max(1, Math.min(4, availableParallelism()));

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
/** Real-kernel traces: the 2016 kernels built by the lab, then the Debian kernels of today. */
export const LAB_DIRS = [join(REPO, 'content/data/lab-2016'), join(REPO, 'content/data/lab')];

const FLAGS: FlagSpec[] = [
  { name: 'against', takesValue: true, metavar: 'lab', help: 'compare with the real-kernel lab traces instead of the 2016 table' },
  { name: 'lab-dir', takesValue: true, repeatable: true, metavar: 'DIR', help: `trace directories for --against lab (default ${LAB_DIRS.map((d) => d.slice(REPO.length + 1)).join(' and ')})` },
  { name: 'seeds', takesValue: true, metavar: 'N', help: `seeds 1..N per cell (default ${VALIDATION_SEEDS.length}; ${LAB_SEEDS.length} per lab trace)` },
  { name: 'jobs', takesValue: true, metavar: 'N', help: `worker threads for the 2016 table (default ${DEFAULT_JOBS}; 1 = none); the result is the same` },
  { name: 'format', takesValue: true, metavar: 'text|json', help: 'output format (default text)' },
  { name: 'help', takesValue: false, help: 'show this help' },
];

/** Every *.json of the directories, sorted by name within each; a missing directory is skipped. */
export function readLabTraces(dirs: readonly string[]): LabTraceInput[] {
  const out: LabTraceInput[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const name = `${basename(dir)}/${n}`;
      try {
        out.push({ name, json: JSON.parse(readFileSync(join(dir, n), 'utf8')) });
      } catch (e) {
        out.push({ name, json: null, parseError: (e as Error).message });
      }
    }
  }
  return out;
}

export const command: Command = {
  name: 'validate',
  summary: 'the 2016 outcomes (or, --against lab, the real-kernel lab runs) against the model',
  async run(argv, io) {
    const args = parseArgs(argv, FLAGS);
    if (args.values.has('help')) {
      io.out(formatHelp('usage: fpsim validate [--against lab [--lab-dir DIR]…] [--seeds N] [--jobs N] [--format text|json]', FLAGS));
      return 0;
    }
    const against = lastValue(args, 'against');
    if (against !== undefined && against !== 'lab') throw new UsageError(`--against ${JSON.stringify(against)} is not valid; the one choice is lab`);
    const format = lastValue(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
    const seedsFlag = lastValue(args, 'seeds');
    const n = seedsFlag === undefined ? null : numberInRange('seeds', seedsFlag, 1, 20);
    const seeds = (k: number) => Array.from({ length: n ?? k }, (_, i) => i + 1);

    if (against === 'lab') {
      const dirs = args.values.get('lab-dir')?.map((d) => resolve(d)) ?? LAB_DIRS;
      const traces = readLabTraces(dirs);
      if (!traces.length) {
        io.err(`fpsim validate: no *.json traces in ${dirs.join(', ')}`);
        return 1;
      }
      const c = compareAgainstLab(traces, { seeds: seeds(LAB_SEEDS.length) });
      if (format === 'json') io.out(JSON.stringify({ crawl: CRAWL_DEFINITION, ...c, time: timeAgreement(c.rows), directScan: directScanRatios(c.rows), summary: matchedLine(c) }));
      else io.out(formatLabComparison(c));
      return 0;
    }
    if (args.values.has('lab-dir')) throw new UsageError('--lab-dir goes with --against lab');
    const jobsFlag = lastValue(args, 'jobs');
    const jobs = jobsFlag === undefined ? DEFAULT_JOBS : numberInRange('jobs', jobsFlag, 1, 64);
    const cells = await parallelValidate(seeds(VALIDATION_SEEDS.length), jobs);
    if (format === 'json') {
      const summaries = summarizeValidation(cells).map((s) => ({ ...s, row: s.row.id, pairs: s.pairs.map(({ cells: _c, ...p }) => p) }));
      io.out(JSON.stringify({ crawl: CRAWL_DEFINITION, rows: VALIDATION_ROWS, machines: VALIDATION_MACHINES, summaries, totals: validationTotalsByEvidence(summarizeValidation(cells)), cells }));
    } else io.out(formatValidationTable(cells));
    return 0;
  },
};
