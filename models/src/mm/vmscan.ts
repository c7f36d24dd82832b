/**
 * Reclaim: kswapd (balance_pgdat), direct reclaim (try_to_free_pages →
 * throttle_direct_reclaim + do_try_to_free_pages), the zone walk, the memcg
 * walk and shrink_zone_memcg, and the per-version OOM gate zone_reclaimable.
 * get_scan_count is in scanCount.ts, the list shrinkers in shrinkList.ts.
 */
import { GFP_KERNEL, __GFP_FS, __GFP_IO, PF_KSWAPD, PF_KTHREAD, PF_MEMALLOC, PF_SWAPWRITE, PF_WQ_WORKER } from './flags.ts';
import type { Actor, Wait } from '../runtime/engine.ts';
import { jiffiesUs, cpuDebtWait, step } from '../runtime/trace.ts';
import { ref } from '../kernel/refs.ts';
import { zoneReclaimablePages, type Zone } from './zone.ts';
import { SCAN_US_PER_PAGE } from '../runtime/units.ts';
import { throttleVmWriteout } from './pageWriteback.ts';
import { sleeps, type MaySleep, type Sleeping } from '../runtime/maySleep.ts';
import type { MachineEnv as Machine, SimCtx } from '../env/machineEnv.ts';
import {
  DEF_PRIORITY, LRU_ACTIVE_ANON, LRU_ACTIVE_FILE, LRU_INACTIVE_ANON, LRU_INACTIVE_FILE, SWAP_CLUSTER_MAX,
  getScanCount, inactiveAnonIsLow as inactiveAnonIsLowOf, inactiveFileIsLow, inactiveRatio, lruSizes, type ScanControl, type ScanCountInput,
} from './scanCount.ts';
import { activeAnonPages, inactiveAnonPages, shrinkActiveList, shrinkInactiveList, lruvecFlags, lruvecStat, tooManyIsolated } from './shrinkList.ts';
import { countScanned, scannedBy } from './vmEvents.ts';
import { makePassWatch, repeatPingPong, watchPass, type PassWatch } from './kswapdPingPong.ts';

export { SWAP_CLUSTER_MAX, DEF_PRIORITY, inactiveRatio, type ScanControl } from './scanCount.ts';
export { shrinkInactiveList, type ShrinkResult } from './shrinkList.ts';

/**
 * How many times get_scan_count chose SCAN_FRACT, the one balance that reads
 * reclaim_stat (whose counters every pass moves): a kswapd pass that made
 * that choice is never repeated by kswapdPingPong.ts.
 */
let fractBalances = 0;

let PASS_WATCH: PassWatch | null = null;

/** The pass watch, sized for the machine's zones. */
function passWatch(zones: number): PassWatch {
  if (!PASS_WATCH || PASS_WATCH.zones.length !== zones * 20) PASS_WATCH = makePassWatch(zones);
  return PASS_WATCH;
}

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
    const n = lru === LRU_INACTIVE_ANON ? inactiveAnonPages(z) : lru === LRU_ACTIVE_ANON ? activeAnonPages(z) : lru === LRU_ACTIVE_FILE ? z.activeFile : z.file - z.activeFile;
    if (n > most) {
      most = n;
      best = z;
    }
  }
  return best;
}

/**
 * inactive_list_is_low for the anon list of `lruvec` (scanCount.ts
 * inactiveAnonIsLow), its list sizes in `lru`; v4.6's zone ratio is the
 * zone's (its lruvec is one zone).
 */
function inactiveAnonIsLow(ctx: SimCtx, lruvec: readonly Zone[], lru: readonly number[]): boolean {
  return inactiveAnonIsLowOf(ctx.tree, ctx.m.swapTotal, lru[LRU_INACTIVE_ANON]!, lru[LRU_ACTIVE_ANON]!, inactiveRatio(lruvec[0]!));
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
  // One object, refilled by every call: getScanCount reads it at once and keeps nothing of it.
  const v = SCAN_COUNT_INPUT;
  v.lru = lru as unknown as [number, number, number, number];
  v.free = free; v.high = high; v.freeSwap = m.swapTotal - m.swapUsed; v.swappiness = m.p.swappiness; v.priority = sc.priority; v.kswapd = sc.kswapd;
  v.reclaimable = unitIsReclaimable(m, unit); v.stat = lruvecStat(ctx, lruvec[lruvec.length - 1]!);
  return v;
}

const SCAN_COUNT_INPUT: { -readonly [K in keyof ScanCountInput]: ScanCountInput[K] } = {
  lru: [0, 0, 0, 0], free: 0, high: 0, freeSwap: 0, swappiness: 0, priority: 0, kswapd: false, reclaimable: false, stat: { recentScanned: [0, 0], recentRotated: [0, 0] },
};

/**
 * shrink_list: an active list is aged only while its inactive list is low
 * (inactive_list_is_low); an inactive list goes to shrink_inactive_list.
 * Returns the pages shrinkActiveList aged (0 when the inactive list is not low).
 */
function shrinkListActive(ctx: SimCtx, lruvec: readonly Zone[], lru: number, n: number): number {
  const sizes = LRU_SCRATCH;
  lruSizes(lruvec, sizes);
  const low = lru === LRU_ACTIVE_FILE ? inactiveFileIsLow(ctx.tree, sizes[LRU_INACTIVE_FILE]!, sizes[LRU_ACTIVE_FILE]!) : inactiveAnonIsLow(ctx, lruvec, sizes);
  return low ? shrinkActiveList(ctx, batchZone(lruvec, lru), lru === LRU_ACTIVE_FILE, n) : 0;
}

