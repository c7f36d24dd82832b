/**
 * A zone's page counters and the two primitives every path goes through:
 * taking a page (buffered_rmqueue: the per-cpu list first, refilled a batch at
 * a time from the buddy lists) and freeing one (free_hot_cold_page: onto the
 * per-cpu list; when it overflows, a batch drains to the buddy lists and
 * NR_PAGES_SCANNED is reset — free_pcppages_bulk).
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L836
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L2204
 */
import type { ZoneWatermarks } from './watermarks.ts';
import { ALLOC_HARDER, ALLOC_HIGH, ALLOC_NO_WATERMARKS, ALLOC_WMARK_MASK } from './flags.ts';

export interface Zone {
  name: string;
  idx: number;
  managed: number;
  min: number;
  low: number;
  high: number;
  lowmemReserve: number[];
  /** NR_FREE_PAGES: pages on the buddy lists. */
  free: number;
  /** Free pages parked on the per-cpu lists (not in NR_FREE_PAGES). */
  pcp: number;
  /** Anonymous pages of the test, resident, not yet in swap. */
  anon: number;
  /**
   * Of `anon`, the pages whose pte has been accessed since they were last aged
   * (shrink_active_list): faulted in and not yet aged. page_referenced finds
   * them referenced (and test-and-clears the young bit) at their next aging.
   * Kept ≤ `anon` (a page leaving the LRU takes its young bit with it).
   */
  anonYoung: number;
  /**
   * Of `anon`, the pages on the inactive anon list: deactivated by
   * shrink_active_list and not yet paged out. The rest of `anon` is on the
   * active list (where every faulted page starts, and where the young ones
   * are). Kept ≤ `anon`; `anonYoung` ≤ `anon` − `anonInactive`.
   */
  anonInactive: number;
  /**
   * Where a scan of the inactive anon list stands between its resident and
   * its written-back pages (shrinkList.ts residentMet): the fraction of a
   * resident page that earlier batches passed over. In [0, 1).
   */
  anonScanCarry: number;
  /** Anonymous pages under writeback to swap (NR_WRITEBACK), all on the inactive anon list. */
  anonWb: number;
  /** Anonymous pages in the swap cache, written and clean, at the tail of the inactive anon list: reclaim frees them. */
  swapClean: number;
  /** Pages isolated from the LRU by a reclaimer that is still working on its batch. */
  isolated: number;
  /**
   * File pages on the LRU (the working set of the running system: mapped and
   * referenced, so reclaim activates them and never frees them; vmscan.ts).
   */
  file: number;
  /** Of `file`, the pages on the active file list (the rest are on the inactive list). */
  activeFile: number;
  /**
   * Of the inactive file pages, those that are clean and unreferenced (a page
   * cache page nothing has touched since it was read): shrink_page_list frees
   * them, with or without __GFP_IO. No scenario has any (see vmscan.ts); 0.
   */
  fileCold: number;
  /** Slab pages of the bio, dm_io and dm tio caches. */
  slab: number;
  /** dm-crypt ciphertext pages: in the page_pool or in flight. */
  crypt: number;
  /** Other kernel memory, fixed. */
  other: number;
  /** NR_PAGES_SCANNED (the v4.6 OOM gate). */
  pagesScanned: number;
  /** ZONE_WRITEBACK (v4.8: PGDAT_WRITEBACK): a batch reclaim isolated was all under writeback. */
  writebackFlag: boolean;
  /** NR_ISOLATED_ANON, NR_ISOLATED_FILE: pages taken off the LRU by reclaimers still working on their batch (too_many_isolated). */
  nrIsolated: [number, number];
  /** The lruvec's reclaim_stat (v4.8: kept on the node's highest zone; scanCount.ts). */
  stat: ReclaimStat;
}

/**
 * zone_reclaim_stat: pages scanned on the anon [0] and file [1] lists, and of
 * them the ones found referenced (rotated), as floating averages that
 * get_scan_count halves.
 */
export interface ReclaimStat {
  recentScanned: [number, number];
  recentRotated: [number, number];
}

/** Per-cpu list size and batch (zone_batchsize for a zone of this size, all CPUs merged into one list). */
export interface PcpConfig {
  high: number;
  batch: number;
}

export function makeZone(wm: ZoneWatermarks, idx: number): Zone {
  return {
    name: wm.name, idx, managed: wm.managed, min: wm.min, low: wm.low, high: wm.high, lowmemReserve: wm.lowmemReserve,
    free: wm.managed, pcp: 0, anon: 0, anonYoung: 0, anonInactive: 0, anonScanCarry: 0, anonWb: 0, swapClean: 0, isolated: 0, file: 0, activeFile: 0, fileCold: 0, slab: 0, crypt: 0, other: 0,
    pagesScanned: 0, writebackFlag: false, nrIsolated: [0, 0], stat: { recentScanned: [0, 0], recentRotated: [0, 0] },
  };
}

/** The mark an alloc_flags value asks for. */
export function markFor(z: Zone, allocFlags: number): number {
  const w = allocFlags & ALLOC_WMARK_MASK;
  return w === 0 ? z.min : w === 1 ? z.low : z.high;
}

