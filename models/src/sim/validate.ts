/**
 * The validation target: what 2016 reported (design.md, kernel-facts.md §5),
 * as data, and the model's outcome for each row on several seeds and machine
 * sizes, with one parameter set for every kernel.
 */
import type { BaseKernel } from '../kernel/versions.ts';
import type { PatchId } from '../kernel/patches.ts';
import { resolveScenario } from '../scenario/scenarios.ts';
import type { Params } from '../scenario/params.ts';
import { simulate, type SimResult } from './simulate.ts';
import { afterKillClass, classifyOutcome, lateKcryptdReqPerS, type AfterKillClass, type OutcomeClass } from './outcomeClass.ts';

export { CRAWL_DEFINITION, CRAWL_LATE_S, CRAWL_MAX_REQ_PER_S, type OutcomeClass } from './outcomeClass.ts';

/**
 * What 2016 says happened, reduced to a checkable class. `no-oom-kill` is
 * what an inference from a bisection can say: no OOM message, nothing about
 * speed (a completed run and a crawl both match it).
 */
export type Expected = 'completes' | 'oom-kill-swap-free' | 'crawl' | 'no-oom-kill';

/**
 * How we know what a row says: `reported` rows were seen in 2016 by the named
 * person on the named machine; `inferred` rows were never observed on that
 * kernel and are our conclusion (`basis` says from what). design.md's table
 * "What 2016 reported, and what is only inferred" is the source of this split.
 */
export type Evidence = 'reported' | 'inferred';

export interface ValidationRow {
  id: string;
  kernel: BaseKernel;
  patches: PatchId[];
  expected: Expected;
  evidence: Evidence;
  /** The kernel as 2016 named or built it (the model's base + patches stand in for it). */
  kernel2016: string;
  /** Whose machine the row is about. */
  machine2016: string;
  /** A short name for lists. */
  short: string;
  /** What was seen (reported) or what we conclude (inferred), in our words. */
  reported: string;
  /** For an inferred row: what the inference rests on. */
  basis?: string;
  /** Messages (Message-IDs) and commits that show it, with a label. */
  sources: { label: string; messageId?: string; commit?: string }[];
}

const ONDREJ = "Ondrej's 1 GiB VM";