const LRU_SCRATCH: number[] = [0, 0, 0, 0];

/**
 * Whether the next iterations of shrink_zone_memcg's loop can neither
 * reclaim, nor sleep, nor change what the loop decides: the file lists are
 * done, the inactive anon batch can only meet pages under writeback (no clean
 * swap cache, nothing it may swap out, kswapd not counting immediate pages),
 * too_many_isolated does not hold, and the active anon list is not aged
 * (nothing left to scan on it, or the inactive list not low), so no page
 * joins the inactive list between the batches. Such iterations are taken in
 * one step (the resident pages the batches pass over, residentMet, are as
 * many in one batch as in many: the lists do not move).
 */
function quietAnonIterations(ctx: SimCtx, lruvec: readonly Zone[], z: Zone, nr: readonly number[], sc: ScanControl): boolean {
  if (nr[LRU_INACTIVE_FILE] || nr[LRU_ACTIVE_FILE]) return false;
  if (z.swapClean !== 0) return false;
  if (z.anonInactive !== 0 && sc.gfp & __GFP_IO && ctx.m.swapAvailable()) return false;
  if (sc.kswapd && lruvecFlags(ctx, z).writebackFlag) return false;
  if (tooManyIsolated(lruvec, false, sc.gfp, sc.kswapd)) return false;
  if (!nr[LRU_ACTIVE_ANON]) return true;
  lruSizes(lruvec, LRU_SCRATCH);
  return !inactiveAnonIsLow(ctx, lruvec, LRU_SCRATCH);
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
  sc.nrScanned += pages;
  countFileCycle(ctx, z, pages);
}

/**
 * What cycling `pages` file pages of zone z through both lists leaves behind
 * (a file batch that activates them all, then the aging of as many): each
 * page scanned twice in pages_scanned, the CPU time, and reclaim_stat's
 * scanned and rotated file pages. The lists end as they began.
 */
function countFileCycle(ctx: SimCtx, z: Zone, pages: number): void {
  z.pagesScanned += 2 * pages;
  countScanned(ctx.m.vmEvents, ctx.task.pf, pages);
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
 * Returns at once when no step sleeps (no inactive anon to scan and nothing
 * that makes a batch sleep: listsCannotSleep, scanListsNoSleep; a memcg with
 * nothing to scan; throttle_vm_writeout not sleeping); else the generator
 * that goes on.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L2196 (loop L2231, proportional stop L2246, throttle L2311)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/vmscan.c#L2173 (L2208, L2223, L2288)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/vmscan.c#L2309 (L2342, L2357, L2422)
 */
export function shrinkZoneMemcg(ctx: SimCtx, zones: Zone[], memcg: number, sc: ScanControl): MaySleep<unknown> {
  if (memcg === 0) {
    const r = shrinkZoneMemcgLists(ctx, zones, sc);
    if (r !== PASSED) return r;
  }
  return shrinkZoneMemcgThrottle(ctx, sc);
}

/** What shrinkZoneMemcgLists returns when its part of the pass is done without sleeping. */
const PASSED = 0;

/**
 * shrinkZoneMemcg of the root memcg up to throttle_vm_writeout: get_scan_count,
 * the loop, the anon aging. PASSED when no step slept; else the generator that
 * goes on, through throttle_vm_writeout.
 */
function shrinkZoneMemcgLists(ctx: SimCtx, zones: Zone[], sc: ScanControl): MaySleep<unknown> {
  const lruvec = lruvecZones(ctx, zones);
  // Scratch arrays: the generator below gets copies of its own; the pass without one ends before anybody else runs.
  const nr = NR_SCRATCH;
  const sizes = SIZES_SCRATCH;
  if (getScanCount(ctx, scanCountInput(ctx, lruvec, zones, sc, sizes), nr) === 'SCAN_FRACT') fractBalances++;
  if (nr[LRU_INACTIVE_ANON] || !listsCannotSleep(ctx, lruvec, sc)) return shrinkZoneMemcgLoop(ctx, lruvec, sc, nr.slice());
  scanListsNoSleep(ctx, lruvec, sc, nr, sizes);
  return PASSED;
}

/** shrinkZoneMemcg from its loop on: the loop, the anon aging, throttle_vm_writeout. */
function* shrinkZoneMemcgLoop(ctx: SimCtx, lruvec: readonly Zone[], sc: ScanControl, nr: number[]): Sleeping<void> {
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
      // A full iteration with anon to scan, untraced, that another full one will follow: watched for repeatIteration.
      const watched = !zf && !ctx.trace && fullIterations(nr) >= 2 && watchIteration(ctx, lruvec, sc);
      let slept = false;
      for (let lru = 0; lru < 4; lru++) {
        if (!nr[lru]) continue;
        const n = Math.min(nr[lru]!, SWAP_CLUSTER_MAX);
        nr[lru]! -= n;
        if (lru === LRU_ACTIVE_ANON || lru === LRU_ACTIVE_FILE) {
          shrinkListActive(ctx, lruvec, lru, n);
          continue;
        }
        const s = shrinkInactiveList(ctx, lruvec, batchZone(lruvec, lru), lru === LRU_INACTIVE_FILE, n, sc);
        if (sleeps(s)) slept = true;
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
      if (watched && !slept && pendingSleep === sleep0 && (sc.nrReclaimed - startReclaimed < sc.nrToReclaim || scanAdjusted)) {
        repeatIteration(ctx, lruvec, nr, sc);
      }
    }
    if (pendingSleep > 0 && chunks >= JIFFY_SLEEP_BATCH) {
      if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
      yield { op: 'sleep', us: pendingSleep, site: 'wait_iff_congested' };
      pendingSleep = 0;
      chunks = 0;
    }
    if (sc.nrReclaimed - startReclaimed < sc.nrToReclaim || scanAdjusted) continue;
    if (!proportionalStop(ctx, nr, targets)) break;
    scanAdjusted = true;
  }
  if (pendingSleep > 0) {
    if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
    yield { op: 'sleep', us: pendingSleep, site: 'wait_iff_congested' };
  }
  // Even without anon scanning, the anon lists are rebalanced. (A scratch array: nothing sleeps between its fill and its use.)
  const sizes = SIZES_SCRATCH;
  lruSizes(lruvec, sizes);
  if (inactiveAnonIsLow(ctx, lruvec, sizes)) shrinkActiveList(ctx, batchZone(lruvec, LRU_ACTIVE_ANON), false, SWAP_CLUSTER_MAX);
  const t = shrinkZoneMemcgThrottle(ctx, sc);
  if (sleeps(t)) yield* t;
}

