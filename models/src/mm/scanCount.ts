/**
 * get_scan_count: how many pages of each LRU list one shrink_zone_memcg
 * (v4.8: shrink_node_memcg) pass scans, and the list-balance tests it and its
 * caller use (inactive_list_is_low, the reclaim_stat floating averages).
 *
 * The lists are the model's counts (zone.ts): the anon LRU is `anon` with
 * `anonInactive` of it on the inactive list, with the pages under writeback
 * and the clean swap cache; the file LRU is `file` with `activeFile` of it on
 * the active list. The lruvec is the zone's in v4.6 and v4.7 and the
 * node's in v4.8 (a reclaim unit of several zones: sizes, free pages and high
 * marks are summed over it, as 4.8 sums them over the node).
 */
import { step, type TwinCtx } from '../runtime/trace.ts';
import { ref, type Tree } from '../kernel/refs.ts';
import type { ReclaimStat, Zone } from './zone.ts';

export const SWAP_CLUSTER_MAX = 32;
export const DEF_PRIORITY = 12;

export interface ScanControl {
  gfp: number;
  nrToReclaim: number;
  priority: number;
  mayThrash: boolean;
  nrReclaimed: number;
  nrScanned: number;
  kswapd: boolean;
}

/**
 * calculate_zone_inactive_ratio: the anon LRU is kept at 1 : ratio inactive :
 * active, ratio = int_sqrt(10 · zone GiB), 1 below 1 GiB.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L6418
 */
export function inactiveRatio(z: { managed: number }): number {
  const gb = z.managed >> 18;
  if (!gb) return 1;
  // int_sqrt(10 · gb) depends on gb alone: computed once per size (the hot paths ask for it per zone per batch).
  let r = RATIO_BY_GB[gb];
  if (r === undefined) RATIO_BY_GB[gb] = r = Math.floor(Math.sqrt(10 * gb));
  return r;
}

const RATIO_BY_GB: number[] = [];

/** The lists in the kernel's order (for_each_evictable_lru): inactive anon, active anon, inactive file, active file. */
export const LRU_INACTIVE_ANON = 0;
export const LRU_ACTIVE_ANON = 1;
export const LRU_INACTIVE_FILE = 2;
export const LRU_ACTIVE_FILE = 3;

export type ScanBalance = 'SCAN_EQUAL' | 'SCAN_FRACT' | 'SCAN_ANON' | 'SCAN_FILE';

/** What get_scan_count reads, as plain numbers (a test gives them directly). */
export interface ScanCountInput {
  /** Sizes of the four lists, in the kernel's order. */
  lru: readonly [number, number, number, number];
  /** NR_FREE_PAGES of the zone (v4.8: summed over the node's zones). */
  free: number;
  /** high_wmark_pages of the zone (v4.8: summed over the node's managed zones). */
  high: number;
  /** Free swap pages (mem_cgroup_get_nr_swap_pages: the global count, no swap controller). */
  freeSwap: number;
  swappiness: number;
  priority: number;
  kswapd: boolean;
  /** zone_reclaimable (v4.8: pgdat_reclaimable), read only by kswapd for force_scan. */
  reclaimable: boolean;
  /** The lruvec's reclaim_stat; get_scan_count halves it when it is old (SCAN_FRACT only). */
  stat: ReclaimStat;
}

/**
 * The lruvec's list sizes as the model keeps them: inactive anon (deactivated
 * resident pages, pages under writeback, clean swap cache), active anon (the
 * other resident pages), and the file lists as counted. Filled into `out` (no
 * allocation on the hot path).
 */
export function lruSizes(unit: readonly Zone[], out: number[]): void {
  let ia = 0, aa = 0, inf = 0, af = 0;
  for (let i = 0; i < unit.length; i++) {
    const z = unit[i]!;
    ia += z.anonInactive + z.anonWb + z.swapClean;
    aa += z.anon - z.anonInactive;
    inf += z.file - z.activeFile;
    af += z.activeFile;
  }
  out[LRU_INACTIVE_ANON] = ia;
  out[LRU_ACTIVE_ANON] = aa;
  out[LRU_INACTIVE_FILE] = inf;
  out[LRU_ACTIVE_FILE] = af;
}

/**
 * inactive_list_is_low for the file list: v4.6 inactive_file_is_low (active >
 * inactive); v4.7 and v4.8 inactive_list_is_low(file) (inactive × ratio <
 * active, ratio = int_sqrt(10 × list GiB), 1 below a GiB). v4.8 also leaves
 * out the zones above the allocation's reclaim_idx; every reclaimer of the
 * model may use every zone, so none is left out.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1921
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L1891
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2010
 */
export function inactiveFileIsLow(tree: Tree, inactive: number, active: number): boolean {
  if (tree === 'v4.6') return active > inactive;
  const gb = (inactive + active) >> 18;
  const ratio = gb ? Math.floor(Math.sqrt(10 * gb)) : 1;
  return inactive * ratio < active;
}

/**
 * inactive_list_is_low for the anon list: never without swap (total_swap_pages);
 * else inactive × ratio < active. v4.6 (inactive_anon_is_low_global) takes
 * the zone's inactive_ratio (calculate_zone_inactive_ratio: int_sqrt(10 ×
 * zone GiB)), as a kernel without CONFIG_MEMCG does (the lab's 2016 builds);
 * with memcg the ratio comes from the lists' own size, as in v4.7 and v4.8
 * (int_sqrt(10 × list GiB), 1 below a GiB) — the same ratio, 1, on every zone
 * below a GiB. v4.8 also leaves out the zones above the allocation's
 * reclaim_idx; every reclaimer of the model may use every zone.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1886 (global L1869; ratio page_alloc.c L6418)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L1891
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2010
 */
