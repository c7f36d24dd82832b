/** The oom-rework widget's sentence: both outcomes, and whether v4.7's retry path ever made the test wait. */
import type { ReworkResult, ReworkRun } from './compute.ts';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

export function runPhrase(r: ReworkRun): string {
  if (r.kill) return `${r.label} is OOM-killed at ${fmt(r.kill.t)} s with ${Math.round(r.kill.swapFreePct)}% of swap free`;
  if (r.kind === 'completed') return `${r.label} completes at ${fmt(r.endT)} s`;
  return `${r.label} is still not done at ${fmt(r.endT)} s`;
}

export function reworkSummary(result: ReworkResult): string {
  const [a, b] = result.runs as [ReworkRun, ReworkRun];
  const retry = b.testStalls.should_reclaim_retry ?? 0;
  const wait = retry > 0
    ? `the test waited ${fmt(retry)} s in should_reclaim_retry`
    : 'the test never waited in should_reclaim_retry';
  const share = b.peakWritebackShare > 1
    ? `2 × writeback rose above the reclaimable pages (peak ${b.peakWritebackShare.toFixed(2)}×)`
    : `2 × writeback stayed below the reclaimable pages (peak ${b.peakWritebackShare.toFixed(2)}×)`;
  return `Seed ${result.seed}: ${runPhrase(a)}; ${runPhrase(b)}. On ${b.kernel}, ${wait}, and ${share}.`;
}
