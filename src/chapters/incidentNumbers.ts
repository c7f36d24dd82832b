/**
 * "The incident": what 2016 reported for each kernel (quotes and sources,
 * not model numbers) beside what the model gives for Ondrej's scenario,
 * computed at build time, and whether the two agree.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { describeOutcome } from '@forward-progress/model/report/citation';
import { PARAMS } from '@forward-progress/model/scenario/params';
import { fmt, provenance, run, type RunInput } from './runs.ts';

/** How a model run compares with what was reported. */
export type Agreement = 'agrees' | 'partly' | 'differs';

export interface ReportedRow {
  id: string;
  /** The kernel as 2016 named it. */
  kernel2016: string;
  /** A short name for lists. */
  short: string;
  /** What was seen, in our words. */
  reported: string;
  /** Where it was reported: label and link. */
  sources: { label: string; href: string }[];
  /** The model's stand-in for that kernel. */
  input: RunInput;
  /** Judges the model's run against the report. */
  judge(r: SimResult): { agreement: Agreement; note: string };
}

const lore = (id: string) => `https://lore.kernel.org/linux-mm/${id}/`;
/** "Dozens of minutes": a run that takes this long counts as the crawl 2016 saw. */
const CRAWL_S = 1200;
/** A run this slow crawls, but not for dozens of minutes. */
const SLOW_S = 300;

const completes = (r: SimResult) =>
  r.outcome.kind === 'completed'
    ? { agreement: 'agrees' as const, note: `completes the test (in ${fmt(r.outcome.t)} s), as reported` }
    : { agreement: 'differs' as const, note: r.outcome.kind === 'oom-kill' ? `OOM-kills the test at ${fmt(r.outcome.t)} s, where 2016 saw it pass` : 'does not finish the test by the horizon, where 2016 saw it pass' };

const noOomButSlow = (r: SimResult) => {
  if (r.outcome.kind === 'livelock') return { agreement: 'agrees' as const, note: 'does not kill, and the test is still not done at the horizon' };
  if (r.outcome.kind === 'oom-kill') return { agreement: 'differs' as const, note: `OOM-kills the test at ${fmt(r.outcome.t)} s, where 2016 saw no kill` };
  const min = fmt(r.outcome.t / 60, 1);
  if (r.outcome.t >= CRAWL_S) return { agreement: 'agrees' as const, note: `does not kill; the test crawls to its end in ${min} minutes` };
  if (r.outcome.t >= SLOW_S) return { agreement: 'partly' as const, note: `does not kill, and the test crawls, but it is done in ${min} minutes, not dozens` };
  return { agreement: 'partly' as const, note: `does not kill, as reported, but does not crawl either: the test is done in ${fmt(r.outcome.t)} s` };
};

