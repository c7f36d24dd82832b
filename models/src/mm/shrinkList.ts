/**
 * The list shrinkers: shrink_inactive_list (with its too_many_isolated loop,
 * shrink_page_list's decisions for the model's page classes, and the stalls at
 * its end) and shrink_active_list.
 *
 * The LRU is kept as counts per zone. The inactive anon list holds clean
 * swap-cache pages, resident pages deactivated by shrink_active_list, and
 * pages under writeback. An anon scan meets the clean pages first
 * (end_page_writeback rotates PG_reclaim pages to the tail), then the
 * resident and the written pages mixed as the list has them (residentMet): a
 * deactivated page and a page whose swap-out started both go to the head of
 * the list, so from the tail the two come interleaved in the order they got
 * there. A file scan meets the clean, unreferenced pages first (none in any
 * scenario), then the working set.
 *
 * The model's file pages are the running system's working set: mapped pages
 * whose ptes are young whenever reclaim looks at them, shared by more than one
 * mapping. page_check_references finds referenced_ptes > 1 and returns
 * PAGEREF_ACTIVATE (4.6:829), so an inactive scan moves them to the active
 * list (and counts them as rotated); shrink_active_list finds them referenced
 * (rotated again) but, not being VM_EXEC, deactivates them (4.6:1827–1844).
 * They are scanned, cycled between the two lists, and never freed. The
 * evidence: the 5 May 2016 dmesg (the OOM after ~11 s of direct reclaim,
 * pages_scanned 5.6 M) still had active_file 17996 kB + inactive_file 21800
 * kB in DMA32, the 40 MiB of `fileCacheMiB` (of it 25 MB dirty: the model has
 * no dirty pages); the 14 Jul log (#34) after the crawl had 1086 active and
 * 1103 inactive file pages — the two lists balanced, as the cycle keeps them.
 * Which pages are VM_EXEC (kept active by shrink_active_list), and the first
 * reference that only sets PG_referenced (PAGEREF_KEEP), are not modelled.
 * Clean, unreferenced file pages (`fileCold`) are freed as the kernel frees
 * them, also under GFP_NOIO (a clean page needs no IO): a class no scenario
 * fills (the lab's guests run from an initramfs and have no file LRU).
 */
import { __GFP_FS, __GFP_IO } from './flags.ts';
import { cpuDebtWait, step } from '../runtime/trace.ts';
import { ref } from '../kernel/refs.ts';
import { freePages, type Zone } from './zone.ts';
import { congestionWait, waitIffCongestedUs } from './backingDev.ts';
import { swapWritepage } from '../block/swap.ts';
import { sleeps, type MaySleep, type Sleeping } from '../runtime/maySleep.ts';
import { SCAN_US_PER_PAGE, SWAPOUT_US_PER_PAGE } from '../runtime/units.ts';
import type { SimCtx } from '../env/machineEnv.ts';
import { SWAP_CLUSTER_MAX, type ScanControl } from './scanCount.ts';
import { countReclaimed, countScanned } from './vmEvents.ts';

/** What one shrink_inactive_list call reclaimed, and the wait_iff_congested sleep it owes (µs). */
export interface ShrinkResult {
  reclaimed: number;
  sleepUs: number;
}

/** The pages of one anon batch, kept while its swap-outs sleep. */
interface AnonBatch {
  taken: number;
  reclaimed: number;
  /** Pages neither clean nor resident: still under writeback. */
  underWriteback: number;
}

/** The result of a call that did not sleep: one object, refilled by every such call (the caller reads it at once). */
const RESULT: ShrinkResult = { reclaimed: 0, sleepUs: 0 };

function result(reclaimed: number, sleepUs: number): ShrinkResult {
  RESULT.reclaimed = reclaimed;
  RESULT.sleepUs = sleepUs;
  return RESULT;
}

/** NR_INACTIVE_ANON of one zone: deactivated resident pages, pages under writeback, clean swap cache. */
export function inactiveAnonPages(z: Zone): number {
  return z.anonInactive + z.anonWb + z.swapClean;
}

