/**
 * Reclaim: kswapd (balance_pgdat), direct reclaim (try_to_free_pages →
 * throttle_direct_reclaim + do_try_to_free_pages), the zone walk, the memcg
 * walk and shrink_zone_memcg, and the per-version OOM gate zone_reclaimable.
 * get_scan_count is in scanCount.ts, the list shrinkers in shrinkList.ts.
 */
import { GFP_KERNEL, __GFP_FS, __GFP_IO, PF_KSWAPD, PF_KTHREAD, PF_MEMALLOC, PF_SWAPWRITE } from './flags.ts';
import type { Actor, Wait } from '../runtime/engine.ts';
import { jiffiesUs, cpuDebtWait, step } from '../runtime/trace.ts';
import { ref } from '../kernel/refs.ts';
import { zoneReclaimablePages, type Zone } from './zone.ts';
import { SCAN_US_PER_PAGE } from '../runtime/units.ts';
import { throttleVmWriteout } from './pageWriteback.ts';
import { sleeps } from '../runtime/maySleep.ts';
import type { MachineEnv as Machine, SimCtx } from '../env/machineEnv.ts';
import {
  DEF_PRIORITY, LRU_ACTIVE_ANON, LRU_ACTIVE_FILE, LRU_INACTIVE_ANON, LRU_INACTIVE_FILE, SWAP_CLUSTER_MAX,
  getScanCount, inactiveFileIsLow, lruSizes, type ScanControl, type ScanCountInput,
} from './scanCount.ts';
import { shrinkActiveList, shrinkInactiveList, lruvecFlags, lruvecStat, tooManyIsolated } from './shrinkList.ts';

export { SWAP_CLUSTER_MAX, DEF_PRIORITY, inactiveRatio, type ScanControl } from './scanCount.ts';
export { shrinkInactiveList, type ShrinkResult } from './shrinkList.ts';

/** Consecutive one-jiffy sleeps of a worker merged into one event. */
export const JIFFY_SLEEP_BATCH = 8;

/**
 * zone_reclaimable: the zone has been scanned less than six times its
 * reclaimable pages since a page was last freed into it. The v4.6 OOM gate.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L210
 */
export function zoneReclaimable(pagesScanned: number, reclaimablePages: number): boolean {
  return pagesScanned < reclaimablePages * 6;
}

function zoneIsReclaimable(m: Machine, z: Zone): boolean {
  return zoneReclaimable(z.pagesScanned, zoneReclaimablePages(z, m.swapAvailable()));
}

/** Whether some zone of a reclaim unit is still zone_reclaimable. */
function unitIsReclaimable(m: Machine, unit: readonly Zone[]): boolean {
  for (let i = 0; i < unit.length; i++) if (zoneIsReclaimable(m, unit[i]!)) return true;
  return false;
}

/**
 * The zones of the lruvec a shrink_zone_memcg pass works on: the zone (v4.6,
 * v4.7), or every zone of the node (v4.8: one node LRU, whatever zones the
 * caller is balancing).
 */
function lruvecZones(ctx: SimCtx, unit: readonly Zone[]): readonly Zone[] {
  return ctx.policy.reclaimUnit === 'node' ? ctx.m.zones : unit;
}

/**
 * The zone of the lruvec a batch of list `lru` is taken from: the one with the
 * most pages on that list (a node LRU mixes its zones' pages; the model takes
 * a batch from one zone).
 */
function batchZone(lruvec: readonly Zone[], lru: number): Zone {
  let best = lruvec[0]!, most = -1;
  for (let i = 0; i < lruvec.length; i++) {
    const z = lruvec[i]!;
    const anon = z.anon + z.anonWb + z.swapClean;
    const n = lru === LRU_INACTIVE_ANON || lru === LRU_ACTIVE_ANON ? anon : lru === LRU_ACTIVE_FILE ? z.activeFile : z.file - z.activeFile;
    if (n > most) {
      most = n;
      best = z;
    }
  }
  return best;
}

