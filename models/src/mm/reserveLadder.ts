/**
 * How deep each kind of allocation may dig into a zone's free pages: the
 * floor __zone_watermark_ok enforces for it, and the marks where kswapd wakes
 * and goes back to sleep. Built on zoneWatermarkOk, not a second copy of it.
 */
import {
  ALLOC_HARDER, ALLOC_HIGH, ALLOC_NO_WATERMARKS, ALLOC_WMARK_LOW, ALLOC_WMARK_MIN,
} from './flags.ts';
import { zoneWatermarkOk, type ZoneWatermarks } from './watermarks.ts';

export interface AllocationContext {
  id: string;
  /** Who allocates like this, in a few words. */
  label: string;
  /** The alloc_flags the allocator works with for it (see gfp_to_alloc_flags). */
  allocFlags: number;
  /** Which mark the check starts from. */
  mark: 'low' | 'min';
}

/**
 * The contexts the chapters compare, from the fast path's low mark down to
 * ALLOC_NO_WATERMARKS. The flags are what gfp_to_alloc_flags gives each of
 * them in v4.6 (mm/page_alloc.c:3056): __GFP_HIGH → ALLOC_HIGH; GFP_ATOMIC
 * (__GFP_ATOMIC without __GFP_NOMEMALLOC) → also ALLOC_HARDER; PF_MEMALLOC,
 * TIF_MEMDIE or __GFP_MEMALLOC → ALLOC_NO_WATERMARKS unless __GFP_NOMEMALLOC.
 */
export const ALLOCATION_CONTEXTS: AllocationContext[] = [
  { id: 'fast-path', label: 'fast path, any allocation', allocFlags: ALLOC_WMARK_LOW, mark: 'low' },
  { id: 'ordinary', label: 'slow path: GFP_KERNEL, GFP_NOIO', allocFlags: ALLOC_WMARK_MIN, mark: 'min' },
  { id: 'nomemalloc', label: 'PF_MEMALLOC + __GFP_NOMEMALLOC', allocFlags: ALLOC_WMARK_MIN, mark: 'min' },
  { id: 'gfp-high', label: '__GFP_HIGH', allocFlags: ALLOC_WMARK_MIN | ALLOC_HIGH, mark: 'min' },
  { id: 'atomic', label: 'GFP_ATOMIC (HIGH + HARDER)', allocFlags: ALLOC_WMARK_MIN | ALLOC_HIGH | ALLOC_HARDER, mark: 'min' },
  { id: 'memalloc', label: 'PF_MEMALLOC, TIF_MEMDIE', allocFlags: ALLOC_NO_WATERMARKS, mark: 'min' },
];

export interface LadderRung {
  context: AllocationContext;
  /** Free pages the context must leave in the zone (0: it may take them all). */
  floor: number;
  /** The part of the floor that is the zone's own mark, after HIGH/HARDER. */
  markPart: number;
  /** The part that is lowmem_reserve, kept for allocations that could use a higher zone. */
  reservePart: number;
}

export interface ZoneLadder {
  zone: ZoneWatermarks;
  classzoneIdx: number;
  /** kswapd is woken when an allocation finds free below low, and sleeps once free reaches high. */
  kswapdWakesBelow: number;
  kswapdSleepsAt: number;
  rungs: LadderRung[];
}

/**
 * The ladder of every zone for allocations whose highest usable zone is
 * `classzoneIdx` (by default the highest populated zone, as for GFP_KERNEL
 * and GFP_HIGHUSER on x86_64).
 */
export function reserveLadders(zones: readonly ZoneWatermarks[], classzoneIdx = zones.length - 1): ZoneLadder[] {
  return zones.slice(0, classzoneIdx + 1).map((zone) => {
    const reserve = zone.lowmemReserve[classzoneIdx] ?? 0;
    const rungs = ALLOCATION_CONTEXTS.map((context) => {
      if (context.allocFlags & ALLOC_NO_WATERMARKS) return { context, floor: 0, markPart: 0, reservePart: 0 };
      const mark = context.mark === 'low' ? zone.low : zone.min;
      const verdict = zoneWatermarkOk({ free: 0, mark, classzoneIdx, allocFlags: context.allocFlags, lowmemReserve: zone.lowmemReserve });
      return { context, floor: verdict.floor, markPart: verdict.floor - reserve, reservePart: reserve };
    });
    return { zone, classzoneIdx, kswapdWakesBelow: zone.low, kswapdSleepsAt: zone.high, rungs };
  });
}