export const VALIDATION_ROWS: ValidationRow[] = [
  {
    id: 'v4.5', kernel: 'v4.5', patches: [], expected: 'no-oom-kill', evidence: 'inferred', short: 'v4.5',
    kernel2016: 'the parent of f9054c70 (v4.5 stands in)', machine2016: `${ONDREJ} (bisection)`,
    reported: 'no OOM message; nothing is known about speed',
    basis: 'from Ondrej\'s bisection: the OOM message starts with f9054c70. The report he answered (Matthias Dahl, md RAID5 + dm-crypt) saw freezes on 4.4.x and from 4.5-rc3 on',
    sources: [{ label: 'Ondrej, 5 May 2016 (bisection)', messageId: '572B6CB3.10802@redhat.com' }],
  },
  {
    id: 'v4.6', kernel: 'v4.6', patches: [], expected: 'oom-kill-swap-free', evidence: 'reported', short: 'v4.6',
    kernel2016: 'a 4.6-rc build with f9054c70 (the 5 May log); v4.6 (Mikulas, 13 Jul)', machine2016: ONDREJ,
    reported: 'premature OOM kill with 97% of swap free; free 0 kB in DMA and DMA32; about 54 MB under writeback',
    sources: [
      { label: 'Ondrej, 5 May 2016 (dmesg)', messageId: '572B6CB3.10802@redhat.com' },
      { label: 'Michal, 12 Jul (the zone lines)', messageId: '20160712064905.GA14586@dhcp22.suse.cz' },
      { label: 'Mikulas, 13 Jul ("On kernel 4.6 …")', messageId: 'alpine.LRH.2.02.1607131021410.31769@file01.intranet.prod.int.rdu2.redhat.com' },
    ],
  },
  {
    id: 'v4.7-rc6', kernel: 'v4.7-rc6', patches: [], expected: 'crawl', evidence: 'reported', short: 'v4.7-rc6',
    kernel2016: 'v4.7-rc6 (f9054c70 and the OOM rework 0a0337e0)', machine2016: `${ONDREJ}; the trace is Mikulas's`,
    reported: 'no OOM kill; "livelocks for dozens minutes"; a kcryptd worker asleep in throttle_vm_writeout, reached from its clone-bio allocation',
    sources: [
      { label: 'Mikulas, 12 Jul (the trace)', messageId: 'alpine.LRH.2.02.1607121907160.24806@file01.intranet.prod.int.rdu2.redhat.com' },
      { label: 'Ondrej, 14 Jul ("dozens minutes")', messageId: 'e9d8f7bb-2dfb-9da9-266c-1e57c128f1c5@redhat.com' },
    ],
  },
  {
    id: 'v4.7-rc6+throttle-noretry', kernel: 'v4.7-rc6', patches: ['throttle-noretry'], expected: 'completes', evidence: 'reported', short: 'the __GFP_NORETRY patch',
    kernel2016: 'v4.7-rc7 + Mikulas\'s __GFP_NORETRY early return', machine2016: ONDREJ,
    reported: 'no OOM kill, no livelock; "the swap fills slowly as expected"; the system "not much responsive"',
    sources: [{ label: 'Ondrej, 14 Jul', messageId: 'e9d8f7bb-2dfb-9da9-266c-1e57c128f1c5@redhat.com' }],
  },
  {
    id: 'v4.7-rc6+mempool-less-throttle', kernel: 'v4.7-rc6', patches: ['mempool-less-throttle'], expected: 'crawl', evidence: 'reported', short: 'Michal\'s flag-only mempool patch',
    kernel2016: 'v4.7-rc7 + Michal\'s PF_LESS_THROTTLE in mempool_alloc (flag only)', machine2016: ONDREJ,
    reported: '"The system froze as well"',
    sources: [{ label: 'Ondrej, 14 Jul 16:08', messageId: '740b17f0-e1bb-b021-e9e1-ad6dcf5f033a@redhat.com' }],
  },
  {
    id: 'v4.7-rc6+mempool-less-throttle+throttle-skip-less-throttle', kernel: 'v4.7-rc6', patches: ['mempool-less-throttle', 'throttle-skip-less-throttle'],
    expected: 'completes', evidence: 'reported', short: 'the flag with Ondrej\'s early return',
    kernel2016: 'v4.7-rc7 + that flag + Ondrej\'s early return for PF_LESS_THROTTLE in throttle_vm_writeout (the shape of RFC 2/2)', machine2016: ONDREJ,
    reported: 'worked ("Without it it didn\'t work")',
    sources: [{ label: 'Ondrej, 14 Jul 17:25', messageId: '8ada6905-ffd2-46c7-7ca1-861fac7e6264@redhat.com' }],
  },
  {
    id: 'v4.8', kernel: 'v4.8', patches: [], expected: 'completes', evidence: 'reported', short: 'v4.8',
    kernel2016: 'the revert of f9054c70 (v4.8-rc1; stable 4.7.1 and 4.6.7)', machine2016: 'Mikulas\'s machine, not Ondrej\'s',
    reported: 'swapping to dm-crypt "works in the simple example"; occasional stalls in throttle_vm_writeout',
    sources: [
      { label: 'Mikulas, 3 Aug 2016', messageId: 'alpine.LRH.2.02.1608030853430.15274@file01.intranet.prod.int.rdu2.redhat.com' },
      { label: 'Mikulas, 4 Aug (stalls)', messageId: 'alpine.LRH.2.02.1608041439420.21662@file01.intranet.prod.int.rdu2.redhat.com' },
    ],
  },
  {
    id: 'v4.9', kernel: 'v4.9', patches: [], expected: 'completes', evidence: 'inferred', short: 'v4.9',
    kernel2016: 'v4.9 (throttle_vm_writeout removed)', machine2016: 'nobody\'s: no 2016 run on this kernel',
    reported: 'completes, inferred from the v4.8 row',
    basis: 'from the v4.8 row: v4.9 keeps the revert and adds the removal, which Mikulas found "didn\'t have much effect" (3 Aug) and "didn\'t improve overall speed" (4 Aug); the removal posting reports no dm-crypt test',
    sources: [
      { label: 'Mikulas, 3 Aug', messageId: 'alpine.LRH.2.02.1608030853430.15274@file01.intranet.prod.int.rdu2.redhat.com' },
      { label: 'Mikulas, 4 Aug', messageId: 'alpine.LRH.2.02.1608041439420.21662@file01.intranet.prod.int.rdu2.redhat.com' },
      { label: 'the removal, bf48438354a7', commit: 'bf48438354a7' },
    ],
  },
];

