/**
 * The reclaim counters of /proc/vmstat that the lab's sampler reads, as the
 * kernel counts them in shrink_inactive_list for global reclaim: pages taken
 * off an inactive list (pgscan) and pages freed from them (pgsteal), by
 * kswapd or by everybody else (direct). Active-list aging (pgrefill) is not
 * among them. The lab compares them with the real kernel's.
 * mm/vmscan.c 4.6.2:1608–1614 (pgscan), 1628–1636 (pgsteal); 4.8.15:1730–1732, 1748–1750.
 */
import { PF_KSWAPD } from './flags.ts';

export interface VmEvents {
  /** Entries into direct reclaim: do_try_to_free_pages counts one at each start, the may_thrash retry included (4.6.2:2657, 4.8.15:2758). */
  allocstall: number;
  pgscanKswapd: number;
  pgscanDirect: number;
  pgstealKswapd: number;
  pgstealDirect: number;
}

export function makeVmEvents(): VmEvents {
  return { allocstall: 0, pgscanKswapd: 0, pgscanDirect: 0, pgstealKswapd: 0, pgstealDirect: 0 };
}

/** Pages a task took off an inactive list (PGSCAN_KSWAPD or PGSCAN_DIRECT). */
export function countScanned(ev: VmEvents, pf: number, pages: number): void {
  if (pf & PF_KSWAPD) ev.pgscanKswapd += pages;
  else ev.pgscanDirect += pages;
}

/** Pages shrink_page_list freed for a task (PGSTEAL_KSWAPD or PGSTEAL_DIRECT). */
export function countReclaimed(ev: VmEvents, pf: number, pages: number): void {
  if (pf & PF_KSWAPD) ev.pgstealKswapd += pages;
  else ev.pgstealDirect += pages;
}

/** This task's pgscan counter (the one its scans go to). */
export function scannedBy(ev: VmEvents, pf: number): number {
  return pf & PF_KSWAPD ? ev.pgscanKswapd : ev.pgscanDirect;
}
