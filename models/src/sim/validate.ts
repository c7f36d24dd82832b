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

/** Machine sizes the table is checked on: Ondrej's VM and two others. */
export const VALIDATION_MACHINES: { name: string; scenario: string; params: Partial<Params> }[] = [
  { name: '1G/2cpu', scenario: 'ondrej-2016', params: {} },
  { name: '512M/2cpu', scenario: 'small-512', params: {} },
  { name: '2G/4cpu', scenario: 'big-2g-4cpu', params: {} },
];

export const VALIDATION_SEEDS = [1, 2, 3];

/** A completion later than this counts as a crawl ("dozens of minutes"). */
export const CRAWL_AFTER_S = 600;

/** Whether a run's class is what a row expects (a crawl and a completion both have no OOM kill). */
export function matches(expected: Expected, got: ReturnType<typeof classify>): boolean {
  return expected === 'no-oom-kill' ? got === 'completes' || got === 'crawl' : got === expected;
}

export function classify(r: SimResult): Exclude<Expected, 'no-oom-kill'> | 'oom-kill-other' {
  const o = r.outcome;
  if (o.kind === 'oom-kill') return (r.oomKills[0]?.swapFreePct ?? 0) >= 50 ? 'oom-kill-swap-free' : 'oom-kill-other';
  if (o.kind === 'livelock' || o.t >= CRAWL_AFTER_S) return 'crawl';
  return 'completes';
}

export interface ValidationCell {
  row: string;
  machine: string;
  seed: number;
  expected: Expected;
  evidence: Evidence;
  got: string;
  match: boolean;
  outcome: SimResult['outcome'];
  swapFreePct?: number;
  kcryptdReqPerSMedian: number;
  reservesExhausted: boolean;
}

export function validate(opts: { rows?: ValidationRow[]; machines?: typeof VALIDATION_MACHINES; seeds?: number[]; params?: Partial<Params>; onCell?: (c: ValidationCell) => void } = {}): ValidationCell[] {
  const cells: ValidationCell[] = [];
  for (const row of opts.rows ?? VALIDATION_ROWS)
    for (const machine of opts.machines ?? VALIDATION_MACHINES)
      for (const seed of opts.seeds ?? VALIDATION_SEEDS) {
        const { scenario } = resolveScenario({ scenario: machine.scenario, kernel: row.kernel, patches: row.patches, params: { ...machine.params, ...opts.params, seed } });
        const r = simulate(scenario);
        const got = classify(r);
        const cell: ValidationCell = {
          row: row.id, machine: machine.name, seed, expected: row.expected, evidence: row.evidence, got, match: matches(row.expected, got), outcome: r.outcome,
          kcryptdReqPerSMedian: r.summary.kcryptdReqPerSMedian, reservesExhausted: r.flags.reservesExhausted,
        };
        if (r.oomKills[0]) cell.swapFreePct = r.oomKills[0].swapFreePct;
        cells.push(cell);
        opts.onCell?.(cell);
      }
  return cells;
}
