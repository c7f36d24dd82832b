/**
 * Reading the v4.6 OOM gate off a run: per zone, pages_scanned against
 * 6 × zone_reclaimable_pages (SimResult.series.zones), the kill and what swap
 * and writeback held at that moment. Shared by the widget and the chapter's
 * numbers, so the prose and the figure say the same thing.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';

export interface ZoneGate {
  zone: string;
  /** Highest pages_scanned ÷ (6 × reclaimable) seen before the run ended or the kill (1 = at the gate). */
  peak: number;
  /** When that peak was sampled (s). */
  peakT: number;
}

export interface GateReading {
  zones: ZoneGate[];
  /** First sample at which every zone was at or past its gate, or null. */
  allPastAt: number | null;
  kill: { t: number; swapFreePct: number; freeKiB: number; swapUsedMiB: number; writebackMiB: number } | null;
}

/** Samples strictly before the kill (the kill frees the victim's pages and resets the counters). */
function lastIndexBefore(r: SimResult, t: number): number {
  let i = r.series.t.length - 1;
  while (i > 0 && r.series.t[i]! >= t) i--;
  return i;
}

export function readGate(r: SimResult): GateReading {
  const s = r.series;
  const kill = r.oomKills[0] ?? null;
  const end = kill ? lastIndexBefore(r, kill.t) : s.t.length - 1;
  const names = Object.keys(s.zones);
  const zones: ZoneGate[] = names.map((zone) => {
    const z = s.zones[zone]!;
    let peak = 0;
    let peakT = 0;
    for (let i = 0; i <= end; i++) {
      const gate = z.reclaimableGate[i]!;
      if (gate <= 0) continue;
      const ratio = z.pagesScanned[i]! / gate;
      if (ratio > peak) { peak = ratio; peakT = s.t[i]!; }
    }
    return { zone, peak, peakT };
  });
  let allPastAt: number | null = null;
  for (let i = 0; i <= end && allPastAt === null; i++) {
    if (names.every((n) => { const z = s.zones[n]!; return z.reclaimableGate[i]! > 0 && z.pagesScanned[i]! >= z.reclaimableGate[i]!; })) allPastAt = s.t[i]!;
  }
  const swapMiB = r.scenario.params.swapMiB;
  return {
    zones,
    allPastAt,
    kill: kill
      ? {
        t: kill.t,
        swapFreePct: kill.swapFreePct,
        freeKiB: kill.freeKiB,
        swapUsedMiB: (swapMiB * (100 - kill.swapFreePct)) / 100,
        writebackMiB: s.writebackKiB[end]! / 1024,
      }
      : null,
  };
}

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString('en-US');
const r2 = (x: number) => (Math.round(x * 100) / 100).toLocaleString('en-US');

/** One sentence on the gate and the kill (or its absence), derived from the run. */
export function gateSentence(r: SimResult): string {
  const g = readGate(r);
  const who = r.scenario.kernel + r.scenario.patches.map((p) => ` +${p}`).join('');
  if (g.kill) {
    return `${who}: OOM kill at ${r1(g.kill.t)} s with ${r1(g.kill.swapFreePct)}% of swap free and ${g.kill.freeKiB.toLocaleString('en-US')} KiB free memory; `
      + `swap in use ${r1(g.kill.swapUsedMiB)} MiB, with ${r1(g.kill.writebackMiB)} MiB still under writeback at the last sample.`;
  }
  const peaks = g.zones.map((z) => `${z.zone} ${r2(z.peak)}×`).join(', ');
  const outcome = r.outcome.kind === 'completed' ? `the test completes at ${r1(r.outcome.t)} s` : `the test is still not done at ${r1(r.outcome.t)} s`;
  const together = g.allPastAt === null
    ? 'never every zone at the same sample'
    : `every zone at the same sample at ${r1(g.allPastAt)} s, but no kill followed`;
  return `${who}: no OOM kill; ${outcome}. pages_scanned peaked at ${peaks} of the gate: ${together}.`;
}
