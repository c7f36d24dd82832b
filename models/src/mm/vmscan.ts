/**
 * Reclaim: kswapd (balance_pgdat), direct reclaim (try_to_free_pages →
 * throttle_direct_reclaim + do_try_to_free_pages), the zone walk, the memcg
 * walk, shrink_inactive_list / shrink_page_list, and the per-version OOM
 * gate zone_reclaimable.
 *
 * The LRU is kept as counts per zone. The order a scan meets pages in: clean
 * swap-cache pages first (end_page_writeback rotates PG_reclaim pages to the
 * tail), then resident anonymous pages, then pages still under writeback
 * (put back at the head when their IO started). File pages are the system's
 * referenced working set: scanned and kept.
 */
import {
  GFP_KERNEL, __GFP_FS, __GFP_IO, __GFP_NORETRY, PF_KSWAPD, PF_KTHREAD, PF_LESS_THROTTLE, PF_MEMALLOC, PF_SWAPWRITE,
} from './flags.ts';
import type { Actor, Wait } from '../runtime/engine.ts';
import { jiffiesUs, cpuDebtWait, step } from '../runtime/trace.ts';
import { ref } from '../kernel/refs.ts';
import { freePages, zoneReclaimablePages, type Zone } from './zone.ts';
import { throttleVmWriteout } from './pageWriteback.ts';
import { congestionWait, waitIffCongestedUs } from './backingDev.ts';
import { swapWritepage } from '../block/swap.ts';
import { sleeps, type MaySleep, type Sleeping } from '../runtime/maySleep.ts';
import { SCAN_US_PER_PAGE, SWAPOUT_US_PER_PAGE } from '../runtime/units.ts';
import type { MachineEnv as Machine, SimCtx } from '../env/machineEnv.ts';

export const SWAP_CLUSTER_MAX = 32;
export const DEF_PRIORITY = 12;
/** Consecutive one-jiffy sleeps of a worker merged into one event. */
export const JIFFY_SLEEP_BATCH = 8;

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
  return gb ? Math.floor(Math.sqrt(10 * gb)) : 1;
}

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
function unitIsReclaimable(m: Machine, unit: Zone[]): boolean {
  for (let i = 0; i < unit.length; i++) if (zoneIsReclaimable(m, unit[i]!)) return true;
  return false;
}

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

/**
 * shrink_inactive_list + shrink_page_list for up to SWAP_CLUSTER_MAX pages of
 * one list of one zone. Clean swap-cache pages are freed; resident anonymous
 * pages go to swap only with __GFP_IO (pageout → swap_writepage, which may
 * block in a mempool); pages under writeback are skipped (kswapd counts them
 * as "immediate" once the zone is flagged ZONE_WRITEBACK). Then the stalls at
 * the end of shrink_inactive_list: kswapd's congestion_wait on immediate
 * pages, and wait_iff_congested for everybody else (returned as sleepUs: the
 * caller sleeps it, merged over several batches).
 * Returns at once when no step sleeps; else the generator that goes on.
 * A SIMPLIFICATION: no too_many_isolated loop (vmscan.c 4.6:1585), and the
 * file list is only scanned, never freed, with no wait_iff_congested after
 * its batches (the kernel frees clean file pages here, GFP_NOIO reclaim
 * included, and a v4.5/v4.6 workqueue worker sleeps a jiffy after every
 * batch, file or anon).
 * https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L1568
 * https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L879
 */
export function shrinkInactiveList(ctx: SimCtx, z: Zone, anonList: boolean, nrToScan: number, sc: ScanControl): MaySleep<ShrinkResult> {
  const m = ctx.m;
  if (!anonList) {
    const scanned = Math.min(nrToScan, z.file);
    z.pagesScanned += scanned;
    sc.nrScanned += scanned;
    ctx.task.cpuDebtUs += scanned * SCAN_US_PER_PAGE;
    return result(0, 0);
  }
  const taken = Math.min(nrToScan, z.anon + z.anonWb + z.swapClean);
  if (taken === 0) return result(0, 0);
  z.pagesScanned += taken;
  sc.nrScanned += taken;
  ctx.task.cpuDebtUs += taken * SCAN_US_PER_PAGE;
  let left = taken;
  const clean = Math.min(left, z.swapClean);
  if (clean > 0) {
    z.swapClean -= clean;
    z.isolated += clean;
    left -= clean;
  }
  const resident = Math.min(left, z.anon);
  left -= resident;
  if (resident > 0 && sc.gfp & __GFP_IO) {
    for (let i = 0; i < resident; i++) {
      if (!swapOutOne(ctx, z)) break;
      const w = swapWritepage(ctx, z.idx);
      if (sleeps(w)) return shrinkInactiveListSwapping(ctx, z, sc, { taken, reclaimed: clean, underWriteback: left }, resident - i - 1, w);
    }
  }
  return shrinkInactiveListEnd(ctx, z, sc, taken, clean, left);
}