/**
 * inactive_list_is_low for the anon list (4.6 inactive_anon_is_low). A
 * SIMPLIFICATION: the model keeps no separate active and inactive anon lists
 * (the anon LRU is split by inactive_ratio, as if the aging kept it there), so
 * the kernel's test has nothing to compare. It is taken as true whenever swap
 * is configured (total_swap_pages, the test's first half) and the active part
 * has pages: the test faults every new page onto the active list
 * (lru_cache_add_active_or_unevictable) while reclaim takes pages off the
 * inactive one, so during the test the inactive list is below its ratio.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1886
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2010
 */
function inactiveAnonIsLow(ctx: SimCtx, lru: readonly number[]): boolean {
  return ctx.m.swapTotal > 0 && lru[LRU_ACTIVE_ANON]! > 0;
}

/** get_scan_count's inputs for one lruvec. */
function scanCountInput(ctx: SimCtx, lruvec: readonly Zone[], unit: readonly Zone[], sc: ScanControl, lru: number[]): ScanCountInput {
  const m = ctx.m;
  lruSizes(lruvec, lru);
  let free = 0, high = 0;
  for (let i = 0; i < lruvec.length; i++) {
    free += lruvec[i]!.free;
    high += lruvec[i]!.high;
  }
  return {
    lru: lru as unknown as [number, number, number, number],
    free, high, freeSwap: m.swapTotal - m.swapUsed, swappiness: m.p.swappiness, priority: sc.priority, kswapd: sc.kswapd,
    reclaimable: unitIsReclaimable(m, unit), stat: lruvecStat(ctx, lruvec[lruvec.length - 1]!),
  };
}

/**
 * shrink_list: an active list is aged only while its inactive list is low
 * (inactive_list_is_low); an inactive list goes to shrink_inactive_list.
 * Returns the shrinkInactiveList result (or null for an active list).
 */
function shrinkListActive(ctx: SimCtx, lruvec: readonly Zone[], lru: number, n: number): void {
  const sizes = LRU_SCRATCH;
  lruSizes(lruvec, sizes);
  const low = lru === LRU_ACTIVE_FILE ? inactiveFileIsLow(ctx.tree, sizes[LRU_INACTIVE_FILE]!, sizes[LRU_ACTIVE_FILE]!) : inactiveAnonIsLow(ctx, sizes);
  if (low) shrinkActiveList(ctx, batchZone(lruvec, lru), lru === LRU_ACTIVE_FILE, n);
}

const LRU_SCRATCH: number[] = [0, 0, 0, 0];

/**
 * Whether the next iterations of shrink_zone_memcg's loop can neither
 * reclaim, nor sleep, nor change what the loop decides: the file lists are
 * done, the inactive anon batch can only meet pages under writeback (no clean
 * swap cache, nothing it may swap out, kswapd not counting immediate pages),
 * and too_many_isolated does not hold. Such iterations are taken in one step.
 */
function quietAnonIterations(ctx: SimCtx, lruvec: readonly Zone[], z: Zone, nr: readonly number[], sc: ScanControl): boolean {
  if (nr[LRU_INACTIVE_FILE] || nr[LRU_ACTIVE_FILE]) return false;
  if (z.swapClean !== 0) return false;
  if (z.anon !== 0 && sc.gfp & __GFP_IO && ctx.m.swapAvailable()) return false;
  if (sc.kswapd && lruvecFlags(ctx, z).writebackFlag) return false;
  return !tooManyIsolated(lruvec, false, sc.gfp, sc.kswapd);
}

/**
 * The iteration of shrink_zone_memcg's loop just taken scanned file lists only
 * (no anon left to scan), SWAP_CLUSTER_MAX of each: the inactive batch met the
 * working set and activated it, shrink_list found the inactive list low and
 * aged as many back; nothing was freed, nothing slept, and the lists are as
 * they were. Every further iteration with a full batch of both lists left
 * meets the same lists and does the same: they are taken at once (the
 * counters as the iterations would leave them).
 */