/**
 * __zone_watermark_ok for order 0, without a trace: the hot path. Same rule as
 * zoneWatermarkOk in watermarks.ts (a test checks they agree).
 */
export function watermarkOk(free: number, mark: number, classzoneIdx: number, allocFlags: number, lowmemReserve: readonly number[]): boolean {
  let min = mark;
  if (allocFlags & ALLOC_HIGH) min -= Math.floor(min / 2);
  if (allocFlags & ALLOC_HARDER) min -= Math.floor(min / 4);
  return free > min + (lowmemReserve[classzoneIdx] ?? 0);
}

/** get_page_from_freelist for order 0: the first zone of the zonelist (highest first) that passes. Returns its index or -1. */
export function getPageFromFreelist(zones: Zone[], allocFlags: number, pcp: PcpConfig): number {
  const classzone = zones.length - 1;
  for (let i = classzone; i >= 0; i--) {
    const z = zones[i]!;
    if (!(allocFlags & ALLOC_NO_WATERMARKS) && !watermarkOk(z.free, markFor(z, allocFlags), classzone, allocFlags, z.lowmemReserve)) continue;
    if (takePage(z, pcp)) return i;
  }
  return -1;
}

/** rmqueue of one order-0 page: from the per-cpu list, refilled from the buddy lists. */
export function takePage(z: Zone, pcp: PcpConfig): boolean {
  if (z.pcp === 0) {
    const n = Math.min(pcp.batch, z.free);
    z.free -= n;
    z.pcp += n;
  }
  if (z.pcp === 0) return false;
  z.pcp--;
  return true;
}

/** free_hot_cold_page: onto the per-cpu list; a full list drains a batch to the buddy lists and resets pages_scanned. */
export function freePage(z: Zone, pcp: PcpConfig): void {
  z.pcp++;
  if (z.pcp >= pcp.high) {
    z.pcp -= pcp.batch;
    z.free += pcp.batch;
    z.pagesScanned = 0;
  }
}

/** Frees n pages at once (same rule, batched). */
export function freePages(z: Zone, n: number, pcp: PcpConfig): void {
  if (n <= 0) return;
  z.pcp += n;
  if (z.pcp >= pcp.high) {
    const drained = Math.min(z.pcp, Math.floor((z.pcp - pcp.high) / pcp.batch + 1) * pcp.batch);
    z.pcp -= drained;
    z.free += drained;
    z.pagesScanned = 0;
  }
}

/**
 * n resident anonymous pages of zone z leave the LRU for good (a task exits,
 * the OOM reaper unmaps its victim). SIMPLIFICATION: the LRU keeps no owners,
 * so which list the pages were on is not known: they are taken from the
 * inactive and the active list in proportion to the lists' resident pages,
 * and the young ones from the active part in proportion too. Returns nothing:
 * the caller frees the pages.
 */
export function removeResidentAnon(z: Zone, n: number): void {
  if (n <= 0) return;
  const inactive = z.anon > 0 ? Math.min(z.anonInactive, Math.round((n * z.anonInactive) / z.anon)) : 0;
  const active = z.anon - z.anonInactive;
  const fromActive = n - inactive;
  const young = active > 0 ? Math.min(z.anonYoung, Math.round((fromActive * z.anonYoung) / active)) : 0;
  z.anon -= n;
  z.anonInactive -= inactive;
  z.anonYoung -= young;
  // The rounding above may leave one young page too many on a list that lost its last pages.
  if (z.anonYoung > z.anon - z.anonInactive) z.anonYoung = z.anon - z.anonInactive;
}

/** zone_reclaimable_pages: file LRU, plus anon LRU when swap has room. */
export function zoneReclaimablePages(z: Zone, swapAvailable: boolean): number {
  return z.file + (swapAvailable ? z.anon + z.anonWb + z.swapClean : 0);
}

/** Pages of the zone in use or free; equals managed at every instant. */
export function zoneTotal(z: Zone): number {
  return z.free + z.pcp + z.anon + z.anonWb + z.swapClean + z.isolated + z.file + z.slab + z.crypt + z.other;
}

/**
 * drain_all_pages(NULL) as the model keeps the per-cpu lists (one list per
 * zone, all CPUs merged): every non-empty list goes back to the buddy lists
 * through free_pcppages_bulk, which zeroes NR_PAGES_SCANNED: the zone's in
 * v4.6 and v4.7, the node's in v4.8 (perNode: the model then zeroes the
 * counters of every zone of the node).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L2098 (free_pcppages_bulk L827, reset L836)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L2305 (L1077)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L2302 (L1069)
 */
export function drainAllPages(zones: Zone[], perNode: boolean): void {
  let any = false;
  for (const z of zones) {
    if (z.pcp === 0) continue;
    z.free += z.pcp;
    z.pcp = 0;
    z.pagesScanned = 0;
    any = true;
  }
  if (perNode && any) for (const z of zones) z.pagesScanned = 0;
}