/**
 * How many more iterations of shrinkZoneMemcg's loop take a full
 * SWAP_CLUSTER_MAX batch of every list that has pages left to scan (0 if some
 * list has fewer left).
 */
function fullIterations(nr: readonly number[]): number {
  let k = Infinity;
  for (let l = 0; l < 4; l++) {
    const x = nr[l]!;
    if (!x) continue;
    if (x < SWAP_CLUSTER_MAX) return 0;
    k = Math.min(k, Math.floor(x / SWAP_CLUSTER_MAX));
  }
  return k === Infinity ? 0 : k;
}

/** What watchIteration saw before an iteration: per lruvec zone (WATCH_FIELDS numbers each), then the task's and sc's counters. */
const WATCH_FIELDS = 18;
const WATCH = new Float64Array(4 * WATCH_FIELDS + 5);
let watchedZones = 0;

function zoneWatch(z: Zone, out: Float64Array, o: number): void {
  const stat = z.stat;
  out[o] = z.anon; out[o + 1] = z.anonWb; out[o + 2] = z.swapClean; out[o + 3] = z.file; out[o + 4] = z.activeFile; out[o + 5] = z.fileCold;
  out[o + 6] = z.isolated; out[o + 7] = z.free; out[o + 8] = z.pcp; out[o + 9] = z.writebackFlag ? 1 : 0; out[o + 10] = z.nrIsolated[0];
  out[o + 11] = z.anonYoung; out[o + 12] = z.pagesScanned;
  out[o + 13] = stat.recentScanned[0]; out[o + 14] = stat.recentScanned[1]; out[o + 15] = stat.recentRotated[1];
  out[o + 16] = z.anonInactive; out[o + 17] = z.anonScanCarry;
}

/** Records the state an iteration starts from (for repeatIteration); false, recording nothing, for an lruvec of more than four zones. */
function watchIteration(ctx: SimCtx, lruvec: readonly Zone[], sc: ScanControl): boolean {
  const n = lruvec.length;
  if (n > 4) return false;
  watchedZones = n;
  for (let i = 0; i < n; i++) {
    zoneWatch(lruvec[i]!, WATCH, i * WATCH_FIELDS);
    ROT0[i] = lruvec[i]!.stat.recentRotated[0];
  }
  const o = 4 * WATCH_FIELDS;
  WATCH[o] = ctx.m.swapUsed; WATCH[o + 1] = sc.nrScanned; WATCH[o + 2] = sc.nrReclaimed; WATCH[o + 3] = ctx.task.cpuDebtUs;
  WATCH[o + 4] = scannedBy(ctx.m.vmEvents, ctx.task.pf);
  return true;
}

const ROT0 = new Float64Array(4);
const NOW = new Float64Array(WATCH_FIELDS);

/**
 * The iteration of shrinkZoneMemcg's loop just taken (watched by
 * watchIteration) took a full batch of every list with pages left, did not
 * sleep, owes no wait_iff_congested, and left every list of the lruvec as it
 * found it: no page was freed, swapped, isolated, deactivated or moved for
 * good (the file pages it activated it deactivated again), so the next
 * iteration meets the same lists, takes the same path and changes the same
 * counters by the same amounts — pages_scanned, nr_scanned, the CPU time
 * owed, reclaim_stat. (An iteration that aged active anon pages moved them to
 * the inactive list, so it is never repeated.) Nothing the loop reads besides
 * the lists moved (pages_scanned and reclaim_stat are read only before the
 * loop; ZONE_WRITEBACK, which kswapd reads, is unchanged). Every further
 * iteration with a full batch of the same lists is taken at once, the
 * counters as the iterations would leave them. Untraced runs only.
 */