function repeatFileCycle(ctx: SimCtx, z: Zone, nr: number[], sc: ScanControl): void {
  const k = Math.floor(Math.min(nr[LRU_INACTIVE_FILE]!, nr[LRU_ACTIVE_FILE]!) / SWAP_CLUSTER_MAX);
  if (k === 0) return;
  const pages = k * SWAP_CLUSTER_MAX;
  if (ctx.trace) step(ctx, ref(ctx.tree, 'shrinkZoneMemcgLoop'), `${k} more iterations cycle the same ${SWAP_CLUSTER_MAX} file pages between the lists: taken at once`);
  nr[LRU_INACTIVE_FILE]! -= pages;
  nr[LRU_ACTIVE_FILE]! -= pages;
  z.pagesScanned += 2 * pages;
  sc.nrScanned += pages;
  ctx.task.cpuDebtUs += 2 * pages * SCAN_US_PER_PAGE;
  const stat = lruvecStat(ctx, z);
  stat.recentScanned[1] += 2 * pages;
  stat.recentRotated[1] += 2 * pages;
}

/**
 * shrink_zone_memcg (v4.8: shrink_node_memcg): get_scan_count's targets, then
 * the loop: while inactive anon or either file list has pages left to scan,
 * SWAP_CLUSTER_MAX of each list in turn (shrink_list: an active list only
 * while its inactive list is low). Once this pass has reclaimed nr_to_reclaim
 * (direct reclaim at DEF_PRIORITY goes on: scan_adjusted), it stops scanning
 * the list type with less left to do and cuts the other down to its original
 * target less the share already done (the proportional stop, once). Then the
 * anon aging if inactive anon is low, then throttle_vm_writeout — reached for
 * every memcg, including those with nothing to scan. The wait_iff_congested
 * jiffies of the batches are slept in groups of JIFFY_SLEEP_BATCH.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2196 (loop L2231, proportional stop L2246, throttle L2311)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L2173 (L2208, L2223, L2288)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2309 (L2342, L2357, L2422)
 */