/**
 * Machine sizes the table is checked on: the smaller 512 MiB machine (1 GiB
 * swap, 768 MiB touched), Ondrej's VM (1 GiB, 2 GiB swap, 1.5 GiB touched)
 * and 2 GiB with proportionate swap and touch (4 GiB, 3 GiB; 4 CPUs).
 */
export const VALIDATION_MACHINES: { name: string; scenario: string; params: Partial<Params> }[] = [
  { name: '512M/2cpu', scenario: 'small-512', params: {} },
  { name: '1G/2cpu', scenario: 'ondrej-2016', params: {} },
  { name: '2G/4cpu', scenario: 'big-2g-4cpu', params: {} },
];

/** The machine 2016 reported on (Ondrej's VM). */
export const ONDREJ_MACHINE = '1G/2cpu';

/** Seeds every (row, machine) pair runs on. */
export const VALIDATION_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Whether a run's class is what a row expects (`no-oom-kill` matches any run without an OOM kill). */
export function matches(expected: Expected, got: OutcomeClass): boolean {
  if (expected === 'no-oom-kill') return got === 'completes' || got === 'crawl' || got === 'slow';
  return got === expected;
}

/** The class of a run (models/src/sim/outcomeClass.ts has the definitions). */
export const classify = classifyOutcome;

export interface ValidationCell {
  row: string;
  machine: string;
  seed: number;
  expected: Expected;
  evidence: Evidence;
  got: OutcomeClass;
  /** After an OOM kill (the class above): how the run went on (matching looks at the kill only). */
  afterKill?: AfterKillClass;
  match: boolean;
  outcome: SimResult['outcome'];
  swapFreePct?: number;
  kcryptdReqPerSMedian: number;
  /** kcryptd requests per second over the last 5 simulated minutes of the run. */
  lateReqPerS: number;
  reservesExhausted: boolean;
}

/** One run of the table, reduced to what the table shows. */
export function validationCell(row: ValidationRow, machine: string, seed: number, r: SimResult): ValidationCell {
  const got = classify(r);
  const cell: ValidationCell = {
    row: row.id, machine, seed, expected: row.expected, evidence: row.evidence, got, match: matches(row.expected, got), outcome: r.outcome,
    kcryptdReqPerSMedian: r.summary.kcryptdReqPerSMedian, lateReqPerS: Math.round(lateKcryptdReqPerS(r) * 10) / 10, reservesExhausted: r.flags.reservesExhausted,
  };
  if (r.oomKills[0]) {
    cell.swapFreePct = r.oomKills[0].swapFreePct;
    cell.afterKill = afterKillClass(r) ?? undefined;
  }
  return cell;
}

/** The scenario of one cell. */
export function cellScenario(row: ValidationRow, machine: (typeof VALIDATION_MACHINES)[number], seed: number, params: Partial<Params> = {}) {
  return resolveScenario({ scenario: machine.scenario, kernel: row.kernel, patches: row.patches, params: { ...machine.params, ...params, seed } }).scenario;
}

export function validate(opts: { rows?: ValidationRow[]; machines?: typeof VALIDATION_MACHINES; seeds?: number[]; params?: Partial<Params>; onCell?: (c: ValidationCell) => void } = {}): ValidationCell[] {
  const cells: ValidationCell[] = [];
  for (const row of opts.rows ?? VALIDATION_ROWS)
    for (const machine of opts.machines ?? VALIDATION_MACHINES)
      for (const seed of opts.seeds ?? VALIDATION_SEEDS) {
        const cell = validationCell(row, machine.name, seed, simulate(cellScenario(row, machine, seed, opts.params)));
        cells.push(cell);
        opts.onCell?.(cell);
      }
  return cells;
}