/** NR_ACTIVE_ANON of one zone: the resident pages not deactivated. */
export function activeAnonPages(z: Zone): number {
  return z.anon - z.anonInactive;
}

/**
 * Of `rest` pages an anon batch takes past the clean tail, how many are
 * resident (the others are under writeback). SIMPLIFICATION: the model keeps
 * counts, not the list's order; the batch meets the two kinds in proportion
 * to their numbers on the list, a fraction of a page carried to the next
 * batch (anonScanCarry), so over many batches the resident pages are met at
 * the rate a walk of the interleaved list would meet them, and a lone
 * resident page among many written ones is still reached.
 */
function residentMet(z: Zone, rest: number): number {
  const resident = z.anonInactive, written = z.anonWb;
  if (rest <= 0 || resident === 0) return 0;
  if (written === 0) return Math.min(rest, resident);
  const share = (rest * resident) / (resident + written) + z.anonScanCarry;
  const met = Math.min(resident, Math.floor(share));
  z.anonScanCarry = met === resident ? 0 : share - met;
  return met;
}

/**
 * too_many_isolated: a direct reclaimer (not kswapd) finds more pages of this
 * type isolated by reclaimers still working on their batches than there are
 * on the inactive list — an eighth of it for a caller with both __GFP_IO and
 * __GFP_FS (GFP_NOIO and GFP_NOFS callers may isolate more). `lruvec` is the
 * zone (v4.6, v4.7) or the node's zones (v4.8, node counters).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1465
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L1462
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L1557
 */
export function tooManyIsolated(lruvec: readonly Zone[], file: boolean, gfp: number, kswapd: boolean): boolean {
  if (kswapd) return false;
  let inactive = 0, isolated = 0;
  for (let i = 0; i < lruvec.length; i++) {
    const z = lruvec[i]!;
    inactive += file ? z.file - z.activeFile : inactiveAnonPages(z);
    isolated += z.nrIsolated[file ? 1 : 0];
  }
  if ((gfp & (__GFP_IO | __GFP_FS)) === (__GFP_IO | __GFP_FS)) inactive >>= 3;
  return isolated > inactive;
}

/**
 * shrink_inactive_list + shrink_page_list for up to SWAP_CLUSTER_MAX pages of
 * one list of zone z (`lruvec`: the zones whose counters too_many_isolated
 * reads). First the too_many_isolated loop: congestion_wait(HZ/10) until it
 * clears, or return SWAP_CLUSTER_MAX at once for a task with a fatal signal.
 * Then the batch: see shrinkAnonBatch and shrinkFileBatch; then the stalls at
 * the end, for file batches as for anon ones: kswapd's congestion_wait on
 * immediate pages, and wait_iff_congested for everybody else (returned as
 * sleepUs: the caller sleeps it, merged over several batches). A batch that
 * took no page returns before the stalls.
 * Returns at once when no step sleeps; else the generator that goes on.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1568 (too_many_isolated loop L1585)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L1565 (L1582)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L1684 (L1704)
 */
export function shrinkInactiveList(ctx: SimCtx, lruvec: readonly Zone[], z: Zone, file: boolean, nrToScan: number, sc: ScanControl): MaySleep<ShrinkResult> {
  if (tooManyIsolated(lruvec, file, sc.gfp, sc.kswapd)) return shrinkInactiveListIsolated(ctx, lruvec, z, file, nrToScan, sc);
  return file ? shrinkFileBatch(ctx, z, nrToScan, sc) : shrinkAnonBatch(ctx, z, nrToScan, sc);
}