export function* shrinkZoneMemcg(ctx: SimCtx, zones: Zone[], memcg: number, sc: ScanControl): Generator<Wait, void, void> {
  const m = ctx.m;
  if (memcg === 0) {
    const lruvec = lruvecZones(ctx, zones);
    const nr = [0, 0, 0, 0];
    const sizes = [0, 0, 0, 0];
    getScanCount(ctx, scanCountInput(ctx, lruvec, zones, sc, sizes), nr);
    const targets = nr.slice();
    const startReclaimed = sc.nrReclaimed;
    let scanAdjusted = !sc.kswapd && sc.priority === DEF_PRIORITY;
    let pendingSleep = 0;
    let chunks = 0;
    while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
      const za = batchZone(lruvec, LRU_INACTIVE_ANON);
      if (nr[LRU_INACTIVE_ANON]! > SWAP_CLUSTER_MAX && quietAnonIterations(ctx, lruvec, za, nr, sc)) {
        // Every remaining iteration: its inactive anon batch and its active anon aging, taken at once.
        const iterations = Math.ceil(nr[LRU_INACTIVE_ANON]! / SWAP_CLUSTER_MAX);
        const s = shrinkInactiveList(ctx, lruvec, za, false, nr[LRU_INACTIVE_ANON]!, sc);
        const r = sleeps(s) ? yield* s : s;
        pendingSleep += r.sleepUs * iterations;
        chunks += iterations;
        nr[LRU_INACTIVE_ANON] = 0;
        const aa = Math.min(nr[LRU_ACTIVE_ANON]!, iterations * SWAP_CLUSTER_MAX);
        if (aa > 0) shrinkListActive(ctx, lruvec, LRU_ACTIVE_ANON, aa);
        nr[LRU_ACTIVE_ANON]! -= aa;
      } else {
        const zf = nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_ANON] ? null : batchZone(lruvec, LRU_INACTIVE_FILE);
        const file0 = zf ? zf.file : 0, active0 = zf ? zf.activeFile : 0, cold0 = zf ? zf.fileCold : 0;
        const scanned0 = zf ? zf.pagesScanned : 0, reclaimed0 = sc.nrReclaimed, sleep0 = pendingSleep;
        for (let lru = 0; lru < 4; lru++) {
          if (!nr[lru]) continue;
          const n = Math.min(nr[lru]!, SWAP_CLUSTER_MAX);
          nr[lru]! -= n;
          if (lru === LRU_ACTIVE_ANON || lru === LRU_ACTIVE_FILE) {
            shrinkListActive(ctx, lruvec, lru, n);
            continue;
          }
          const s = shrinkInactiveList(ctx, lruvec, batchZone(lruvec, lru), lru === LRU_INACTIVE_FILE, n, sc);
          const r = sleeps(s) ? yield* s : s;
          if (r.sleepUs > 0) {
            pendingSleep += r.sleepUs;
            chunks++;
          }
        }
        if (zf && zf.file === file0 && zf.activeFile === active0 && zf.fileCold === cold0 && zf.pagesScanned - scanned0 === 2 * SWAP_CLUSTER_MAX
          && sc.nrReclaimed === reclaimed0 && pendingSleep === sleep0 && (sc.nrReclaimed - startReclaimed < sc.nrToReclaim || scanAdjusted)) {
          repeatFileCycle(ctx, zf, nr, sc);
        }
      }
      if (pendingSleep > 0 && chunks >= JIFFY_SLEEP_BATCH) {
        if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
        yield { op: 'sleep', us: pendingSleep, site: 'wait_iff_congested' };
        pendingSleep = 0;
        chunks = 0;
      }
      if (sc.nrReclaimed - startReclaimed < sc.nrToReclaim || scanAdjusted) continue;
      // The proportional stop: once, scan the smaller type no more and the other only to its share.
      const nrFile = nr[LRU_INACTIVE_FILE]! + nr[LRU_ACTIVE_FILE]!;
      const nrAnon = nr[LRU_INACTIVE_ANON]! + nr[LRU_ACTIVE_ANON]!;
      if (!nrFile || !nrAnon) break;
      let stop: number, percentage: number;
      if (nrFile > nrAnon) {
        stop = LRU_INACTIVE_ANON;
        percentage = Math.floor((nrAnon * 100) / (targets[LRU_INACTIVE_ANON]! + targets[LRU_ACTIVE_ANON]! + 1));
      } else {
        stop = LRU_INACTIVE_FILE;
        percentage = Math.floor((nrFile * 100) / (targets[LRU_INACTIVE_FILE]! + targets[LRU_ACTIVE_FILE]! + 1));
      }
      if (ctx.trace) step(ctx, ref(ctx.tree, 'shrinkZoneMemcgProportional'), `reclaimed enough: stop scanning ${stop === LRU_INACTIVE_ANON ? 'anon' : 'file'}, cut the other to ${100 - percentage}% of its target`);
      nr[stop] = 0;
      nr[stop + 1] = 0;
      const other = stop === LRU_INACTIVE_FILE ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
      for (let lru = other; lru <= other + 1; lru++) {
        const scanned = targets[lru]! - nr[lru]!;
        nr[lru] = Math.floor((targets[lru]! * (100 - percentage)) / 100);
        nr[lru]! -= Math.min(nr[lru]!, scanned);
      }
      scanAdjusted = true;
    }
    if (pendingSleep > 0) {
      if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
      yield { op: 'sleep', us: pendingSleep, site: 'wait_iff_congested' };
    }
    // Even without anon scanning, the anon lists are rebalanced.
    lruSizes(lruvec, sizes);
    if (inactiveAnonIsLow(ctx, sizes)) shrinkActiveList(ctx, batchZone(lruvec, LRU_ACTIVE_ANON), false, SWAP_CLUSTER_MAX);
  }
  const before = ctx.task.cpuDebtUs;
  if (ctx.policy.throttleVmWriteout === 'present' && before > 0 && m.writeback() > 0) yield cpuDebtWait(ctx);
  const t = throttleVmWriteout(ctx, sc.gfp, m.writebackStateFn);
  if (sleeps(t)) yield* t;
}

/** shrink_zone (v4.8: shrink_node): every memcg of the hierarchy. Returns true if it reclaimed anything. */
export function* shrinkZone(ctx: SimCtx, zones: Zone[], sc: ScanControl): Generator<Wait, boolean, void> {
  const before = sc.nrReclaimed;
  const m = ctx.m;
  for (let memcg = 0; memcg < m.p.memcgs; memcg++) {
    yield* shrinkZoneMemcg(ctx, zones, memcg, sc);
  }
  return sc.nrReclaimed > before;
}