/** The start of pageout for one resident page (add_to_swap, try_to_unmap): false when there is no swap or no page left. */
function swapOutOne(ctx: SimCtx, z: Zone): boolean {
  const m = ctx.m;
  if (!m.swapAvailable() || z.anon === 0) return false;
  m.swapUsed++;
  m.swapOuts++;
  z.anon--;
  z.anonWb++;
  ctx.task.cpuDebtUs += SWAPOUT_US_PER_PAGE;
  return true;
}

/** shrinkInactiveList from a swap-out under way in `pending`, with `more` resident pages still to go. */
function* shrinkInactiveListSwapping(ctx: SimCtx, z: Zone, sc: ScanControl, batch: AnonBatch, more: number, pending: Sleeping<void>): Sleeping<ShrinkResult> {
  yield* pending;
  for (let i = 0; i < more; i++) {
    if (!swapOutOne(ctx, z)) break;
    const w = swapWritepage(ctx, z.idx);
    if (sleeps(w)) yield* w;
  }
  const end = shrinkInactiveListEnd(ctx, z, sc, batch.taken, batch.reclaimed, batch.underWriteback);
  const r = sleeps(end) ? yield* end : end;
  return { reclaimed: r.reclaimed, sleepUs: r.sleepUs };
}

/** The end of shrink_inactive_list: ZONE_WRITEBACK, the freed pages back to the allocator, the stalls. */
function shrinkInactiveListEnd(ctx: SimCtx, z: Zone, sc: ScanControl, taken: number, reclaimed: number, underWriteback: number): MaySleep<ShrinkResult> {
  const m = ctx.m;
  const immediate = sc.kswapd && z.writebackFlag ? underWriteback : 0;
  if (underWriteback > 0 && underWriteback === taken) z.writebackFlag = true;
  // The freed pages go back to the allocator after the scan counted them (free_hot_cold_page_list).
  if (reclaimed > 0) {
    z.isolated -= reclaimed;
    freePages(z, reclaimed, m.pcp);
  }
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
 * shrink_zone_memcg (v4.8: shrink_node_memcg): scan each list lru_size >>
 * priority pages in SWAP_CLUSTER_MAX batches, stop early once nr_to_reclaim is
 * met (except direct reclaim at DEF_PRIORITY), then throttle_vm_writeout —
 * reached for every memcg, including those with nothing to scan.
 * A SIMPLIFICATION: no get_scan_count (vmscan.c 4.6:1968); every list is
 * scanned size >> priority, and active anon is aged at every pass.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2196 (throttle at L2311)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L2173 (L2288)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2309 (L2422)
 */
export function* shrinkZoneMemcg(ctx: SimCtx, zones: Zone[], memcg: number, sc: ScanControl): Generator<Wait, void, void> {
  const m = ctx.m;
  if (memcg === 0) {
    const swapOk = m.swapAvailable() && m.p.swappiness > 0;
    const startReclaimed = sc.nrReclaimed;
    const adjusted = !sc.kswapd && sc.priority === DEF_PRIORITY;
    let pendingSleep = 0;
    let chunks = 0;
    for (const z of zones) {
      // Only the inactive anon list is shrunk by shrink_inactive_list (and stalls); the active part is
      // aged by shrink_active_list, which costs CPU but never sleeps.
      const anonLru = z.anon + z.anonWb + z.swapClean;
      const inactiveAnon = Math.floor(anonLru / (1 + inactiveRatio(z)));
      if (swapOk) {
        // shrink_active_list counts its scans in NR_PAGES_SCANNED too.
        const activeScan = (anonLru - inactiveAnon) >> sc.priority;
        z.pagesScanned += activeScan;
        ctx.task.cpuDebtUs += activeScan * SCAN_US_PER_PAGE;
      }
      let nrAnon = swapOk ? inactiveAnon >> sc.priority : 0;
      let nrFile = z.file >> sc.priority;
      while (nrAnon > 0 || nrFile > 0) {
        if (nrAnon > 0) {
          // Batches that can only meet pages under writeback and have no stall are taken in one step.
          const bulk = z.swapClean === 0 && (z.anon === 0 || !(sc.gfp & __GFP_IO) || !m.swapAvailable()) && !(sc.kswapd && z.writebackFlag);
          const n = bulk ? nrAnon : Math.min(nrAnon, SWAP_CLUSTER_MAX);
          const s = shrinkInactiveList(ctx, z, true, n, sc);
          const r = sleeps(s) ? yield* s : s;
          const calls = bulk ? Math.ceil(n / SWAP_CLUSTER_MAX) : 1;
          pendingSleep += r.sleepUs * calls;
          chunks += calls;
          nrAnon -= n;
        }
        if (nrFile > 0) {
          shrinkInactiveList(ctx, z, false, nrFile, sc);
          nrFile = 0;
        }
        if (pendingSleep > 0 && chunks >= JIFFY_SLEEP_BATCH) {
          if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
          yield { op: 'sleep', us: pendingSleep, site: 'wait_iff_congested' };
          pendingSleep = 0;
          chunks = 0;
        }
        if (sc.nrReclaimed - startReclaimed >= sc.nrToReclaim && !adjusted) break;
      }
    }
    if (pendingSleep > 0) {
      if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
      yield { op: 'sleep', us: pendingSleep, site: 'wait_iff_congested' };
    }
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
 * throttle_direct_reclaim: a user task entering direct reclaim while free
 * pages are at or below half the sum of the min marks waits for kswapd
 * (without a timeout if it may enter the filesystem, up to HZ otherwise).
 * Kernel threads are exempt.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2761
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L2721
 */
export function* throttleDirectReclaim(ctx: SimCtx, gfp: number): Generator<Wait, void, void> {
  const m = ctx.m;
  if (ctx.task.pf & PF_KTHREAD) return;
  if (m.pfmemallocWatermarkOk()) return;
  m.wakeAllKswapds();
  if (!(gfp & __GFP_FS)) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleDirectReclaim'), 'below half the min marks: wait for kswapd, at most HZ');
    yield { op: 'wait', queue: m.q.pfmemalloc, timeoutUs: jiffiesUs(ctx, ctx.hz), site: 'throttle_direct_reclaim' };
    return;
  }
  if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleDirectReclaim'), 'below half the min marks: wait for kswapd, no timeout');
  while (!m.pfmemallocWatermarkOk()) {
    m.wakeAllKswapds();
    yield { op: 'wait', queue: m.q.pfmemalloc, timeoutUs: Infinity, site: 'throttle_direct_reclaim' };
  }
}

/**
 * try_to_free_pages: direct reclaim of SWAP_CLUSTER_MAX pages.
 * Its caller iterates the generator at once, so when throttle_direct_reclaim
 * would return at once (a kernel thread, or free pages above half the min
 * marks: its first two tests, which have no trace steps) this returns
 * do_try_to_free_pages's own generator, one level less for every resume.
 */
export function tryToFreePages(ctx: SimCtx, gfp: number): Generator<Wait, number, void> {
  if (ctx.task.pf & PF_KTHREAD || ctx.m.pfmemallocWatermarkOk()) return doTryToFreePages(ctx, directScanControl(gfp));
  return tryToFreePagesThrottled(ctx, gfp);
}

function* tryToFreePagesThrottled(ctx: SimCtx, gfp: number): Generator<Wait, number, void> {
  yield* throttleDirectReclaim(ctx, gfp);
  return yield* doTryToFreePages(ctx, directScanControl(gfp));
}

function directScanControl(gfp: number): ScanControl {
  return { gfp, nrToReclaim: SWAP_CLUSTER_MAX, priority: DEF_PRIORITY, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd: false };
}

/**
 * balance_pgdat: kswapd works from DEF_PRIORITY down while a zone is below its
 * high mark, each zone aiming at max(SWAP_CLUSTER_MAX, high) pages, with
 * GFP_KERNEL (so throttle_vm_writeout loops for it); it raises the priority
 * when a pass reclaimed nothing, and wakes direct reclaimers throttled on
 * pfmemalloc_wait once free pages are back above half the min marks.
 * A SIMPLIFICATION: the kernel scans zones 0..end_zone (the highest
 * unbalanced one) and clears ZONE_WRITEBACK after each kswapd_shrink_zone
 * (vmscan.c 4.6:3124); the model scans only unbalanced zones and clears the
 * flag when kswapd goes back to sleep.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L3162
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L3193
 */
export function* balancePgdat(ctx: SimCtx): Generator<Wait, boolean, void> {
  const m = ctx.m;
  let priority = DEF_PRIORITY;
  do {
    const unbalanced = m.zones.filter((z) => z.free <= z.high);
    if (unbalanced.length === 0) return true;
    const sc: ScanControl = { gfp: GFP_KERNEL, nrToReclaim: 0, priority, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd: true };
    let raise = true;
    const units: Zone[][] = ctx.policy.reclaimUnit === 'node' ? [unbalanced] : unbalanced.map((z) => [z]);
    for (const unit of units) {
      if (priority !== DEF_PRIORITY && !unitIsReclaimable(m, unit)) continue;
      sc.nrToReclaim = Math.max(SWAP_CLUSTER_MAX, unit.reduce((s, z) => s + z.high, 0));
      sc.nrScanned = 0;
      yield* shrinkZone(ctx, unit, sc);
      if (sc.nrScanned >= sc.nrToReclaim) raise = false;
    }
    if (m.pfmemallocWatermarkOk()) m.engine.wake(m.q.pfmemalloc);
    if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
    if (raise || !sc.nrReclaimed) priority--;
  } while (priority >= 1);
  return m.zones.every((z) => z.free > z.high);
}

/**
 * kswapd: sleep until woken, balance, clear the per-zone flags once
 * balanced, go back to sleep.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L3384
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
      for (const z of m.zones) z.writebackFlag = false;
      m.engine.wake(m.q.pfmemalloc);
      m.kswapdSleeping = true;
    } else if (m.engine.now === t0) {
      yield { op: 'sleep', us: jiffiesUs(ctx, 1), site: 'cpu' };
    }
  }
}