/** The too_many_isolated loop, then the batch. */
function* shrinkInactiveListIsolated(ctx: SimCtx, lruvec: readonly Zone[], z: Zone, file: boolean, nrToScan: number, sc: ScanControl): Sleeping<ShrinkResult> {
  while (tooManyIsolated(lruvec, file, sc.gfp, sc.kswapd)) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'tooManyIsolated'), `too many ${file ? 'file' : 'anon'} pages isolated by other reclaimers: congestion_wait(HZ/10)`);
    if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
    yield* congestionWait(ctx, ctx.hz / 10, 'congestion_wait');
    if (ctx.task.killed) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'tooManyIsolatedFatal'), 'a fatal signal is pending: return SWAP_CLUSTER_MAX as if reclaimed');
      sc.nrReclaimed += SWAP_CLUSTER_MAX;
      return { reclaimed: SWAP_CLUSTER_MAX, sleepUs: 0 };
    }
  }
  const r = file ? shrinkFileBatch(ctx, z, nrToScan, sc) : shrinkAnonBatch(ctx, z, nrToScan, sc);
  const done = sleeps(r) ? yield* r : r;
  return { reclaimed: done.reclaimed, sleepUs: done.sleepUs };
}

/**
 * A batch of the inactive file list. Clean, unreferenced pages are freed
 * (page_check_references → PAGEREF_RECLAIM; no IO, so GFP_NOIO frees them
 * too); the working set is found referenced and activated (PAGEREF_ACTIVATE,
 * counted in recent_rotated by putback_inactive_pages).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L792 (page_check_references), L1035 (activate), L1183 (__remove_mapping)
 */
function shrinkFileBatch(ctx: SimCtx, z: Zone, nrToScan: number, sc: ScanControl): ShrinkResult {
  const taken = Math.min(nrToScan, z.file - z.activeFile);
  if (taken === 0) return result(0, 0);
  z.pagesScanned += taken;
  countScanned(ctx.m.vmEvents, ctx.task.pf, taken);
  sc.nrScanned += taken;
  ctx.task.cpuDebtUs += taken * SCAN_US_PER_PAGE;
  const cold = Math.min(taken, z.fileCold);
  const referenced = taken - cold;
  if (cold > 0) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'pageCheckReferencesReclaim'), `${cold} clean, unreferenced file pages: freed (no IO needed${sc.gfp & __GFP_IO ? '' : ', even under GFP_NOIO'})`);
    z.fileCold -= cold;
    z.file -= cold;
    freePages(z, cold, ctx.m.pcp);
  }
  if (referenced > 0) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'pageCheckReferencesActivate'), `${referenced} mapped file pages referenced by more than one pte: activated`);
    z.activeFile += referenced;
  }
  const stat = lruvecStat(ctx, z);
  stat.recentScanned[1] += taken;
  stat.recentRotated[1] += referenced;
  countReclaimed(ctx.m.vmEvents, ctx.task.pf, cold);
  sc.nrReclaimed += cold;
  return result(cold, sc.kswapd ? 0 : waitIffCongestedUs(ctx));
}

/**
 * The lruvec's reclaim_stat: the zone's (v4.6, v4.7), the node's (v4.8, kept
 * on its highest zone).
 */
export function lruvecStat(ctx: SimCtx, z: Zone): Zone['stat'] {
  return lruvecFlags(ctx, z).stat;
}

/**
 * The zone that holds a flag or average of the lruvec z belongs to: z itself
 * (v4.6, v4.7: ZONE_WRITEBACK, zone->flags), or the node's highest zone
 * (v4.8: PGDAT_WRITEBACK, pgdat->flags, and the node lruvec's reclaim_stat).
 */
export function lruvecFlags(ctx: SimCtx, z: Zone): Zone {
  return ctx.policy.reclaimUnit === 'node' ? ctx.m.zones[ctx.m.zones.length - 1]! : z;
}

/**
 * A batch of the inactive anon list. Clean swap-cache pages are freed;
 * resident anonymous pages go to swap only with __GFP_IO (pageout →
 * swap_writepage, which may block in a mempool), else they are kept; pages
 * under writeback are kept (global reclaim: case 2 of shrink_page_list's
 * writeback test, 4.6:1003), and kswapd counts them as "immediate" once the
 * zone is flagged ZONE_WRITEBACK. Kept pages and pages whose swap-out started
 * go back to the head of the inactive list (putback_inactive_pages,
 * 4.6:1522). No page is found referenced: the one pte of a page the test
 * touched once had its young bit cleared when shrink_active_list aged it.
 * While a swap-out sleeps, the batch's pages count in NR_ISOLATED_ANON.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L879
 */