export const REPORTED: ReportedRow[] = [
  {
    id: 'v4.5', short: 'v4.5', kernel2016: 'v4.5 (before f9054c70)', reported: 'the test passes',
    sources: [{ label: 'Ondrej, 5 May 2016: the kill starts with f9054c70', href: lore('572B6CB3.10802@redhat.com') }],
    input: { kernel: 'v4.5' }, judge: completes,
  },
  {
    id: 'v4.6', short: 'v4.6', kernel2016: 'v4.6 (f9054c70, old OOM detection)',
    reported: 'premature OOM kill with about 90% or more of swap free; free memory 0 kB in every zone',
    sources: [
      { label: 'Ondrej, 5 May 2016 (dmesg)', href: lore('572B6CB3.10802@redhat.com') },
      { label: 'Michal, 12 Jul (free:0kB)', href: lore('20160712064905.GA14586@dhcp22.suse.cz') },
      { label: 'Mikulas, 13 Jul ("On kernel 4.6 …")', href: lore('alpine.LRH.2.02.1607131021410.31769@file01.intranet.prod.int.rdu2.redhat.com') },
    ],
    input: { kernel: 'v4.6' },
    judge: (r) => {
      if (r.outcome.kind !== 'oom-kill') return { agreement: 'differs', note: r.outcome.kind === 'completed' ? `completes the test in ${fmt(r.outcome.t)} s, where 2016 saw a kill` : 'does not kill; the test crawls instead' };
      const kill = r.oomKills[0]!;
      const zero = r.flags.reservesExhausted ? ', and its reserves reach zero first' : ', but its reserves never reach zero';
      return kill.swapFreePct >= 80
        ? { agreement: r.flags.reservesExhausted ? 'agrees' : 'partly', note: `OOM-kills the test at ${fmt(kill.t)} s with ${fmt(kill.swapFreePct)}% of swap free${zero}` }
        : { agreement: 'partly', note: `OOM-kills the test, but with only ${fmt(kill.swapFreePct)}% of swap free` };
    },
  },
  {
    id: 'v4.7-rc6', short: 'v4.7-rc6', kernel2016: 'v4.7-rc6 (f9054c70 and 0a0337e0)',
    reported: 'no OOM kill; the machine crawls for dozens of minutes; kcryptd sleeps 100 ms at a time in throttle_vm_writeout',
    sources: [
      { label: 'Mikulas, 12 Jul ("10 requests per second")', href: lore('alpine.LRH.2.02.1607121907160.24806@file01.intranet.prod.int.rdu2.redhat.com') },
      { label: 'Ondrej, 14 Jul ("dozens minutes")', href: lore('e9d8f7bb-2dfb-9da9-266c-1e57c128f1c5@redhat.com') },
    ],
    input: { kernel: 'v4.7-rc6' }, judge: noOomButSlow,
  },
  {
    id: 'noretry', short: 'the __GFP_NORETRY patch', kernel2016: 'v4.7-rc7 + Mikulas\'s __GFP_NORETRY early return',
    reported: 'no OOM kill, no livelock; swap fills slowly; the system is sluggish',
    sources: [{ label: 'Ondrej, 14 Jul', href: lore('e9d8f7bb-2dfb-9da9-266c-1e57c128f1c5@redhat.com') }],
    input: { kernel: 'v4.7-rc6', patches: ['throttle-noretry'] }, judge: completes,
  },
  {
    id: 'flag-only', short: 'Michal\'s flag-only mempool patch', kernel2016: 'v4.7-rc7 + Michal\'s PF_LESS_THROTTLE in mempool_alloc (14 Jul, flag only)',
    reported: 'froze as well',
    sources: [{ label: 'Ondrej, 14 Jul ("The system froze as well")', href: lore('740b17f0-e1bb-b021-e9e1-ad6dcf5f033a@redhat.com') }],
    input: { kernel: 'v4.7-rc6', patches: ['mempool-less-throttle'] }, judge: noOomButSlow,
  },
  {
    id: 'v4.8', short: 'v4.8', kernel2016: 'v4.8-rc1, stable 4.7.1 / 4.6.7 (f9054c70 reverted)',
    reported: 'works in the simple test; occasional stalls in throttle_vm_writeout',
    sources: [{ label: 'Mikulas, 3 Aug 2016', href: lore('alpine.LRH.2.02.1608030853430.15274@file01.intranet.prod.int.rdu2.redhat.com') }],
    input: { kernel: 'v4.8' }, judge: completes,
  },
  {
    id: 'v4.9', short: 'v4.9', kernel2016: 'v4.9 (throttle_vm_writeout removed)', reported: 'works',
    sources: [{ label: 'Michal\'s removal, 14 Aug 2016', href: lore('1471171473-21418-1-git-send-email-mhocko@kernel.org') }],
    input: { kernel: 'v4.9' }, judge: completes,
  },
];

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
    const { agreement, note } = row.judge(r);
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
const fitted = PARAMS.filter((p) => p.unknown2016 && /sweep/i.test(p.source)).map((p) => p.key);

export const incident = {
  rows,
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