/**
 * How a (row, machine) pair fares over its seeds: `holds` on every seed,
 * `boundary` on some (the row sits at a boundary of the model's behaviour,
 * and the seed decides), `fails` on none.
 */
export type PairStatus = 'holds' | 'boundary' | 'fails';

export interface PairSummary {
  machine: string;
  matched: number;
  n: number;
  status: PairStatus;
  /** Median time (s) to the OOM kill or the completion, over the runs that ended in one; null if none did. */
  medianEndS: number | null;
  /** How many runs ended in a kill or a completion (the median's sample). */
  ended: number;
  /** How many runs fell in each class. */
  classes: Partial<Record<OutcomeClass, number>>;
  cells: ValidationCell[];
}

export interface RowSummary {
  row: ValidationRow;
  pairs: PairSummary[];
  matched: number;
  n: number;
  /** e.g. "7/10, 10/10, 3/10", in the order of the machines. */
  distribution: string;
  /** True when the row holds on some seeds but not all on at least one machine. */
  boundary: boolean;
  /** True when most cells of the row match. */
  holdsOnMost: boolean;
  medianEndS: number | null;
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const endedTimes = (cells: readonly ValidationCell[]) =>
  cells.filter((c) => c.got === 'completes' || c.got === 'oom-kill-swap-free' || c.got === 'oom-kill-other').map((c) => c.outcome.t);

export function pairStatus(matched: number, n: number): PairStatus {
  return matched === n ? 'holds' : matched === 0 ? 'fails' : 'boundary';
}

/** Per row (in VALIDATION_ROWS order) and machine (in the order the cells name them): counts, status, medians. */
export function summarizeValidation(cells: readonly ValidationCell[]): RowSummary[] {
  const machines = [...new Set(cells.map((c) => c.machine))];
  const out: RowSummary[] = [];
  for (const row of VALIDATION_ROWS) {
    const rc = cells.filter((c) => c.row === row.id);
    if (!rc.length) continue;
    const pairs = machines.map((machine): PairSummary => {
      const mc = rc.filter((c) => c.machine === machine);
      const matched = mc.filter((c) => c.match).length;
      const classes: Partial<Record<OutcomeClass, number>> = {};
      for (const c of mc) classes[c.got] = (classes[c.got] ?? 0) + 1;
      const ended = endedTimes(mc);
      return { machine, matched, n: mc.length, status: pairStatus(matched, mc.length), medianEndS: median(ended), ended: ended.length, classes, cells: mc };
    });
    const matched = pairs.reduce((a, p) => a + p.matched, 0);
    const n = pairs.reduce((a, p) => a + p.n, 0);
    out.push({
      row, pairs, matched, n,
      distribution: pairs.map((p) => `${p.matched}/${p.n}`).join(', '),
      boundary: pairs.some((p) => p.status === 'boundary'),
      holdsOnMost: matched * 2 > n,
      medianEndS: median(endedTimes(rc)),
    });
  }
  return out;
}

export interface EvidenceTotals {
  rows: number;
  cells: number;
  matched: number;
  /** Rows that hold on every cell, rows at a boundary on some machine, rows that hold nowhere. */
  holding: number;
  boundary: number;
  failing: number;
}

/** Totals for the reported rows and for the inferred rows, apart. */
export function validationTotalsByEvidence(summaries: readonly RowSummary[]): Record<Evidence, EvidenceTotals> {
  const of = (evidence: Evidence): EvidenceTotals => {
    const rs = summaries.filter((s) => s.row.evidence === evidence);
    return {
      rows: rs.length,
      cells: rs.reduce((a, s) => a + s.n, 0),
      matched: rs.reduce((a, s) => a + s.matched, 0),
      holding: rs.filter((s) => s.matched === s.n).length,
      boundary: rs.filter((s) => s.boundary).length,
      failing: rs.filter((s) => s.matched === 0).length,
    };
  };
  return { reported: of('reported'), inferred: of('inferred') };
}
