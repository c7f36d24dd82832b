/**
 * "The incident": what 2016 reported for each kernel (quotes and sources,
 * not model numbers) beside what the model gives for Ondrej's scenario,
 * computed at build time, and whether the two agree.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { describeOutcome } from '@forward-progress/model/report/citation';
import { PARAMS } from '@forward-progress/model/scenario/params';
import { PARAM_SOURCES } from '@forward-progress/model/scenario/paramSources';
import { VALIDATION_ROWS, type Evidence, type Expected, type ValidationRow } from '@forward-progress/model/sim/validate';
import { classifyOutcome } from '@forward-progress/model/sim/outcomeClass';
import { commitUrl, lore } from '../reference/sources.ts';
import { fmt, provenance, run, type RunInput } from './runs.ts';
import { LAB_2016 } from './lab2016Outcomes.ts';
import { stallAt } from '../widgets/throttle-stall/stallBars.ts';

/** How a model run compares with what was reported. */
export type Agreement = 'agrees' | 'partly' | 'differs';

/** One row of the 2016 table (models/src/sim/validate.ts) with its links resolved. */
export interface ReportedRow {
  id: string;
  kernel2016: string;
  short: string;
  reported: string;
  evidence: Evidence;
  machine2016: string;
  basis?: string;
  sources: { label: string; href: string }[];
  input: RunInput;
}

/** A run that completes after this long without crawling (the shared definition) is slow, not the quick completion of a healthy kernel. */
const SLOW_S = 300;

type Judge = (r: SimResult) => { agreement: Agreement; note: string };

const completes: Judge = (r) =>
  r.outcome.kind === 'completed'
    ? { agreement: 'agrees', note: `completes the test (in ${fmt(r.outcome.t)} s)` }
    : { agreement: 'differs', note: r.outcome.kind === 'oom-kill' ? `OOM-kills the test at ${fmt(r.outcome.t)} s, where the row says it passes` : 'does not finish the test by the horizon, where the row says it passes' };

// A crawl is the shared definition of models/src/sim/outcomeClass.ts: kcryptd at a trickle over the last minutes of the run.
const noOomButSlow: Judge = (r) => {
  if (r.outcome.kind === 'oom-kill') return { agreement: 'differs', note: `OOM-kills the test at ${fmt(r.outcome.t)} s, where 2016 saw no kill` };
  const crawls = classifyOutcome(r) === 'crawl';
  if (r.outcome.kind === 'livelock') return crawls
    ? { agreement: 'agrees', note: 'does not kill, and the test crawls: still not done at the horizon, with kcryptd at a trickle' }
    : { agreement: 'partly', note: 'does not kill, and the test is not done at the horizon, but its I/O still flows: slow, not a crawl' };
  const min = fmt(r.outcome.t / 60, 1);
  if (crawls) return { agreement: 'agrees', note: `does not kill; the test crawls to its end in ${min} minutes` };
  if (r.outcome.t >= SLOW_S) return { agreement: 'partly', note: `does not kill, and the test is slow, but it is done in ${min} minutes with its I/O flowing, not crawling for dozens` };
  return { agreement: 'differs', note: `does not kill, as reported, but does not crawl either: the test is done in ${fmt(r.outcome.t)} s, not in dozens of minutes; the model lacks what kept the real kcryptd worker in reclaim` };
};

const noOomKill: Judge = (r) =>
  r.outcome.kind === 'oom-kill'
    ? { agreement: 'differs', note: `OOM-kills the test at ${fmt(r.outcome.t)} s, where the bisection implies no OOM message` }
    : { agreement: 'agrees', note: r.outcome.kind === 'completed' ? `no OOM kill; the test completes in ${fmt(r.outcome.t)} s (the row says nothing about speed)` : 'no OOM kill; the test is still not done at the horizon' };

const prematureKill: Judge = (r) => {
  if (r.outcome.kind !== 'oom-kill') {
    const lab = LAB_2016.v46.froze ? ` (in the project's lab the real 4.6.2 froze without a kill)` : '';
    const what = r.outcome.kind === 'completed'
      ? (classifyOutcome(r) === 'crawl' ? `does not kill: the test crawls to its end in ${fmt(r.outcome.t / 60, 1)} minutes` : r.outcome.t >= SLOW_S ? `does not kill: the test is done in ${fmt(r.outcome.t / 60, 1)} minutes` : `completes the test in ${fmt(r.outcome.t)} s`)
      : 'does not kill; the test is still not done at the horizon';
    return { agreement: 'differs', note: `${what}, where 2016 saw a kill${lab}` };
  }
  const kill = r.oomKills[0]!;
  const zero = r.flags.reservesExhausted ? ', and its reserves reach zero first' : ', but its reserves never reach zero';
  return kill.swapFreePct >= 80
    ? { agreement: r.flags.reservesExhausted ? 'agrees' : 'partly', note: `OOM-kills the test at ${fmt(kill.t)} s with ${fmt(kill.swapFreePct)}% of swap free${zero}` }
    : { agreement: 'partly', note: `OOM-kills the test, but with only ${fmt(kill.swapFreePct)}% of swap free` };
};