/** The zonelist as reclaim walks it: each zone (≤ v4.7), or the node as one unit (v4.8 node LRUs). Built once per machine. */
function reclaimUnits(m: Machine, unit: 'zone' | 'node'): Zone[][] {
  let u = m.reclaimUnits;
  if (!u) {
    u = unit === 'node' ? [[...m.zones].reverse()] : [...m.zones].reverse().map((z) => [z]);
    m.reclaimUnits = u;
  }
  return u;
}

/**
 * shrink_zones: the zonelist, highest zone first; below DEF_PRIORITY a zone
 * that is no longer zone_reclaimable is skipped ("let kswapd poll it").
 * Returns whether any zone was reclaimable (the v4.6 "don't OOM" hint).
 */
function* shrinkZones(ctx: SimCtx, sc: ScanControl): Generator<Wait, boolean, void> {
  const m = ctx.m;
  let reclaimable = false;
  const units = reclaimUnits(m, ctx.policy.reclaimUnit);
  for (const unit of units) {
    const ok = unitIsReclaimable(m, unit);
    if (sc.priority !== DEF_PRIORITY && !ok) continue;
    if (yield* shrinkZone(ctx, unit, sc)) reclaimable = true;
    if (!reclaimable && unitIsReclaimable(m, unit)) reclaimable = true;
  }
  return reclaimable;
}

/**
 * Whether shrinkZones would skip every unit (below DEF_PRIORITY, none
 * zone_reclaimable): it then returns false at once, without sleeping or
 * changing anything, so the caller need not start its generator.
 */
function shrinkZonesSkipsAll(ctx: SimCtx, sc: ScanControl): boolean {
  if (sc.priority === DEF_PRIORITY) return false;
  const m = ctx.m;
  const units = reclaimUnits(m, ctx.policy.reclaimUnit);
  for (let i = 0; i < units.length; i++) if (unitIsReclaimable(m, units[i]!)) return false;
  return true;
}

/**
 * do_try_to_free_pages: priorities 12..0 until nr_to_reclaim is met; if
 * nothing was reclaimed, a second full pass with may_thrash; then v4.6
 * reports progress (1) while any zone is still zone_reclaimable, v4.7+
 * reports 0.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2647
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L2612
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2748
 */
export function* doTryToFreePages(ctx: SimCtx, sc: ScanControl): Generator<Wait, number, void> {
  const initial = sc.priority;
  let zonesReclaimable = false;
  for (;;) {
    do {
      sc.nrScanned = 0;
      // A pass that would skip every unit returns false without a generator.
      zonesReclaimable = shrinkZonesSkipsAll(ctx, sc) ? false : yield* shrinkZones(ctx, sc);
      if (sc.nrReclaimed >= sc.nrToReclaim) break;
    } while (--sc.priority >= 0);
    if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
    if (sc.nrReclaimed) return sc.nrReclaimed;
    if (!sc.mayThrash) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'doTryToFreePages'), 'nothing reclaimed: a second pass with may_thrash');
      sc.priority = initial;
      sc.mayThrash = true;
      continue;
    }
    if (ctx.policy.oomDetection === 'v4.6-zone-reclaimable' && zonesReclaimable) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'doTryToFreePages'), 'nothing reclaimed, but a zone is still zone_reclaimable: report progress');
      return 1;
    }
    if (ctx.trace) step(ctx, ref(ctx.tree, 'doTryToFreePages'), 'nothing reclaimed: no progress');
    return 0;
  }
}

/**
 * pfmemalloc_watermark_ok: the free pages of the zones up to ZONE_NORMAL are
 * above half the sum of their min marks. A zone with no reclaimable pages
 * (v4.8: a node with none) counts on neither side, and with no reserve left
 * to count nobody is throttled. In the kernel the test also wakes kswapd
 * when it fails; the model's callers wake it themselves.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2718 (no reserve: L2737)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L2678
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2814
 */
