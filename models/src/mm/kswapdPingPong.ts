/**
 * A livelock the kernel really runs, taken in one step. A task throttled in
 * throttle_direct_reclaim (__GFP_FS: no timeout) waits on pfmemalloc_wait
 * until pfmemalloc_watermark_ok; every check that fails wakes kswapd. kswapd
 * runs balance_pgdat, and when the zones count as balanced (pgdat_balanced
 * counts a zone that is no longer zone_reclaimable as balanced, 4.6:3037),
 * prepare_kswapd_sleep wakes pfmemalloc_wait again (4.6:3081) before kswapd
 * naps — so the throttled task checks, fails, wakes kswapd, and kswapd runs
 * another pass. When a pass changes no list, frees and swaps nothing, and
 * only costs CPU, every following pass is the same pass, until some other
 * task or timer acts: the model takes those passes at once (their counters
 * as the passes would leave them, one kswapd wakeup each) up to just before
 * the engine's next event, instead of one event each. Untraced runs only.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/vmscan.c#L3060 (prepare_kswapd_sleep), L2761 (throttle_direct_reclaim), L2718 (pfmemalloc_watermark_ok)
 */
import type { SimCtx } from '../env/machineEnv.ts';
import type { Zone } from './zone.ts';

/** Per zone: the fields a repeated pass must leave as they were, then its counters. */
const FIXED = 15;
const COUNTERS = 5;
const PER_ZONE = FIXED + COUNTERS;

/** What kswapd's pass started from. */
export interface PassWatch {
  zones: Float64Array;
  cpuUs: number;
  swapUsed: number;
  swapOuts: number;
  pgscanKswapd: number;
  pgscanDirect: number;
  pgstealKswapd: number;
  pgstealDirect: number;
  allocstall: number;
}

export function makePassWatch(zones: number): PassWatch {
  return { zones: new Float64Array(zones * PER_ZONE), cpuUs: 0, swapUsed: 0, swapOuts: 0, pgscanKswapd: 0, pgscanDirect: 0, pgstealKswapd: 0, pgstealDirect: 0, allocstall: 0 };
}

function zoneFields(z: Zone, out: Float64Array, o: number): void {
  out[o] = z.anon; out[o + 1] = z.anonYoung; out[o + 2] = z.anonInactive; out[o + 3] = z.anonScanCarry; out[o + 4] = z.anonWb;
  out[o + 5] = z.swapClean; out[o + 6] = z.isolated; out[o + 7] = z.file; out[o + 8] = z.activeFile; out[o + 9] = z.fileCold;
  out[o + 10] = z.free; out[o + 11] = z.pcp; out[o + 12] = z.writebackFlag ? 1 : 0; out[o + 13] = z.nrIsolated[0]; out[o + 14] = z.nrIsolated[1];
  out[o + 15] = z.pagesScanned;
  out[o + 16] = z.stat.recentScanned[0]; out[o + 17] = z.stat.recentScanned[1];
  out[o + 18] = z.stat.recentRotated[0]; out[o + 19] = z.stat.recentRotated[1];
}

/** Records the state kswapd's pass starts from. */
export function watchPass(ctx: SimCtx, w: PassWatch): void {
  const m = ctx.m;
  for (let i = 0; i < m.zones.length; i++) zoneFields(m.zones[i]!, w.zones, i * PER_ZONE);
  w.cpuUs = m.engine.stallAt(ctx.task as never, 'cpu');
  w.swapUsed = m.swapUsed; w.swapOuts = m.swapOuts;
  const ev = m.vmEvents;
  w.pgscanKswapd = ev.pgscanKswapd; w.pgscanDirect = ev.pgscanDirect; w.pgstealKswapd = ev.pgstealKswapd; w.pgstealDirect = ev.pgstealDirect; w.allocstall = ev.allocstall;
}

const NOW = new Float64Array(PER_ZONE);

/**
 * After a pass that began at t0 (watched in w) and ended balanced: whether the
 * ping-pong repeats it, and if so the passes taken at once. Returns the CPU
 * time those passes take (kswapd sleeps it), 0 when none are taken.
 * `reclaimable`: zone_reclaimable of a zone had its pages_scanned been the
 * given count (its lists are as they were); `wakes`: whether a throttled
 * task's check would wake kswapd (wakeup_kswapd's test).
 */
export function repeatPingPong(ctx: SimCtx, w: PassWatch, t0: number, reclaimable: (z: Zone, pagesScanned: number) => boolean, wakes: () => boolean): number {
  const m = ctx.m;
  const e = m.engine;
  const d = e.now - t0;
  if (d <= 0) return 0;
  // Nothing but CPU time: no wait another task could have ended.
  if (e.stallAt(ctx.task as never, 'cpu') - w.cpuUs !== d) return 0;
  if (m.pfmemallocWatermarkOk()) return 0;
  const q = m.q.pfmemalloc;
  let waiters = 0;
  for (let i = 0; i < q.waiters.length; i++) if (q.waiters[i]!.sleepingOn === q) waiters++;
  if (waiters === 0 || waiters !== m.fsThrottled || !wakes()) return 0;
  const ev = m.vmEvents;
  if (m.swapUsed !== w.swapUsed || m.swapOuts !== w.swapOuts || ev.pgstealKswapd !== w.pgstealKswapd || ev.pgstealDirect !== w.pgstealDirect || ev.allocstall !== w.allocstall || ev.pgscanDirect !== w.pgscanDirect) return 0;
  for (let i = 0; i < m.zones.length; i++) {
    const z = m.zones[i]!;
    zoneFields(z, NOW, 0);
    const b = i * PER_ZONE;
    for (let f = 0; f < FIXED; f++) if (NOW[f] !== w.zones[b + f]) return 0;
    // A zone the pass scanned must have been unreclaimable from its start: it stays so, as pages_scanned only grows.
    // (One that turned unreclaimable during the pass was scanned at priorities the next pass skips.)
    if (NOW[FIXED] !== w.zones[b + FIXED] && reclaimable(z, w.zones[b + FIXED]!)) return 0;
  }
  const next = Math.min(e.nextEventTime(), e.maxTimeUs + 1);
  const k = Math.floor((next - 1 - e.now) / d);
  if (k < 1) return 0;
  for (let i = 0; i < m.zones.length; i++) {
    const z = m.zones[i]!;
    const b = i * PER_ZONE;
    zoneFields(z, NOW, 0);
    z.pagesScanned += k * (NOW[FIXED]! - w.zones[b + FIXED]!);
    z.stat.recentScanned[0] += k * (NOW[FIXED + 1]! - w.zones[b + FIXED + 1]!);
    z.stat.recentScanned[1] += k * (NOW[FIXED + 2]! - w.zones[b + FIXED + 2]!);
    z.stat.recentRotated[0] += k * (NOW[FIXED + 3]! - w.zones[b + FIXED + 3]!);
    z.stat.recentRotated[1] += k * (NOW[FIXED + 4]! - w.zones[b + FIXED + 4]!);
  }
  ev.pgscanKswapd += k * (ev.pgscanKswapd - w.pgscanKswapd);
  // Each pass ends with the throttled task's check waking kswapd once (wakeAllKswapds).
  m.kswapdWakeups += k;
  return k * d;
}