export function inactiveAnonIsLow(tree: Tree, swapTotal: number, inactive: number, active: number, zoneRatio: number): boolean {
  if (swapTotal <= 0) return false;
  let ratio = zoneRatio;
  if (tree !== 'v4.6') {
    const gb = (inactive + active) >> 18;
    ratio = gb ? Math.floor(Math.sqrt(10 * gb)) : 1;
  }
  return inactive * ratio < active;
}

/**
 * get_scan_count. Fills nr[0..3] (the pages to scan of each list, in the
 * kernel's order) and returns the balance it chose:
 *  - no free swap → SCAN_FILE (4.6:2006);
 *  - priority 0 with swappiness → SCAN_EQUAL (4.6:2028);
 *  - file + free ≤ high → SCAN_ANON (the "cache trap", 4.6:2050; v4.8 sums
 *    the node's free pages and every zone's high mark, 4.8:2180);
 *  - inactive file not low and inactive_file >> priority > 0 → SCAN_FILE
 *    (4.6:2067);
 *  - else SCAN_FRACT: anon_prio = swappiness, file_prio = 200 − swappiness,
 *    each weighted by (recent_scanned + 1) / (recent_rotated + 1) after the
 *    halving of an average older than a quarter of its LRU (4.6:2071–2115).
 * Then each list: size >> priority, scaled by the balance; a kswapd pass on a
 * zone that is no longer zone_reclaimable scans at least
 * min(size, SWAP_CLUSTER_MAX) when the first pass found nothing (force_scan).
 * The memcg-only branches (a memcg target, memcg swappiness 0, an offline
 * memcg) never apply: the model reclaims globally, root memcg only.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1968
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L1945
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2088
 */
export function getScanCount(ctx: TwinCtx & { tree: Tree }, v: ScanCountInput, nr: number[]): ScanBalance {
  const lru = v.lru;
  const forceScan = v.kswapd && !v.reclaimable;
  let balance: ScanBalance;
  let fractionAnon = 0, fractionFile = 0, denominator = 1;
  if (v.freeSwap <= 0) {
    balance = 'SCAN_FILE';
    if (ctx.trace) step(ctx, ref(ctx.tree, 'gscNoSwap'), 'no free swap: scan the file lists only (SCAN_FILE)');
  } else if (v.priority === 0 && v.swappiness) {
    balance = 'SCAN_EQUAL';
    if (ctx.trace) step(ctx, ref(ctx.tree, 'gscEqual'), 'priority 0: scan anon and file by size alone (SCAN_EQUAL)');
  } else if (lru[LRU_INACTIVE_FILE] + lru[LRU_ACTIVE_FILE] + v.free <= v.high) {
    balance = 'SCAN_ANON';
    if (ctx.trace) step(ctx, ref(ctx.tree, 'gscAnon'), `file ${lru[LRU_INACTIVE_FILE] + lru[LRU_ACTIVE_FILE]} + free ${v.free} ≤ high ${v.high}: scan anon only (SCAN_ANON)`);
  } else if (!inactiveFileIsLow(ctx.tree, lru[LRU_INACTIVE_FILE], lru[LRU_ACTIVE_FILE]) && lru[LRU_INACTIVE_FILE] >> v.priority) {
    balance = 'SCAN_FILE';
    if (ctx.trace) step(ctx, ref(ctx.tree, 'gscFile'), `inactive file ${lru[LRU_INACTIVE_FILE]} is not low and has pages to scan at priority ${v.priority}: scan file only (SCAN_FILE)`);
  } else {
    balance = 'SCAN_FRACT';
    const s = v.stat;
    const anon = lru[LRU_INACTIVE_ANON] + lru[LRU_ACTIVE_ANON];
    const file = lru[LRU_INACTIVE_FILE] + lru[LRU_ACTIVE_FILE];
    if (s.recentScanned[0] > Math.floor(anon / 4)) {
      s.recentScanned[0] = Math.floor(s.recentScanned[0] / 2);
      s.recentRotated[0] = Math.floor(s.recentRotated[0] / 2);
    }
    if (s.recentScanned[1] > Math.floor(file / 4)) {
      s.recentScanned[1] = Math.floor(s.recentScanned[1] / 2);
      s.recentRotated[1] = Math.floor(s.recentRotated[1] / 2);
    }
    fractionAnon = Math.floor((v.swappiness * (s.recentScanned[0] + 1)) / (s.recentRotated[0] + 1));
    fractionFile = Math.floor(((200 - v.swappiness) * (s.recentScanned[1] + 1)) / (s.recentRotated[1] + 1));
    denominator = fractionAnon + fractionFile + 1;
    if (ctx.trace) step(ctx, ref(ctx.tree, 'gscFract'), `scan both in proportion: anon ${fractionAnon}, file ${fractionFile} of ${denominator} (SCAN_FRACT)`);
  }
  let someScanned = false;
  for (let pass = 0; !someScanned && pass < 2; pass++) {
    for (let l = 0; l < 4; l++) {
      const isFile = l >= LRU_INACTIVE_FILE;
      const size = lru[l]!;
      let scan = size >> v.priority;
      if (!scan && pass && forceScan) scan = Math.min(size, SWAP_CLUSTER_MAX);
      if (balance === 'SCAN_FRACT') scan = Math.floor((scan * (isFile ? fractionFile : fractionAnon)) / denominator);
      else if ((balance === 'SCAN_FILE' || balance === 'SCAN_ANON') && (balance === 'SCAN_FILE') !== isFile) scan = 0;
      nr[l] = scan;
      if (scan) someScanned = true;
    }
  }
  return balance;
}
