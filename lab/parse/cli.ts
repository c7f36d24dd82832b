/**
 * Command line for the lab parser (run with tsx):
 *   tsx lab/parse/cli.ts LOG[.gz]               trace JSON on stdout
 *   tsx lab/parse/cli.ts --trim LOG[.gz]        only the lines the parser reads, on stdout
 *   tsx lab/parse/cli.ts --summary TRACE.json   one line per trace
 *   tsx lab/parse/cli.ts --table TRACE.json...  markdown table of traces
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isParsedLine, parseSerialLog } from './parseSerialLog.js';
import { buildTrace, formatTrace } from './trace.js';
import type { Trace } from './types.js';

export function readLog(path: string): string {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

const n = (x: number | null, digits = 0): string => (x === null ? '-' : x.toFixed(digits));

function row(t: Trace): string[] {
  const res = t.result;
  const m = t.metrics;
  return [
    t.scenario.name, String(t.rep), res.kind, n(res.fillS), n(res.verifyS), n(res.wallS), n(m.peakWritebackKiB),
    n(m.minMemFreeKiB), n(m.maxPsiFullAvg10, 1), n(m.directScanStealRatio, 1), n(res.maxSampleGapS, 1),
    res.oomKills ? `${res.oomKills} (${n(res.swapFreeAtKillKiB)} kB)` : '-',
    t.provenance.hostLoad ? n(t.provenance.hostLoad.qemuCpuPerWall, 2) : '-',
  ];
}
const HEAD = ['scenario', 'rep', 'outcome', 'fill s', 'verify s', 'wall s', 'peak Writeback kB', 'min MemFree kB',
  'max PSI full avg10', 'direct scan/steal', 'max sample gap s', 'OOM kills (SwapFree at kill)', 'QEMU CPU s per wall s'];

function main(argv: string[]): void {
  const [first, ...rest] = argv;
  if (first === '--trim' && rest[0]) {
    process.stdout.write(readLog(rest[0]).split('\n').filter(isParsedLine).join('\n') + '\n');
  } else if (first === '--summary' || first === '--table') {
    const traces = rest.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Trace);
    if (first === '--summary') {
      for (const t of traces) {
        const c = row(t);
        console.log(`${t.run}: ${c[2]} (${t.result.reason}) fill ${c[3]} s, verify ${c[4]} s, wall ${c[5]} s, ` +
          `peak Writeback ${c[6]} kB, min MemFree ${c[7]} kB, max PSI full ${c[8]}, direct scan/steal ${c[9]}, OOM ${c[11]}, QEMU CPU/wall ${c[12]}`);
      }
    } else {
      console.log(`| ${HEAD.join(' | ')} |`);
      console.log(`|${HEAD.map(() => '---').join('|')}|`);
      for (const t of traces) console.log(`| ${row(t).join(' | ')} |`);
    }
  } else if (first && !first.startsWith('--')) {
    const text = readLog(first);
    process.stdout.write(formatTrace(buildTrace(parseSerialLog(text), text)));
  } else {
    console.error('usage: cli.ts LOG[.gz] | --trim LOG[.gz] | --summary TRACE... | --table TRACE...');
    process.exit(2);
  }
}

main(process.argv.slice(2));