function shrinkAnonBatch(ctx: SimCtx, z: Zone, nrToScan: number, sc: ScanControl): MaySleep<ShrinkResult> {
  const m = ctx.m;
  const taken = Math.min(nrToScan, inactiveAnonPages(z));
  if (taken === 0) return result(0, 0);
  z.pagesScanned += taken;
  countScanned(ctx.m.vmEvents, ctx.task.pf, taken);
  sc.nrScanned += taken;
  ctx.task.cpuDebtUs += taken * SCAN_US_PER_PAGE;
  lruvecStat(ctx, z).recentScanned[0] += taken;
  let left = taken;
  const clean = Math.min(left, z.swapClean);
  if (clean > 0) {
    z.swapClean -= clean;
    z.isolated += clean;
    left -= clean;
  }
  const resident = residentMet(z, left);
  left -= resident;
  if (resident > 0 && sc.gfp & __GFP_IO) {
    for (let i = 0; i < resident; i++) {
      if (!swapOutOne(ctx, z)) {
        noSwapSlot(ctx, z, resident - i);
        break;
      }
      const w = swapWritepage(ctx, z.idx);
      if (sleeps(w)) {
        z.nrIsolated[0] += taken;
        return shrinkInactiveListSwapping(ctx, z, sc, { taken, reclaimed: clean, underWriteback: left }, resident - i - 1, w);
      }
    }
  }
  return shrinkInactiveListEnd(ctx, z, sc, taken, clean, left);
}

/** The start of pageout for one resident page of the inactive list (add_to_swap, try_to_unmap): false when there is no swap or no page left. */
function swapOutOne(ctx: SimCtx, z: Zone): boolean {
  const m = ctx.m;
  if (!m.swapAvailable() || z.anonInactive === 0) return false;
  m.swapUsed++;
  m.swapOuts++;
  z.anon--;
  z.anonInactive--;
  z.anonWb++;
  ctx.task.cpuDebtUs += SWAPOUT_US_PER_PAGE;
  return true;
}

/**
 * add_to_swap found no free slot for the `pages` resident pages left in the
 * batch: shrink_page_list activates them (activate_locked) and
 * putback_inactive_pages counts them in recent_rotated and puts them on the
 * active list. (When swapOutOne failed because another reclaimer took the
 * resident pages meanwhile, there is nothing to count.)
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1051 (putback L1527)
 */
function noSwapSlot(ctx: SimCtx, z: Zone, pages: number): void {
  if (ctx.m.swapAvailable()) return;
  const activated = Math.min(pages, z.anonInactive);
  if (activated === 0) return;
  if (ctx.trace) step(ctx, ref(ctx.tree, 'addToSwapFailActivate'), `add_to_swap: no free swap slot for ${activated} pages: activated (recent_rotated)`);
  lruvecStat(ctx, z).recentRotated[0] += activated;
  z.anonInactive -= activated;
}

/** shrinkAnonBatch from a swap-out under way in `pending`, with `more` resident pages still to go. */
function* shrinkInactiveListSwapping(ctx: SimCtx, z: Zone, sc: ScanControl, batch: AnonBatch, more: number, pending: Sleeping<void>): Sleeping<ShrinkResult> {
  yield* pending;
  for (let i = 0; i < more; i++) {
    if (!swapOutOne(ctx, z)) {
      noSwapSlot(ctx, z, more - i);
      break;
    }
    const w = swapWritepage(ctx, z.idx);
    if (sleeps(w)) yield* w;
  }
  z.nrIsolated[0] -= batch.taken;
  const end = shrinkInactiveListEnd(ctx, z, sc, batch.taken, batch.reclaimed, batch.underWriteback);
  const r = sleeps(end) ? yield* end : end;
  return { reclaimed: r.reclaimed, sleepUs: r.sleepUs };
}

