import { PAGE_KIB } from '@forward-progress/model';
import type { WatermarkResult } from './compute.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

/** One sentence: the biggest zone's marks, and who may go below them. */
export function watermarkSummary(result: WatermarkResult): string {
  const ladder = result.ladders[result.ladders.length - 1]!;
  const z = ladder.zone;
  const atomic = ladder.rungs.find((r) => r.context.id === 'atomic')!;
  return (
    `With min_free_kbytes ${fmt(result.setup.minFreeKbytes)}${result.setup.minFreeKbytesDerived ? ' (derived)' : ''}, ` +
    `${z.name} (${fmt(z.managed)} pages) gets min ${fmt(z.min)}, low ${fmt(z.low)} and high ${fmt(z.high)} pages ` +
    `(${fmt(z.min * PAGE_KIB)}/${fmt(z.low * PAGE_KIB)}/${fmt(z.high * PAGE_KIB)} kB): kswapd wakes below ${fmt(z.low)} free pages and sleeps at ${fmt(z.high)}, ` +
    `ordinary allocations stop at ${fmt(z.min)}, GFP_ATOMIC at ${fmt(atomic.floor)}, and PF_MEMALLOC or TIF_MEMDIE tasks may take every page.`
  );
}