function repeatIteration(ctx: SimCtx, lruvec: readonly Zone[], nr: number[], sc: ScanControl): void {
  const n = watchedZones;
  if (n !== lruvec.length) return;
  const o = 4 * WATCH_FIELDS;
  if (ctx.m.swapUsed !== WATCH[o] || sc.nrReclaimed !== WATCH[o + 2]) return;
  for (let i = 0; i < n; i++) {
    zoneWatch(lruvec[i]!, NOW, 0);
    const b = i * WATCH_FIELDS;
    for (let f = 0; f <= 11; f++) if (NOW[f] !== WATCH[b + f]) return;
    if (NOW[16] !== WATCH[b + 16] || NOW[17] !== WATCH[b + 17]) return;
  }
  const k = fullIterations(nr);
  if (k === 0) return;
  for (let i = 0; i < n; i++) {
    const z = lruvec[i]!;
    const b = i * WATCH_FIELDS;
    const stat = z.stat;
    z.pagesScanned += k * (z.pagesScanned - WATCH[b + 12]!);
    stat.recentScanned[0] += k * (stat.recentScanned[0] - WATCH[b + 13]!);
    stat.recentScanned[1] += k * (stat.recentScanned[1] - WATCH[b + 14]!);
    stat.recentRotated[1] += k * (stat.recentRotated[1] - WATCH[b + 15]!);
    stat.recentRotated[0] += k * (stat.recentRotated[0] - ROT0[i]!);
  }
  sc.nrScanned += k * (sc.nrScanned - WATCH[o + 1]!);
  countScanned(ctx.m.vmEvents, ctx.task.pf, k * (scannedBy(ctx.m.vmEvents, ctx.task.pf) - WATCH[o + 4]!));
  ctx.task.cpuDebtUs += k * (ctx.task.cpuDebtUs - WATCH[o + 3]!);
  for (let l = 0; l < 4; l++) if (nr[l]) nr[l]! -= k * SWAP_CLUSTER_MAX;
}

/**
 * The proportional stop: once, scan the smaller type no more and the other
 * only to its share. Returns false when one type has nothing left (the loop
 * ends there).
 */
function proportionalStop(ctx: SimCtx, nr: number[], targets: readonly number[]): boolean {
  const nrFile = nr[LRU_INACTIVE_FILE]! + nr[LRU_ACTIVE_FILE]!;
  const nrAnon = nr[LRU_INACTIVE_ANON]! + nr[LRU_ACTIVE_ANON]!;
  if (!nrFile || !nrAnon) return false;
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
  return true;
}

const NR_SCRATCH: number[] = [0, 0, 0, 0];
const SIZES_SCRATCH: number[] = [0, 0, 0, 0];
const TARGETS_SCRATCH: number[] = [0, 0, 0, 0];

/**
 * Whether, with nothing to scan on the inactive anon list, no step of
 * shrinkZoneMemcgLoop's loop can sleep: too_many_isolated never holds for a
 * file batch (kswapd is exempt; nobody isolates file pages in the model, and
 * a zone's inactive file count is never negative, so with NR_ISOLATED_FILE at
 * 0 it holds for nobody), and the batches owe no wait_iff_congested (kswapd
 * owes none; another task owes one only as a workqueue worker of a kernel
 * that sleeps it, waitIffCongestedUs).
 */
function listsCannotSleep(ctx: SimCtx, lruvec: readonly Zone[], sc: ScanControl): boolean {
  if (sc.kswapd) return true;
  if (ctx.task.pf & PF_WQ_WORKER && ctx.policy.waitIffCongestedWorkerSleep) return false;
  for (let i = 0; i < lruvec.length; i++) if (lruvec[i]!.nrIsolated[1] !== 0) return false;
  return true;
}

/**
 * shrinkZoneMemcgLoop's loop and anon aging when get_scan_count gave inactive
 * anon nothing to scan and listsCannotSleep holds, without a generator: none
 * of its steps can sleep. nr[LRU_INACTIVE_ANON] stays 0 (the proportional
 * stop cuts it to a share of its target, 0), so the quiet-anon branch is
 * never taken and no anon batch is shrunk; a file batch does not sleep
 * (shrinkFileBatch, and listsCannotSleep for too_many_isolated); shrink_list
 * ages active lists without sleeping; every batch's sleepUs is 0, so
 * pendingSleep stays 0 and the loop's sleeps are never reached. What is left
 * is the same steps in the same order.
 */
function scanListsNoSleep(ctx: SimCtx, lruvec: readonly Zone[], sc: ScanControl, nr: number[], sizes: number[]): void {
  if (ctx.trace || !fileCycleOnly(ctx, lruvec, nr, sc)) scanListsLoop(ctx, lruvec, sc, nr);
  // Even without anon scanning, the anon lists are rebalanced.
  lruSizes(lruvec, sizes);
  if (inactiveAnonIsLow(ctx, lruvec, sizes)) shrinkActiveList(ctx, batchZone(lruvec, LRU_ACTIVE_ANON), false, SWAP_CLUSTER_MAX);
}

/** scanListsNoSleep's loop. */
function scanListsLoop(ctx: SimCtx, lruvec: readonly Zone[], sc: ScanControl, nr: number[]): void {
  const targets = TARGETS_SCRATCH;
  for (let l = 0; l < 4; l++) targets[l] = nr[l]!;
  const startReclaimed = sc.nrReclaimed;
  let scanAdjusted = !sc.kswapd && sc.priority === DEF_PRIORITY;
  while (nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
    const zf = nr[LRU_ACTIVE_ANON] ? null : batchZone(lruvec, LRU_INACTIVE_FILE);
    const file0 = zf ? zf.file : 0, active0 = zf ? zf.activeFile : 0, cold0 = zf ? zf.fileCold : 0;
    const scanned0 = zf ? zf.pagesScanned : 0, reclaimed0 = sc.nrReclaimed;
    for (let lru = LRU_ACTIVE_ANON; lru < 4; lru++) {
      if (!nr[lru]) continue;
      const n = Math.min(nr[lru]!, SWAP_CLUSTER_MAX);
      nr[lru]! -= n;
      if (lru === LRU_ACTIVE_ANON || lru === LRU_ACTIVE_FILE) shrinkListActive(ctx, lruvec, lru, n);
      else shrinkInactiveList(ctx, lruvec, batchZone(lruvec, lru), true, n, sc);
    }
    if (zf && zf.file === file0 && zf.activeFile === active0 && zf.fileCold === cold0 && zf.pagesScanned - scanned0 === 2 * SWAP_CLUSTER_MAX
      && sc.nrReclaimed === reclaimed0 && (sc.nrReclaimed - startReclaimed < sc.nrToReclaim || scanAdjusted)) {
      repeatFileCycle(ctx, zf, nr, sc);
    }
    if (sc.nrReclaimed - startReclaimed < sc.nrToReclaim || scanAdjusted) continue;
    if (!proportionalStop(ctx, nr, targets)) break;
    scanAdjusted = true;
  }
}

