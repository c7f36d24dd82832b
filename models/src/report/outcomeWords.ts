/**
 * A run's outcome in words: the sentence a citation and a figure's summary
 * give (describeOutcome) and the short form of a legend or a table cell
 * (shortOutcome). Apart from the citation block, so that the model worker,
 * which words its runs' outcomes but never cites them, loads only this.
 */
import type { SimResult } from '../sim/simulate.ts';

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString('en-US');

function topStall(result: SimResult): { site: string; seconds: number } | undefined {
  const bySite = new Map<string, number>();
  for (const sites of Object.values(result.stalls)) for (const [site, s] of Object.entries(sites)) bySite.set(site, (bySite.get(site) ?? 0) + s);
  const [site, seconds] = [...bySite].filter(([s]) => s !== 'cpu' && s !== 'disk').sort((a, b) => b[1] - a[1])[0] ?? [];
  return site === undefined ? undefined : { site, seconds: seconds! };
}

/** The outcome in words, with its key figures. */
export function describeOutcome(result: SimResult): string {
  const o = result.outcome;
  const reserves = result.flags.reservesExhausted ? ` Reserves reached zero at ${r1(result.flags.reservesExhaustedAt!)} s.` : '';
  if (o.kind === 'oom-kill') {
    const kill = result.oomKills[0]!;
    return `OOM kill at ${r1(o.t)} s: ${kill.victim} killed with ${Math.round(kill.swapFreePct)}% of swap free and ${kill.freeKiB.toLocaleString('en-US')} KiB free memory.${reserves}`;
  }
  if (o.kind === 'completed') {
    const stall = topStall(result);
    return `Completed at ${r1(o.t)} s (touched ${Math.round(result.summary.touchedMiB).toLocaleString('en-US')} MiB).` +
      (stall && stall.seconds >= 0.1 ? ` Longest wait site: ${stall.site}, ${r1(stall.seconds)} s in all.` : '') + reserves;
  }
  return `Livelock: not finished after ${r1(o.t)} s (touched ${Math.round(result.summary.touchedMiB).toLocaleString('en-US')} MiB); kcryptd ${r1(result.summary.kcryptdReqPerSMedian)} req/s (median), mostly waiting in ${o.waitSite ?? 'nothing'}.${reserves}`;
}

/** The outcome in a few words: "OOM kill at 570 s, 85% swap free", "completed at 312 s", "livelock, 9.6 req/s". */
export function shortOutcome(result: SimResult): string {
  const o = result.outcome;
  if (o.kind === 'oom-kill') return `OOM kill at ${r1(o.t)} s, ${Math.round(result.oomKills[0]!.swapFreePct)}% swap free`;
  if (o.kind === 'completed') return `completed at ${r1(o.t)} s`;
  return `livelock, ${r1(result.summary.kcryptdReqPerSMedian)} req/s${o.waitSite ? ` in ${o.waitSite}` : ''}`;
}
