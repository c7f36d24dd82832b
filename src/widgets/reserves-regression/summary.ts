import type { SimResult } from '@forward-progress/model/sim/simulate';
import type { RegressionResult } from './compute.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export function runName(r: SimResult): string {
  return [r.scenario.kernel, ...r.scenario.patches.map((p) => `+ ${p}`)].join(' ');
}

/** The lowest free memory each zone reached in a run, KiB. */
export function lowestFree(r: SimResult): { name: string; kib: number }[] {
  return Object.entries(r.series.zones).map(([name, z]) => ({ name, kib: Math.min(...z.freeKiB) }));
}

/** "is OOM-killed at 270.0 s, with 92% of swap still free" and the like, from the run's outcome. */
export function outcomePhrase(r: SimResult): string {
  const o = r.outcome;
  if (o.kind === 'oom-kill') {
    const k = r.oomKills[0]!;
    return `is OOM-killed at ${fmt(o.t, 1)} s, with ${fmt(k.swapFreePct, 0)}% of swap still free`;
  }
  if (o.kind === 'completed') return `finishes the test at ${fmt(o.t, 1)} s`;
  return `has not finished after ${fmt(o.t, 0)} s (its longest wait: ${o.waitSite ?? 'unknown'})`;
}

export function reservesPhrase(r: SimResult): string {
  if (r.flags.reservesExhausted && r.flags.reservesExhaustedAt !== null) return `the reserves hit zero at ${fmt(r.flags.reservesExhaustedAt, 1)} s`;
  return `the reserves never hit zero (lowest free: ${lowestFree(r).map((z) => `${z.name} ${fmt(z.kib)} kB`).join(', ')})`;
}

/** One sentence per run: when (if ever) the reserves hit zero, and how the run ended. */
export function regressionSummary(result: RegressionResult): string {
  const a = result.withCommit, b = result.reverted;
  return `${runName(a)} (with f9054c70): ${reservesPhrase(a)}, and the run ${outcomePhrase(a)}. ` +
    `${runName(b)}, same seed: ${reservesPhrase(b)}, and the run ${outcomePhrase(b)}.`;
}