/**
 * The zone of the lruvec's file pages when a file batch followed by the aging
 * of as many active pages can only cycle them (fileCycleOnly,
 * kswapdFileCycleSweep): the only zone with file pages, none of them cold
 * (clean and unreferenced: freed, not activated), as many on the inactive
 * list as on the active one, and the active list low once a batch of one
 * page was activated (inactive_list_is_low(inactive − b, active + b) is
 * monotonic in the batch b, so then for any batch). null otherwise.
 */
function cyclingFileZone(ctx: SimCtx, lruvec: readonly Zone[]): Zone | null {
  let zf: Zone | null = null;
  for (let i = 0; i < lruvec.length; i++) {
    const z = lruvec[i]!;
    if (z.file === 0) continue;
    if (zf) return null;
    zf = z;
  }
  if (!zf || zf.fileCold !== 0) return null;
  const inactive = zf.file - zf.activeFile;
  if (inactive !== zf.activeFile || inactive === 0) return null;
  return inactiveFileIsLow(ctx.tree, inactive - 1, inactive + 1) ? zf : null;
}

/**
 * scanListsNoSleep's loop over the file lists, taken at once when it can only
 * cycle the working set: nothing to scan but n pages of each file list, all
 * the lruvec's file pages in one zone, none cold, as many inactive as active.
 * Each iteration's file batch activates the min(n left, SWAP_CLUSTER_MAX)
 * pages it takes (all referenced, none freed), and the active list, then low
 * (inactive_list_is_low holds for any batch once it holds for a batch of one
 * page: the test is monotonic in the batch), is aged by as many, which it
 * deactivates: each iteration leaves the lists as it found them
 * (repeatFileCycle), and nothing is reclaimed, so the proportional stop never
 * comes. In all: pages_scanned + 2n, nr_scanned + n, the CPU time of 2n
 * pages, 2n scanned and rotated file pages in reclaim_stat. Returns false,
 * having changed nothing, when the loop does not qualify.
 */
function fileCycleOnly(ctx: SimCtx, lruvec: readonly Zone[], nr: number[], sc: ScanControl): boolean {
  const n = nr[LRU_INACTIVE_FILE]!;
  if (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_ANON] || n === 0 || nr[LRU_ACTIVE_FILE] !== n) return false;
  const zf = cyclingFileZone(ctx, lruvec);
  if (!zf || n > zf.activeFile) return false;
  sc.nrScanned += n;
  countFileCycle(ctx, zf, n);
  nr[LRU_INACTIVE_FILE] = 0;
  nr[LRU_ACTIVE_FILE] = 0;
  return true;
}

/** The end of shrinkZoneMemcg for every memcg: throttle_vm_writeout (after paying the scan's CPU time when it may sleep there). */
function shrinkZoneMemcgThrottle(ctx: SimCtx, sc: ScanControl): MaySleep<unknown> {
  const m = ctx.m;
  const before = ctx.task.cpuDebtUs;
  if (ctx.policy.throttleVmWriteout === 'present' && before > 0 && m.writeback() > 0) return shrinkZoneMemcgPayThrottle(ctx, sc);
  return throttleVmWriteout(ctx, sc.gfp, m.writebackStateFn);
}

function* shrinkZoneMemcgPayThrottle(ctx: SimCtx, sc: ScanControl): Sleeping<void> {
  yield cpuDebtWait(ctx);
  const t = throttleVmWriteout(ctx, sc.gfp, ctx.m.writebackStateFn);
  if (sleeps(t)) yield* t;
}

/**
 * shrink_zone (v4.8: shrink_node): every memcg of the hierarchy. Returns true
 * if it reclaimed anything: at once when no memcg's pass sleeps, else the
 * generator that goes on.
 */
export function shrinkZone(ctx: SimCtx, zones: Zone[], sc: ScanControl): MaySleep<boolean> {
  const before = sc.nrReclaimed;
  const memcgs = ctx.m.p.memcgs;
  for (let memcg = 0; memcg < memcgs; memcg++) {
    const r = shrinkZoneMemcg(ctx, zones, memcg, sc);
    if (sleeps(r)) return shrinkZoneFrom(ctx, zones, sc, memcg, r, before);
  }
  return sc.nrReclaimed > before;
}

