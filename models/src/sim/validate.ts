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

/** What the 2016 report says happened, reduced to a checkable class. */
export type Expected = 'completes' | 'oom-kill-swap-free' | 'crawl';

export interface ValidationRow {
  id: string;
  kernel: BaseKernel;
  patches: PatchId[];
  expected: Expected;
  reported: string;
  source: string;
}

export const VALIDATION_ROWS: ValidationRow[] = [
  { id: 'v4.5', kernel: 'v4.5', patches: [], expected: 'completes', reported: 'the test passes', source: 'Ondrej, 5 May 2016 (572B6CB3.10802@redhat.com): OOM "starting with" f9054c70' },
  { id: 'v4.6', kernel: 'v4.6', patches: [], expected: 'oom-kill-swap-free', reported: 'premature OOM kill, ~90% or more of swap free, free memory 0 in every zone', source: 'May 2016 dmesg; Stanislav Kozina 11 Jul (57837CEE.1010609@redhat.com, quoted)' },
  { id: 'v4.7-rc6', kernel: 'v4.7-rc6', patches: [], expected: 'crawl', reported: 'no OOM; crawls for dozens of minutes; kcryptd ~10 req/s in throttle_vm_writeout', source: 'Mikulas 12 Jul (#6); Ondrej 14 Jul (#21)' },
  { id: 'v4.7-rc6+throttle-noretry', kernel: 'v4.7-rc6', patches: ['throttle-noretry'], expected: 'completes', reported: 'no OOM, no livelock; swap fills slowly (tested on rc7)', source: 'Ondrej 14 Jul (e9d8f7bb-2dfb-9da9-266c-1e57c128f1c5@redhat.com)' },
  { id: 'v4.7-rc6+mempool-less-throttle', kernel: 'v4.7-rc6', patches: ['mempool-less-throttle'], expected: 'crawl', reported: 'froze as well (tested on rc7)', source: 'Ondrej 14 Jul (740b17f0-e1bb-b021-e9e1-ad6dcf5f033a@redhat.com)' },
  { id: 'v4.8', kernel: 'v4.8', patches: [], expected: 'completes', reported: 'works in the simple test; occasional throttle_vm_writeout stalls', source: 'Mikulas 3 and 4 Aug 2016' },
  { id: 'v4.9', kernel: 'v4.9', patches: [], expected: 'completes', reported: 'works (throttle_vm_writeout removed)', source: 'bf48438354a7, v4.9-rc1' },
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

export function classify(r: SimResult): Expected | 'oom-kill-other' {
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
          row: row.id, machine: machine.name, seed, expected: row.expected, got, match: got === row.expected, outcome: r.outcome,
          kcryptdReqPerSMedian: r.summary.kcryptdReqPerSMedian, reservesExhausted: r.flags.reservesExhausted,
        };
        if (r.oomKills[0]) cell.swapFreePct = r.oomKills[0].swapFreePct;
        cells.push(cell);
        opts.onCell?.(cell);
      }
  return cells;
}