export function pfmemallocWatermarkOk(zones: readonly Zone[], swapAvailable: boolean, unit: 'zone' | 'node'): boolean {
  let nodeReclaimable = 0;
  if (unit === 'node') for (let i = 0; i < zones.length; i++) nodeReclaimable += zoneReclaimablePages(zones[i]!, swapAvailable);
  let reserve = 0, free = 0;
  for (let i = 0; i < zones.length; i++) {
    const z = zones[i]!;
    if ((unit === 'node' ? nodeReclaimable : zoneReclaimablePages(z, swapAvailable)) === 0) continue;
    reserve += z.min;
    free += z.free;
  }
  if (reserve === 0) return true;
  return free > Math.floor(reserve / 2);
}

/**
 * throttle_direct_reclaim: a user task entering direct reclaim while
 * pfmemalloc_watermark_ok fails waits for kswapd: up to HZ, interruptibly,
 * without __GFP_FS; with it, killably and without a timeout. Kernel threads
 * and tasks with a fatal signal pending are exempt. A fatal signal ends the
 * wait (the OOM killer's SIGKILL wakes the victim: oomKillProcess), and the
 * function then returns true: try_to_free_pages returns 1 at once, without
 * reclaiming.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2761 (signal L2782, after the wait L2838)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L2721
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2857
 */
export function* throttleDirectReclaim(ctx: SimCtx, gfp: number): Generator<Wait, boolean, void> {
  const m = ctx.m;
  if (ctx.task.pf & PF_KTHREAD) return false;
  if (ctx.task.killed) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleDirectReclaimSignal'), 'a fatal signal is pending: no throttling');
    return false;
  }
  if (m.pfmemallocWatermarkOk()) return false;
  m.wakeAllKswapds();
  if (!(gfp & __GFP_FS)) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleDirectReclaim'), 'below half the min marks: wait for kswapd, at most HZ');
    yield { op: 'wait', queue: m.q.pfmemalloc, timeoutUs: jiffiesUs(ctx, ctx.hz), site: 'throttle_direct_reclaim', killable: true };
  } else {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleDirectReclaim'), 'below half the min marks: wait for kswapd, no timeout (killable)');
    while (!ctx.task.killed && !m.pfmemallocWatermarkOk()) {
      m.wakeAllKswapds();
      yield { op: 'wait', queue: m.q.pfmemalloc, timeoutUs: Infinity, site: 'throttle_direct_reclaim', killable: true };
    }
  }
  if (ctx.task.killed) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleDirectReclaimPending'), 'a fatal signal ended the wait: try_to_free_pages returns 1 without reclaiming');
    return true;
  }
  return false;
}

/**
 * try_to_free_pages: direct reclaim of SWAP_CLUSTER_MAX pages.
 * Its caller iterates the generator at once, so when throttle_direct_reclaim
 * would return false at once (a kernel thread, or pfmemalloc_watermark_ok:
 * its first tests, which have no trace steps) this returns
 * do_try_to_free_pages's own generator, one level less for every resume.
 */
export function tryToFreePages(ctx: SimCtx, gfp: number): Generator<Wait, number, void> {
  if (ctx.task.pf & PF_KTHREAD || (!ctx.task.killed && ctx.m.pfmemallocWatermarkOk())) return doTryToFreePages(ctx, directScanControl(gfp));
  return tryToFreePagesThrottled(ctx, gfp);
}

function* tryToFreePagesThrottled(ctx: SimCtx, gfp: number): Generator<Wait, number, void> {
  if (yield* throttleDirectReclaim(ctx, gfp)) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'tryToFreePagesThrottled'), 'throttled and killed: report 1 page as progress');
    return 1;
  }
  return yield* doTryToFreePages(ctx, directScanControl(gfp));
}

function directScanControl(gfp: number): ScanControl {
  return { gfp, nrToReclaim: SWAP_CLUSTER_MAX, priority: DEF_PRIORITY, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd: false };
}

/**
 * zone_balanced as kswapd and wakeup_kswapd read it for an order-0
 * allocation: free pages above the high mark. v4.6/v4.7 test it against
 * classzone 0 (no lowmem_reserve: zone_balanced(zone, 0, false, 0, 0) in
 * balance_pgdat and wakeup_kswapd, classzone = the zone's own index in
 * pgdat_balanced: the same); v4.8 against the allocation's classzone, so a
 * lower zone must also keep its lowmem_reserve for it (zone_watermark_ok_safe
 * with classzone_idx). Every allocation of the model has the highest zone as
 * its classzone.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2976
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L3078
 */