/** shrinkZone from memcg `memcg`, whose pass is under way in `pending`. */
function* shrinkZoneFrom(ctx: SimCtx, zones: Zone[], sc: ScanControl, memcg: number, pending: Sleeping<unknown>, before: number): Sleeping<boolean> {
  yield* pending;
  const memcgs = ctx.m.p.memcgs;
  for (let next = memcg + 1; next < memcgs; next++) {
    const r = shrinkZoneMemcg(ctx, zones, next, sc);
    if (sleeps(r)) yield* r;
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
 * Returns whether any zone was reclaimable (the v4.6 "don't OOM" hint): at
 * once when no zone's pass sleeps, else the generator that goes on.
 */
function shrinkZones(ctx: SimCtx, sc: ScanControl): MaySleep<boolean> {
  const m = ctx.m;
  let reclaimable = false;
  const units = reclaimUnits(m, ctx.policy.reclaimUnit);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const ok = unitIsReclaimable(m, unit);
    if (sc.priority !== DEF_PRIORITY && !ok) continue;
    // shrink_zone's answer is whether sc->nr_reclaimed grew during it: read here, so one memcg's pass can be called alone.
    const before = sc.nrReclaimed;
    const r = ctx.m.p.memcgs === 1 ? shrinkZoneMemcg(ctx, unit, 0, sc) : shrinkZone(ctx, unit, sc);
    if (sleeps(r)) return shrinkZonesFrom(ctx, sc, i, r, before, reclaimable);
    if (sc.nrReclaimed > before) reclaimable = true;
    if (!reclaimable && unitIsReclaimable(m, unit)) reclaimable = true;
  }
  return reclaimable;
}

/** shrinkZones from unit `from`, whose pass (begun with `before` pages reclaimed) is under way in `pending`. */
function* shrinkZonesFrom(ctx: SimCtx, sc: ScanControl, from: number, pending: Sleeping<unknown>, before: number, reclaimable: boolean): Sleeping<boolean> {
  const m = ctx.m;
  const units = reclaimUnits(m, ctx.policy.reclaimUnit);
  for (let i = from; i < units.length; i++) {
    const unit = units[i]!;
    if (i > from) {
      const ok = unitIsReclaimable(m, unit);
      if (sc.priority !== DEF_PRIORITY && !ok) continue;
      before = sc.nrReclaimed;
    }
    const r = i === from ? pending : m.p.memcgs === 1 ? shrinkZoneMemcg(ctx, unit, 0, sc) : shrinkZone(ctx, unit, sc);
    if (sleeps(r)) yield* r;
    if (sc.nrReclaimed > before) reclaimable = true;
    if (!reclaimable && unitIsReclaimable(m, unit)) reclaimable = true;
  }
  return reclaimable;
}

/**
 * Whether shrinkZones would skip every unit (below DEF_PRIORITY, none
 * zone_reclaimable): it then returns false at once, without sleeping or
 * changing anything, so the caller need not call it.
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
    ctx.m.vmEvents.allocstall++;
    do {
      sc.nrScanned = 0;
      // The priorities down to 1 that only cycle the file working set, at once (then priority 0 as usual).
      const descent = ctx.trace ? -1 : directFileCycleDescent(ctx, sc);
      if (descent >= 0) {
        zonesReclaimable = descent === 1;
        continue;
      }
      // A pass that would skip every unit returns false without a generator.
      if (shrinkZonesSkipsAll(ctx, sc)) zonesReclaimable = false;
      else {
        const r = shrinkZones(ctx, sc);
        zonesReclaimable = sleeps(r) ? yield* r : r;
      }
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
      m.fsThrottled++;
      yield { op: 'wait', queue: m.q.pfmemalloc, timeoutUs: Infinity, site: 'throttle_direct_reclaim', killable: true };
      m.fsThrottled--;
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
  const zones = m.zones;
  const reclaimUnit = ctx.policy.reclaimUnit;
  const node = reclaimUnit === 'node';
  // Zone reclaim's units are the zones alone: the singletons of the zonelist (reclaimUnits, highest zone first).
  const singles = node ? null : reclaimUnits(m, reclaimUnit);
  let priority = DEF_PRIORITY;
  // One scan_control for the call: every priority sets each of its fields before use, as a new one would have them.
  const sc: ScanControl = { gfp: GFP_KERNEL, nrToReclaim: 0, priority, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd: true };
  do {
    if (node && anyZoneBalanced(zones)) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'balancePgdatBalanced'), 'a zone is balanced for the classzone: out');
      break;
    }
    // The unbalanced zones as the priority starts (a bit per zone, in zone order).
    let unbalanced = 0;
    for (let i = 0; i < zones.length; i++) if (!kswapdZoneBalanced(reclaimUnit, zones, zones[i]!)) unbalanced |= 1 << i;
    if (unbalanced === 0) break;
    if (node && !ctx.trace && kswapdFileCycleSweep(ctx, priority)) break;
    sc.gfp = GFP_KERNEL; sc.nrToReclaim = 0; sc.priority = priority; sc.mayThrash = false; sc.nrReclaimed = 0; sc.nrScanned = 0; sc.kswapd = true;
    let raise = true;
    // Node reclaim: one unit, the unbalanced zones; past anyZoneBalanced none is balanced, so that is every zone of the node.
    const nUnits = node ? 1 : zones.length;
    for (let u = 0; u < nUnits; u++) {
      if (!node && !(unbalanced & (1 << u))) continue;
      const unit = node ? zones : singles![zones.length - 1 - u]!;
      if (!node && priority !== DEF_PRIORITY && !unitIsReclaimable(m, unit)) continue;
      let high = 0;
      for (let i = 0; i < unit.length; i++) high += unit[i]!.high;
      sc.nrToReclaim = Math.max(SWAP_CLUSTER_MAX, high);
      sc.nrScanned = 0;
      if (m.p.memcgs === 1) {
        // kswapd_shrink_zone (v4.8: kswapd_shrink_node) does not look at shrink_zone's answer: with one memcg, that
        // memcg's pass alone, its throttle_vm_writeout (shrinkZoneMemcgThrottle) taken here without a generator.
        const r = shrinkZoneMemcgLists(ctx, unit, sc);
        if (r !== PASSED) yield* r as Sleeping<unknown>;
        else {
          if (ctx.policy.throttleVmWriteout === 'present' && ctx.task.cpuDebtUs > 0 && m.writeback() > 0) yield cpuDebtWait(ctx);
          const t = throttleVmWriteout(ctx, sc.gfp, m.writebackStateFn);
          if (sleeps(t)) yield* t;
        }
      } else {
        const r = shrinkZone(ctx, unit, sc);
        if (sleeps(r)) yield* r;
      }
      if (!node) {
        if (ctx.trace) step(ctx, ref(ctx.tree, 'kswapdShrinkZoneClearWriteback'), `kswapd_shrink_zone done: clear ZONE_WRITEBACK of ${unit[0]!.name}`);
        for (let i = 0; i < unit.length; i++) unit[i]!.writebackFlag = false;
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

const SWEEP_SIZES: number[] = [0, 0, 0, 0];

/**
 * balancePgdat's priorities from `priority` down to 1 on a node (v4.8 node
 * reclaim), taken at once when none of them can reclaim, sleep or decide
 * anything differently from the first: the node's file pages are the working
 * set, all in one zone, none cold, as many on the inactive list as on the
 * active one; no free swap or get_scan_count's SCAN_FILE (file + free above
 * high, inactive file not low), with inactive_file >> priority > 0, so every
 * priority left scans the file lists only, SWAP_CLUSTER_MAX of each in turn
 * (its first pass scans something, so force_scan and zone_reclaimable play no
 * part); and throttle_vm_writeout is gone (v4.9) or finds no writeback (so
 * kswapd does not stop before it to pay its CPU time either). Each file batch activates the pages it
 * takes and the active list, then low (inactive_list_is_low holds for any
 * batch once it holds for a batch of one page: the test is monotonic in the
 * batch), deactivates as many again (repeatFileCycle), so a priority q
 * scans inactive_file >> q pages of each list, frees nothing and leaves the
 * lists as they were: pages_scanned + 2n, the CPU time of 2n pages, 2n
 * scanned and rotated file pages in reclaim_stat. Then, each priority, the
 * anon aging of shrink_zone_memcg while inactive anon is low
 * (anonAgingBatch, ageAnon), which the file batches do not touch. Nothing
 * else moves: balance_pgdat's
 * tests (a zone balanced, the unbalanced zones, pfmemalloc_watermark_ok) read
 * free pages and list sizes, which stay as they were, and a priority that
 * reclaimed nothing pays no CPU time; the wake of pfmemalloc_wait after the
 * first priority leaves nobody for the others to wake. Untraced runs only.
 * Returns false, having changed nothing, when the priorities do not qualify.
 */
function kswapdFileCycleSweep(ctx: SimCtx, priority: number): boolean {
  const m = ctx.m;
  const zones = m.zones;
  const zf = fileCycleZoneFrom(ctx, priority);
  if (!zf) return false;
  const inactive = zf.activeFile;
  let pages = 0;
  for (let q = priority; q >= 1; q--) pages += inactive >> q;
  countFileCycle(ctx, zf, pages);
  for (let q = priority; q >= 1; q--) {
    const batch = anonAgingBatch(ctx, zones);
    if (batch > 0) ageAnon(ctx, agingZone!, batch);
  }
  if (m.pfmemallocWatermarkOk()) m.engine.wake(m.q.pfmemalloc);
  return true;
}

/**
 * What kswapdFileCycleSweep and directFileCycleDescent both need of the node
 * before taking priorities `priority`…1 at once: throttle_vm_writeout gone or
 * finding no writeback, the file lists cycling (cyclingFileZone) with
 * inactive_file >> priority > 0, and get_scan_count choosing SCAN_FILE at
 * every one of them — no free swap (then only file is scanned anyway), or
 * not SCAN_EQUAL (priorities ≥ 1), not SCAN_ANON (file + free above the high
 * marks) and inactive file not low. The zone of the file pages, or null.
 */
function fileCycleZoneFrom(ctx: SimCtx, priority: number): Zone | null {
  const m = ctx.m;
  const zones = m.zones;
  if (ctx.policy.throttleVmWriteout === 'present' && m.writeback() > 0) return null;
  const zf = cyclingFileZone(ctx, zones);
  if (!zf) return null;
  const inactive = zf.activeFile;
  if (inactive >> priority === 0) return null;
  if (m.swapTotal - m.swapUsed > 0) {
    let free = 0, high = 0;
    for (let i = 0; i < zones.length; i++) {
      free += zones[i]!.free;
      high += zones[i]!.high;
    }
    if (2 * inactive + free <= high) return null;
    if (inactiveFileIsLow(ctx.tree, inactive, inactive)) return null;
  }
  return zf;
}

/** The zone anonAgingBatch found. */
let agingZone: Zone | null = null;

/**
 * The anon aging that ends shrink_zone_memcg on `lruvec`, as its lists are:
 * the pages shrink_active_list takes a time (0 when inactive anon is not low
 * or active anon has none), from the zone left in agingZone.
 */
function anonAgingBatch(ctx: SimCtx, lruvec: readonly Zone[]): number {
  lruSizes(lruvec, SWEEP_SIZES);
  if (!inactiveAnonIsLow(ctx, lruvec, SWEEP_SIZES)) return 0;
  const za = batchZone(lruvec, LRU_ACTIVE_ANON);
  agingZone = za;
  return Math.min(SWAP_CLUSTER_MAX, activeAnonPages(za));
}

/**
 * shrinkActiveList of `scanned` active anon pages of za (at most what it
 * has): the young ones found referenced (min(scanned, young)), every one
 * counted in pages_scanned, the CPU time and reclaim_stat, and every one
 * deactivated.
 */
function ageAnon(ctx: SimCtx, za: Zone, scanned: number): void {
  const referenced = Math.min(scanned, za.anonYoung);
  za.pagesScanned += scanned;
  ctx.task.cpuDebtUs += scanned * SCAN_US_PER_PAGE;
  const statA = lruvecStat(ctx, za);
  statA.recentScanned[0] += scanned;
  statA.recentRotated[0] += referenced;
  za.anonYoung -= referenced;
  za.anonInactive += scanned;
}

/**
 * do_try_to_free_pages's priorities from sc.priority down to 1 on a node
 * (v4.8 node reclaim) for a direct reclaimer, taken at once when each of
 * them can only cycle the file working set, as kswapdFileCycleSweep's:
 * SCAN_FILE at every one (no free swap, or file + free above high and
 * inactive file not low, with inactive_file >> priority > 0), the file lists
 * cycling (cyclingFileZone), no batch owing wait_iff_congested or meeting
 * too_many_isolated (listsCannotSleep), throttle_vm_writeout gone or finding
 * no writeback. A priority either is skipped (below DEF_PRIORITY, the node no
 * longer zone_reclaimable: shrinkZonesSkipsAll) or scans inactive_file >> q
 * pages of each file list and ages the anon list once (ageAnon), reclaiming
 * nothing; pages_scanned, which zone_reclaimable reads, is brought up to date
 * priority by priority, so the skips and zones_reclaimable are as the loop
 * would find them. Returns -1, having changed nothing, when the priorities do
 * not qualify; else zones_reclaimable as the last of them left it (1 or 0),
 * with sc.priority at 1 and sc.nrScanned as that priority left it. Untraced
 * runs only.
 */
function directFileCycleDescent(ctx: SimCtx, sc: ScanControl): number {
  const m = ctx.m;
  if (ctx.policy.reclaimUnit !== 'node' || sc.priority < 1 || sc.kswapd) return -1;
  if (ctx.task.pf & PF_WQ_WORKER && ctx.policy.waitIffCongestedWorkerSleep) return -1;
  const zones = m.zones;
  for (let i = 0; i < zones.length; i++) if (zones[i]!.nrIsolated[1] !== 0) return -1;
  const zf = fileCycleZoneFrom(ctx, sc.priority);
  if (!zf) return -1;
  const inactive = zf.activeFile;
  const unit = reclaimUnits(m, 'node')[0]!;
  let reclaimable = 0;
  for (let q = sc.priority; q >= 1; q--) {
    sc.priority = q;
    sc.nrScanned = 0;
    if (q !== DEF_PRIORITY && !unitIsReclaimable(m, unit)) {
      reclaimable = 0;
      continue;
    }
    const n = inactive >> q;
    sc.nrScanned += n;
    countFileCycle(ctx, zf, n);
    const batch = anonAgingBatch(ctx, zones);
    if (batch > 0) ageAnon(ctx, agingZone!, batch);
    reclaimable = unitIsReclaimable(m, unit) ? 1 : 0;
  }
  return reclaimable;
}

/** Whether some zone of the node is balanced for the classzone (kswapdZoneBalanced, node reclaim). */
function anyZoneBalanced(zones: readonly Zone[]): boolean {
  for (let i = 0; i < zones.length; i++) if (kswapdZoneBalanced('node', zones, zones[i]!)) return true;
  return false;
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
    // A throttled task may be in the ping-pong with kswapd (kswapdPingPong.ts): the pass is watched.
    const watched = !ctx.trace && m.fsThrottled > 0;
    if (watched) watchPass(ctx, passWatch(m.zones.length));
    const fract0 = fractBalances;
    let balanced: boolean;
    if (!ctx.trace && ctx.policy.reclaimUnit === 'node' && !anyZoneBalanced(m.zones) && kswapdFileCycleSweep(ctx, DEF_PRIORITY)) {
      // balancePgdat without its generator when its first priority takes the whole sweep at once
      // (kswapdFileCycleSweep; with no zone balanced, every zone is unbalanced): its end, the same steps.
      if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
      balanced = prepareKswapdSleep(ctx);
    } else balanced = yield* balancePgdat(ctx);
    if (balanced) {
      if (watched && fractBalances === fract0) {
        const us = repeatPingPong(ctx, PASS_WATCH!, t0, (z, scanned) => zoneReclaimable(scanned, zoneReclaimablePages(z, m.swapAvailable())), () => wakeupKswapdWakes(ctx.policy.reclaimUnit, m.zones));
        if (us > 0) yield { op: 'sleep', us, site: 'cpu' };
      }
      if (ctx.trace) step(ctx, ref(ctx.tree, 'kswapdTryToSleep'), 'prepare_kswapd_sleep: balanced, sleep until woken');
      m.engine.wake(m.q.pfmemalloc);
      m.kswapdSleeping = true;
    } else if (m.engine.now === t0 && ctx.task.cpuDebtUs === 0) {
      // A pass that cost nothing and changed nothing: wait for the next wakeup instead of spinning.
      m.kswapdSleeping = true;
    }
  }
}