const JUDGES: Record<Expected, Judge> = { completes, crawl: noOomButSlow, 'no-oom-kill': noOomKill, 'oom-kill-swap-free': prematureKill };

const sourceHref = (s: ValidationRow['sources'][number]) => (s.messageId ? lore(s.messageId) : commitUrl(s.commit!));

/** The 2016 rows, as the model package states them (one table for the CLI, the Model page and this chapter). */
export const REPORTED: ReportedRow[] = VALIDATION_ROWS.map((row) => ({
  id: row.id, kernel2016: row.kernel2016, short: row.short, reported: row.reported, evidence: row.evidence,
  machine2016: row.machine2016, basis: row.basis,
  sources: row.sources.map((s) => ({ label: s.label, href: sourceHref(s) })),
  input: { kernel: row.kernel, patches: row.patches },
}));

export interface ComparedRow {
  row: ReportedRow;
  model: string;
  kind: SimResult['outcome']['kind'];
  agreement: Agreement;
  note: string;
  command: string;
  query: string;
}

export function compareWithReports(): ComparedRow[] {
  return REPORTED.map((row) => {
    const r = run(row.input);
    const { agreement, note } = JUDGES[VALIDATION_ROWS.find((v) => v.id === row.id)!.expected](r);
    const p = provenance(row.input);
    return { row, model: describeOutcome(r), kind: r.outcome.kind, agreement, note, command: p.command, query: p.query };
  });
}

const rows = compareWithReports();
const base = (id: string) => rows.find((r) => r.row.id === id)!;
const agreeing = rows.filter((r) => r.agreement === 'agrees');
const baseRows = rows.filter((r) => ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8', 'v4.9'].includes(r.row.id));

const kindWords: Record<SimResult['outcome']['kind'], string> = {
  completed: 'completes the test',
  'oom-kill': 'OOM-kills the test',
  livelock: 'is still not done at the horizon',
};

/** "v4.5 and v4.8" from a list of names. */
const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

const v46 = run({ kernel: 'v4.6' });
const v47 = run({ kernel: 'v4.7-rc6' });

/** Unknown-in-2016 parameters whose defaults the model chose by sweeping against the 2016 rows. */
const fitted = PARAMS.filter((p) => p.unknown2016 && /sweep/i.test(PARAM_SOURCES[p.key])).map((p) => p.key);

export const incident = {
  rows,
  reportedCount: rows.filter((r) => r.row.evidence === 'reported').length,
  inferredCount: rows.filter((r) => r.row.evidence === 'inferred').length,
  inferredNames: list(rows.filter((r) => r.row.evidence === 'inferred').map((r) => r.row.short)),
  fitted,
  agreeCount: agreeing.length,
  total: rows.length,
  baseAgreeCount: baseRows.filter((r) => r.agreement === 'agrees').length,
  allAgree: agreeing.length === rows.length,
  disagreeing: list(rows.filter((r) => r.agreement !== 'agrees').map((r) => r.row.short)),
  v46: {
    kind: v46.outcome.kind,
    words: kindWords[v46.outcome.kind],
    killed: v46.outcome.kind === 'oom-kill',
    swapFreePct: v46.oomKills[0] ? fmt(v46.oomKills[0].swapFreePct) : '',
    t: fmt(v46.outcome.t),
    reservesZero: v46.flags.reservesExhausted,
    reservesAt: v46.flags.reservesExhaustedAt === null ? '' : fmt(v46.flags.reservesExhaustedAt, 1),
    /** How a run that is not killed ends: "the test is done in 22.1 minutes" / "the test is still not done at the 30-minute horizon". */
    ending: v46.outcome.kind === 'completed' ? `the test is done in ${fmt(v46.outcome.t / 60, 1)} minutes` : `the test is still not done at the ${fmt(v46.outcome.t / 60)}-minute horizon`,
    /** Seconds the kcryptd workers spend, between them, asleep in throttle_vm_writeout. */
    kcryptdThrottleS: stallAt(v46, 'kcryptd/', 'throttle_vm_writeout'),
    kcryptdThrottle: fmt(stallAt(v46, 'kcryptd/', 'throttle_vm_writeout'), 1),
    agreement: base('v4.6').agreement,
  },
  v47: {
    kind: v47.outcome.kind,
    words: kindWords[v47.outcome.kind],
    t: fmt(v47.outcome.t),
    minutes: fmt(v47.outcome.t / 60),
    agreement: base('v4.7-rc6').agreement,
  },
  v45: { words: kindWords[run({ kernel: 'v4.5' }).outcome.kind], agreement: base('v4.5').agreement },
  horizonMin: fmt(v46.scenario.params.horizonS / 60),
  touchMiB: fmt(v46.scenario.params.touchMiB),
  ramMiB: fmt(v46.scenario.params.ramMiB),
  swapMiB: fmt(v46.scenario.params.swapMiB),
  cpus: fmt(v46.scenario.params.cpus),
  seed: fmt(v46.scenario.params.seed),
};