export function kswapdZoneBalanced(reclaimUnit: 'zone' | 'node', zones: readonly Zone[], z: Zone): boolean {
  const reserve = reclaimUnit === 'node' ? (z.lowmemReserve[zones.length - 1] ?? 0) : 0;
  return z.free > z.high + reserve;
}

/**
 * Whether wakeup_kswapd (from wake_all_kswapds, for each zone of the
 * zonelist) wakes a sleeping kswapd: v4.6/v4.7 when some zone is not balanced;
 * v4.8 only when no zone up to the classzone is balanced (a balanced DMA zone
 * keeps it asleep).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L3492
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L3511
 */
export function wakeupKswapdWakes(reclaimUnit: 'zone' | 'node', zones: readonly Zone[]): boolean {
  if (reclaimUnit === 'node') {
    for (let i = 0; i < zones.length; i++) if (kswapdZoneBalanced(reclaimUnit, zones, zones[i]!)) return false;
    return true;
  }
  for (let i = 0; i < zones.length; i++) if (!kswapdZoneBalanced(reclaimUnit, zones, zones[i]!)) return true;
  return false;
}

/**
 * prepare_kswapd_sleep's test: v4.6/v4.7 pgdat_balanced, every zone either
 * balanced or no longer zone_reclaimable ("balance_pgdat skips over
 * all_unreclaimable after DEF_PRIORITY. Effectively, it considers them
 * balanced"); v4.8 every zone up to the classzone balanced, reclaimable or
 * not (pgdat_reclaimable plays no part: a node kswapd cannot balance keeps it
 * awake).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L3015 (L3037)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L3104
 */
export function prepareKswapdSleep(ctx: SimCtx): boolean {
  const m = ctx.m;
  const unit = ctx.policy.reclaimUnit;
  for (let i = 0; i < m.zones.length; i++) {
    const z = m.zones[i]!;
    if (unit === 'zone' && !zoneIsReclaimable(m, z)) continue;
    if (!kswapdZoneBalanced(unit, m.zones, z)) return false;
  }
  return true;
}

/**
 * balance_pgdat: kswapd works from DEF_PRIORITY down to 1, each zone aiming
 * at max(SWAP_CLUSTER_MAX, high) pages, with GFP_KERNEL (so
 * throttle_vm_writeout loops for it); it raises the priority when a pass
 * reclaimed nothing or scanned less than it aimed at, and wakes direct
 * reclaimers throttled on pfmemalloc_wait once free pages are back above half
 * the min marks. When it stops: v4.6/v4.7 once no zone is both unbalanced and
 * (below DEF_PRIORITY) zone_reclaimable, or pgdat_balanced holds after a
 * priority; v4.8 at the top of a priority as soon as one zone is balanced
 * (kswapdZoneBalanced), with no test of pgdat_reclaimable at all.
 * Zone-based reclaim (v4.6, v4.7) clears ZONE_WRITEBACK after every
 * kswapd_shrink_zone, whatever the pass met (4.6:3124, 4.7:3084); node-based
 * reclaim (v4.8, v4.9) sets PGDAT_WRITEBACK (4.8:1777) and nothing in 4.8.15
 * or 4.9 ever clears it, so once set kswapd counts immediate pages for good.
 * A SIMPLIFICATION: the kernel scans zones 0..end_zone (the highest
 * unbalanced one; v4.8 the node up to the classzone); the model scans only
 * the unbalanced zones (v4.8: the node's LRU, shrinkZoneMemcg), and leaves out
 * age_active_anon of the balanced zones above end_zone.
 * Returns prepare_kswapd_sleep's answer.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L3162 (kswapd_shrink_zone L3094, loop end L3296)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L3122 (L3054, L3256)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L3193 (kswapd_shrink_node L3145, out L3251)
 */
