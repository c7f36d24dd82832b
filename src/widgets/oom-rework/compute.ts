/**
 * The same machine and seed on v4.6 (did_some_progress + zone_reclaimable)
 * and v4.7-rc6 (0a0337e0's should_reclaim_retry), optionally both with the
 * writeback-progress counter. Each run is reduced to what the figure draws:
 * free memory, 2 × pages under writeback against the reclaimable pages (the
 * test ede37713 added), kcryptd's rate, and where the test program waited.
 */
import { MODEL_NAME, MODEL_VERSION, type SimResult } from '@forward-progress/model/sim/simulate';
import { computeFromPlan, definePlan } from '../sim/runPlan.ts';
import { describeOutcome, shortOutcome } from '@forward-progress/model/report/outcomeWords';
import { reproduceCommand, scenarioId, scenarioToQuery } from '@forward-progress/model/scenario/codec';
import type { ControlValues } from '../controls.ts';
import { decimate } from '../sim/runFigure.ts';
import { scenarioFromValues } from '../sim/scenario.ts';

export const REWORK_KERNELS = ['v4.6', 'v4.7-rc6'] as const;
/** Wait sites of the test program shown for both kernels, in this order (0 s included: an absence is a result). */
export const TEST_SITES = ['should_reclaim_retry', 'wait_iff_congested', 'throttle_direct_reclaim', 'throttle_vm_writeout', 'mempool_alloc'] as const;

export interface ReworkRun {
  kernel: string;
  label: string;
  kind: SimResult['outcome']['kind'];
  endT: number;
  outcome: string;
  /** The outcome in a comparison's words (shortOutcome). */
  short: string;
  kill: { t: number; swapFreePct: number } | null;
  t: number[];
  freeMiB: number[];
  /** 2 × (pages under writeback), MiB: the left side of the congestion_wait test (no dirty file pages in this workload). */
  twiceWritebackMiB: number[];
  /** Anon + swap cache + writeback + file pages, MiB: zone_reclaimable_pages summed over the zones, swap available. */
  reclaimableMiB: number[];
  kcryptdReqPerS: number[];
  /** The largest no_progress_loops should_reclaim_retry saw in each interval (v4.7+; v4.6 has no such count). */
  noProgressLoops: number[];
  /** Seconds the test program waited at each of TEST_SITES. */
  testStalls: Record<string, number>;
  /** Largest 2·writeback ÷ reclaimable over the run. */
  peakWritebackShare: number;
  query: string;
  command: string;
  scenarioId: string;
}

export interface ReworkResult {
  runs: ReworkRun[];
  xMax: number;
  counter: boolean;
  seed: number;
  model: string;
}

const POINTS = 200;
const r1 = (x: number) => Math.round(x * 10) / 10;

export function reduceReworkRun(r: SimResult): ReworkRun {
  const s = r.series;
  const reclaimable = (i: number) => (s.anonKiB[i]! + s.swapCacheKiB[i]! + s.writebackKiB[i]! + s.fileKiB[i]!) / 1024;
  const n = s.t.length;
  const keep = new Set([
    ...decimate(n, (i) => s.freeKiB[i]!, POINTS / 2),
    ...decimate(n, (i) => s.writebackKiB[i]!, POINTS / 2),
    ...decimate(n, (i) => s.kcryptdReqPerS[i]!, POINTS / 2),
  ]);
  const idx = [...keep].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const rec = reclaimable(i);
    if (rec > 0) peak = Math.max(peak, (2 * s.writebackKiB[i]! / 1024) / rec);
  }
  const test = r.stalls.test ?? {};
  const kill = r.oomKills[0];
  return {
    kernel: r.scenario.kernel,
    label: [r.scenario.kernel, ...r.scenario.patches.map((p) => `+${p}`)].join(' '),
    kind: r.outcome.kind,
    endT: r.outcome.t,
    outcome: describeOutcome(r),
    short: shortOutcome(r),
    kill: kill ? { t: kill.t, swapFreePct: kill.swapFreePct } : null,
    t: idx.map((i) => s.t[i]!),
    freeMiB: idx.map((i) => r1(s.freeKiB[i]! / 1024)),
    twiceWritebackMiB: idx.map((i) => r1((2 * s.writebackKiB[i]!) / 1024)),
    reclaimableMiB: idx.map((i) => r1(reclaimable(i))),
    kcryptdReqPerS: idx.map((i) => Math.round(s.kcryptdReqPerS[i]!)),
    noProgressLoops: idx.map((i) => s.noProgressLoops[i]!),
    testStalls: Object.fromEntries(TEST_SITES.map((site) => [site, test[site] ?? 0])),
    peakWritebackShare: Math.round(peak * 1000) / 1000,
    query: scenarioToQuery(r.scenario),
    command: reproduceCommand(r.scenario),
    scenarioId: scenarioId(r.scenario, r.model.version),
  };
}

/** The scenario of one kernel of the pair, from the widget's values. */
export function reworkScenarioValues(values: ControlValues, kernel: string): ControlValues {
  const { counter, ...rest } = values;
  return { ...rest, kernel, patch: counter ? 'oom-writeback-progress' : '' };
}

/** v4.6 and v4.7-rc6 on the reader's seed and machine: one run each, reduced to what the figure draws. */
export const reworkPlan = definePlan<ReworkResult, ReworkRun>({
  scenarios: (values) => REWORK_KERNELS.map((kernel) => scenarioFromValues({}, reworkScenarioValues(values, kernel))),
  keep: reduceReworkRun,
  join: (values, runs) => ({
    runs,
    xMax: Math.max(1, ...runs.map((r) => r.endT)),
    counter: Boolean(values.counter),
    seed: Number(values.seed),
    model: `${MODEL_NAME} ${MODEL_VERSION}`,
  }),
});

export const computeRework = computeFromPlan(reworkPlan);