/** The end of shrink_inactive_list: ZONE_WRITEBACK, the freed pages back to the allocator, the stalls. */
function shrinkInactiveListEnd(ctx: SimCtx, z: Zone, sc: ScanControl, taken: number, reclaimed: number, underWriteback: number): MaySleep<ShrinkResult> {
  const m = ctx.m;
  const flags = lruvecFlags(ctx, z);
  const immediate = sc.kswapd && flags.writebackFlag ? underWriteback : 0;
  if (underWriteback > 0 && underWriteback === taken) flags.writebackFlag = true;
  // The freed pages go back to the allocator after the scan counted them (free_hot_cold_page_list).
  if (reclaimed > 0) {
    z.isolated -= reclaimed;
    freePages(z, reclaimed, m.pcp);
  }
  countReclaimed(m.vmEvents, ctx.task.pf, reclaimed);
  sc.nrReclaimed += reclaimed;
  if (immediate > 0) return kswapdCongestionWait(ctx, immediate, reclaimed);
  return result(reclaimed, sc.kswapd ? 0 : waitIffCongestedUs(ctx));
}

/** kswapd met pages under writeback marked for immediate reclaim: congestion_wait(HZ/10). */
function* kswapdCongestionWait(ctx: SimCtx, immediate: number, reclaimed: number): Sleeping<ShrinkResult> {
  if (ctx.trace) step(ctx, ref(ctx.tree, 'shrinkInactiveCongestion'), `kswapd met ${immediate} pages under writeback marked for immediate reclaim: congestion_wait(HZ/10)`);
  if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
  yield* congestionWait(ctx, ctx.hz / 10, 'congestion_wait');
  return { reclaimed, sleepUs: 0 };
}

/**
 * shrink_active_list for up to nrToScan pages of zone z's active anon or file
 * list: it counts them in NR_PAGES_SCANNED and recent_scanned, and those
 * page_referenced finds referenced in recent_rotated; then it deactivates
 * them all (only referenced VM_EXEC file pages stay active; the model has
 * none, and anon pages are deactivated whether referenced or not).
 *
 * Which pages are referenced: a file page always (the model's file pages are
 * the working set; see the file comment). An anon page only if its pte was
 * accessed since it was last aged: the young pages of `anonYoung`, faulted
 * in and not yet aged (the test touches each page once; a build job faults
 * its memory in and then only computes). page_referenced clears the young
 * bit, so a page counts as rotated at one aging only. The order: the kernel
 * adds a faulted page at the head of the active list and ages from the tail,
 * and deactivates every page it ages, so its active anon list holds only
 * pages not yet aged and the oldest of them reach the tail first; the model
 * ages the young pages first (min(taken, young) of the taken are
 * referenced). Every page taken goes to the inactive list, referenced or not.
 * Never sleeps.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1768 (recent_scanned L1800, page_referenced L1825, recent_rotated L1857)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L1764 (L1796, L1822, L1854)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L1884 (L1915, L1941, L1973)
 */
export function shrinkActiveList(ctx: SimCtx, z: Zone, file: boolean, nrToScan: number): number {
  const active = file ? z.activeFile : activeAnonPages(z);
  const taken = Math.min(nrToScan, active);
  if (taken === 0) return 0;
  const referenced = file ? taken : Math.min(taken, z.anonYoung);
  if (ctx.trace) {
    step(ctx, ref(ctx.tree, 'shrinkActiveList'), `age ${taken} active ${file ? 'file' : 'anon'} pages: deactivated`);
    step(ctx, ref(ctx.tree, 'shrinkActiveListReferenced'), `${referenced} of them referenced (${file ? 'the working set' : 'young since the fault that brought them in'}): rotated`);
  }
  z.pagesScanned += taken;
  ctx.task.cpuDebtUs += taken * SCAN_US_PER_PAGE;
  const stat = lruvecStat(ctx, z);
  stat.recentScanned[file ? 1 : 0] += taken;
  stat.recentRotated[file ? 1 : 0] += referenced;
  if (file) z.activeFile -= taken;
  else {
    z.anonYoung -= referenced;
    z.anonInactive += taken;
  }
  return taken;
}