export function* balancePgdat(ctx: SimCtx): Generator<Wait, boolean, void> {
  const m = ctx.m;
  const node = ctx.policy.reclaimUnit === 'node';
  let priority = DEF_PRIORITY;
  do {
    if (node && m.zones.some((z) => kswapdZoneBalanced('node', m.zones, z))) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'balancePgdatBalanced'), 'a zone is balanced for the classzone: out');
      break;
    }
    const unbalanced = m.zones.filter((z) => !kswapdZoneBalanced(ctx.policy.reclaimUnit, m.zones, z));
    if (unbalanced.length === 0) break;
    const sc: ScanControl = { gfp: GFP_KERNEL, nrToReclaim: 0, priority, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd: true };
    let raise = true;
    const units: Zone[][] = node ? [unbalanced] : unbalanced.map((z) => [z]);
    for (const unit of units) {
      if (!node && priority !== DEF_PRIORITY && !unitIsReclaimable(m, unit)) continue;
      sc.nrToReclaim = Math.max(SWAP_CLUSTER_MAX, unit.reduce((s, z) => s + z.high, 0));
      sc.nrScanned = 0;
      yield* shrinkZone(ctx, unit, sc);
      if (!node) {
        if (ctx.trace) step(ctx, ref(ctx.tree, 'kswapdShrinkZoneClearWriteback'), `kswapd_shrink_zone done: clear ZONE_WRITEBACK of ${unit[0]!.name}`);
        for (const z of unit) z.writebackFlag = false;
      }
      if (sc.nrScanned >= sc.nrToReclaim) raise = false;
    }
    if (m.pfmemallocWatermarkOk()) m.engine.wake(m.q.pfmemalloc);
    // The scanning time of a priority that reclaimed nothing is paid with the next one's: the priorities follow
    // each other without a sleep, and such a priority freed nothing another task could take (its pages_scanned and
    // list moves are seen a few ms early). A sleep inside one (throttle_vm_writeout, congestion_wait) pays first.
    if (ctx.task.cpuDebtUs > 0 && sc.nrReclaimed > 0) yield cpuDebtWait(ctx);
    if (raise || !sc.nrReclaimed) priority--;
    if (!node && prepareKswapdSleep(ctx)) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'balancePgdatBalanced'), 'pgdat_balanced: out');
      break;
    }
  } while (priority >= 1);
  if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
  return prepareKswapdSleep(ctx);
}

/**
 * kswapd: sleep until woken, balance, and try to sleep again
 * (kswapd_try_to_sleep): if prepare_kswapd_sleep holds it sleeps until
 * wakeup_kswapd wakes it; otherwise it goes straight back into balance_pgdat,
 * and the time of a pass is what the pass cost: the pages it scanned, swapped
 * and freed (cpuDebt) and the waits it met. A pass that took no time at all
 * (v4.8: balance_pgdat found a zone balanced and went out at once, while
 * another is not, so prepare_kswapd_sleep fails) changed nothing, and the
 * next one would find the same state: the kernel's kswapd spins through them
 * until something else changes the counts; the model lets it wait for the
 * next wake_all_kswapds of an allocation (the machine's wakeAllKswapds, with
 * the version's wakeup_kswapd test). The HZ/10 nap before a full sleep and
 * its "premature" wakeups are not modelled.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L3384 (kswapd_try_to_sleep L3307)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L3403 (L3316)
 */
export function* kswapd(ctx: SimCtx): Actor {
  const m = ctx.m;
  ctx.task.pf |= PF_MEMALLOC | PF_SWAPWRITE | PF_KSWAPD | PF_KTHREAD;
  for (;;) {
    if (m.kswapdSleeping) {
      yield { op: 'wait', queue: m.q.kswapd, timeoutUs: Infinity, site: 'idle' };
      continue;
    }
    const t0 = m.engine.now;
    const balanced = yield* balancePgdat(ctx);
    if (balanced) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'kswapdTryToSleep'), 'prepare_kswapd_sleep: balanced, sleep until woken');
      m.engine.wake(m.q.pfmemalloc);
      m.kswapdSleeping = true;
    } else if (m.engine.now === t0 && ctx.task.cpuDebtUs === 0) {
      // A pass that cost nothing and changed nothing: wait for the next wakeup instead of spinning.
      m.kswapdSleeping = true;
    }
  }
}
