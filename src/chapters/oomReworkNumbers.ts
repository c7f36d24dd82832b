/**
 * Every number the "OOM rework" chapter states: the same machine and seeds on
 * v4.6 and v4.7-rc6 (the figure's default settings), the writeback-progress
 * counter on both, the scenario's own v4.7-rc6 run, the model's
 * should_reclaim_retry twin on the 14 July 2016 numbers, and arithmetic on
 * those numbers (quotes, not model output).
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { classifyOutcome } from '@forward-progress/model/sim/outcomeClass';
import { fmt, provenance, run, type RunInput } from './runs.ts';
import { PREMATURE_OOM_DISK } from '../widgets/premature-oom/disk.ts';
import { computeRetrySteps, JULY_14, DMA32_MIN } from '../widgets/retry-steps/compute.ts';
import { defaultValues } from '../widgets/controls.ts';
import { retryControls } from '../widgets/retry-steps/definition.ts';

const SEEDS = [1, 2, 3, 4, 5];
const input = (kernel: string, seed = 1, patches: string[] = []): RunInput => ({ kernel, patches, params: { diskMiBPerS: PREMATURE_OOM_DISK, seed } });

const stallOf = (r: SimResult, task: string, site: string) => r.stalls[task]?.[site] ?? 0;
const retryWait = (r: SimResult) => Object.values(r.stalls).reduce((s, sites) => s + (sites.should_reclaim_retry ?? 0), 0);
const phrase = (r: SimResult) => {
  if (r.outcome.kind === 'oom-kill') return `is OOM-killed at ${fmt(r.outcome.t, 1)} s with ${fmt(r.oomKills[0]!.swapFreePct, 1)}% of swap free`;
  if (r.outcome.kind === 'completed') return `completes in ${fmt(r.outcome.t, 1)} s`;
  return `is still not done after ${fmt(r.outcome.t, 0)} s`;
};

const v46 = run(input('v4.6'));
const v47 = run(input('v4.7-rc6'));
const v46Seeds = SEEDS.map((s) => run(input('v4.6', s)));
const v47Seeds = SEEDS.map((s) => run(input('v4.7-rc6', s)));
const v46CounterSeeds = SEEDS.map((s) => run(input('v4.6', s, ['oom-writeback-progress'])));
const scenario47Input: RunInput = { kernel: 'v4.7-rc6' };
const scenario47 = run(scenario47Input);
const kills = (rs: SimResult[]) => rs.filter((r) => r.outcome.kind === 'oom-kill').length;

/** 2·(writeback + dirty) ÷ reclaimable over a run (global counts: anon + swap cache + writeback + file). */
function peakShare(r: SimResult): number {
  const s = r.series;
  let peak = 0;
  for (let i = 0; i < s.t.length; i++) {
    const rec = s.anonKiB[i]! + s.swapCacheKiB[i]! + s.writebackKiB[i]! + s.fileKiB[i]!;
    if (rec > 0) peak = Math.max(peak, (2 * s.writebackKiB[i]!) / rec);
  }
  return peak;
}

/** Where the test program waited longest on a run (CPU left out). */
function topTestSite(r: SimResult): { site: string; s: number } {
  const e = Object.entries(r.stalls.test ?? {}).filter(([k]) => k !== 'cpu' && k !== 'idle').sort((a, b) => b[1] - a[1])[0];
  return e ? { site: e[0], s: e[1] } : { site: 'nothing', s: 0 };
}

const july = computeRetrySteps(defaultValues(retryControls));
const row = (loop: number) => july.rows.find((r) => r.loop === loop)!;

export const o = {
  fmt,
  disk: PREMATURE_OOM_DISK,
  pair: {
    v46: phrase(v46),
    v46Killed: v46.outcome.kind === 'oom-kill',
    v47: phrase(v47),
    v47Killed: v47.outcome.kind === 'oom-kill',
    v47RetryWaitS: fmt(retryWait(v47), 1),
    v47RetryWaited: retryWait(v47) > 0,
    /** should_reclaim_retry over the whole run, from the model's series. */
    v47RetryChecks: fmt(v47.series.retryChecks.reduce((a, b) => a + b, 0)),
    v47MaxLoops: fmt(Math.max(0, ...v47.series.noProgressLoops)),
    v47GiveUps: fmt(v47.series.retryGiveUps.reduce((a, b) => a + b, 0)),
    v47DirectReclaimS: fmt(stallOf(v47, 'test', 'throttle_direct_reclaim'), 1),
    v47ThrottleS: fmt(stallOf(v47, 'test', 'throttle_vm_writeout'), 1),
    v47TopSite: topTestSite(v47).site,
    v47TopS: fmt(topTestSite(v47).s, 1),
    v47Crawl: classifyOutcome(v47) === 'crawl',
    v47Minutes: fmt(v47.outcome.t / 60, 0),
    v47PeakShare: fmt(peakShare(v47), 2),
    v47ShareAbove: peakShare(v47) > 1,
    v46KcryptdIffS: fmt((stallOf(v46, 'kcryptd/0', 'wait_iff_congested') + stallOf(v46, 'kcryptd/1', 'wait_iff_congested')) / 2, 1),
    v47KcryptdIffS: fmt((stallOf(v47, 'kcryptd/0', 'wait_iff_congested') + stallOf(v47, 'kcryptd/1', 'wait_iff_congested')) / 2, 1),
    prov46: provenance(input('v4.6')),
    prov47: provenance(input('v4.7-rc6')),
  },
  seeds: {
    n: SEEDS.length,
    v46Killed: kills(v46Seeds),
    v47Killed: kills(v47Seeds),
    v47RetryWaitS: fmt(v47Seeds.reduce((s, r) => s + retryWait(r), 0), 1),
    v47RetryWaited: v47Seeds.some((r) => retryWait(r) > 0),
    counterKilled: kills(v46CounterSeeds),
    /** How the slowest of those runs ended ("completes in …", "is still not done after …"). */
    counterSlowest: phrase(v46CounterSeeds.reduce((a, b) => (b.outcome.t > a.outcome.t ? b : a))),
  },
  scenario47: { phrase: phrase(scenario47), retryWaitS: fmt(retryWait(scenario47), 1), prov: provenance(scenario47Input) },
  july: {
    free: fmt(JULY_14.free),
    reclaimable: fmt(JULY_14.reclaimable),
    writeback: fmt(JULY_14.writeback),
    twice: fmt(2 * (JULY_14.writeback + JULY_14.dirty)),
    dominates: 2 * (JULY_14.writeback + JULY_14.dirty) > JULY_14.reclaimable,
    min: fmt(DMA32_MIN),
    givesUpAt: july.givesUpAt,
    at0: fmt(row(0).available),
    at8: fmt(row(8).available),
    at15: fmt(row(15).available),
    at16: fmt(row(16).available),
    verdict0: row(0).verdict,
  },
};
