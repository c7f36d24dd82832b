/**
 * The page allocator's decisions: gfp_to_alloc_flags, the slow path with its
 * per-version OOM decision, __perform_reclaim and should_reclaim_retry.
 * The slow path talks to the rest of the machine through AllocEnv, so the same
 * code runs inside the simulation and, on an explicit state, in an explorer.
 */
import {
  ALLOC_CPUSET, ALLOC_HARDER, ALLOC_HIGH, ALLOC_NO_WATERMARKS, ALLOC_WMARK_HIGH, ALLOC_WMARK_MIN,
  __GFP_ATOMIC, __GFP_DIRECT_RECLAIM, __GFP_FS, __GFP_HIGH, __GFP_KSWAPD_RECLAIM, __GFP_MEMALLOC, __GFP_NOMEMALLOC, __GFP_NORETRY,
  PF_MEMALLOC, PF_WQ_WORKER, formatAllocFlags, formatGfp,
} from './flags.ts';
import type { Wait } from '../runtime/engine.ts';
import { jiffiesUs, step, type TaskView, type TwinCtx } from '../runtime/trace.ts';
import { ref, type Tree } from '../kernel/refs.ts';
import { watermarkOk } from './zone.ts';

/** The version-dependent source tree a twin cites. */
export interface CtxWithTree extends TwinCtx {
  tree: Tree;
}

/**
 * gfp_to_alloc_flags: the slow path's watermark and privileges. ALLOC_HIGH for
 * __GFP_HIGH; ALLOC_HARDER for __GFP_ATOMIC without __GFP_NOMEMALLOC;
 * ALLOC_NO_WATERMARKS for __GFP_MEMALLOC, or for PF_MEMALLOC / TIF_MEMDIE
 * outside interrupts — unless __GFP_NOMEMALLOC, which always wins. An OOM
 * victim (TIF_MEMDIE, set by mark_oom_victim) thus reaches the reserves in
 * every version 4.5–4.9 unless its allocation carries __GFP_NOMEMALLOC (as
 * every mempool_alloc try does without f9054c70, and RFC 1/2's only drops for
 * a victim with an empty pool); it keeps that access until exit_oom_victim.
 * (v4.8 moves the last part to gfp_pfmemalloc_allowed; same rule.)
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L3056
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L3414
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L3264
 */
export function gfpToAllocFlags(gfp: number, task: Pick<TaskView, 'pf' | 'memdie'>, ctx: Pick<CtxWithTree, 'tree' | 'trace'>): number {
  const c = ctx as CtxWithTree;
  let flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
  if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlagsMin'), 'start at the min watermark');
  if (gfp & __GFP_HIGH) {
    flags |= ALLOC_HIGH;
    if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlags'), '__GFP_HIGH: ALLOC_HIGH');
  }
  if (gfp & __GFP_ATOMIC) {
    if (!(gfp & __GFP_NOMEMALLOC)) {
      flags |= ALLOC_HARDER;
      if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlagsHarder'), '__GFP_ATOMIC without __GFP_NOMEMALLOC: ALLOC_HARDER');
    }
  }
  if (!(gfp & __GFP_NOMEMALLOC)) {
    if (gfp & __GFP_MEMALLOC) {
      flags |= ALLOC_NO_WATERMARKS;
      if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlagsNoWmarks'), '__GFP_MEMALLOC: ALLOC_NO_WATERMARKS');
    } else if (task.pf & PF_MEMALLOC) {
      flags |= ALLOC_NO_WATERMARKS;
      if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlagsNoWmarks'), 'PF_MEMALLOC task, no __GFP_NOMEMALLOC: ALLOC_NO_WATERMARKS (the reserves)');
    } else if (task.memdie) {
      // The OOM victim: the same test, its TIF_MEMDIE half (v4.8: in gfp_pfmemalloc_allowed).
      flags |= ALLOC_NO_WATERMARKS;
      if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlagsMemdie'), 'TIF_MEMDIE (an OOM victim), no __GFP_NOMEMALLOC: ALLOC_NO_WATERMARKS (the reserves)');
    } else {
      if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlagsNoWmarks'), 'neither PF_MEMALLOC nor TIF_MEMDIE nor __GFP_MEMALLOC: no access to the reserves');
    }
  } else {
    if (c.trace) step(c, ref(c.tree, 'gfpToAllocFlagsNoWmarks'), '__GFP_NOMEMALLOC: no access to the reserves, whatever the task');
  }
  return flags;
}

/** What the slow path needs from the machine. */
export interface AllocEnv {
  /** get_page_from_freelist; returns a zone index or -1. */
  getPageFromFreelist(allocFlags: number): number;
  wakeAllKswapds(): void;
  /** try_to_free_pages (throttle_direct_reclaim + do_try_to_free_pages): did_some_progress. */
  tryToFreePages(ctx: CtxWithTree, gfp: number): Generator<Wait, number, void>;
  /** Zone snapshots for should_reclaim_retry. */
  zonesForRetry(): RetryZone[];
  /** Finished writebacks so far (for the oom-writeback-progress patch). */
  writebacksDone(): number;
  /** __alloc_pages_may_oom after its own freelist attempt failed: returns true if the OOM killer made progress. */
  outOfMemory(ctx: CtxWithTree, gfp: number): Generator<Wait, boolean, void>;
  /**
   * drain_all_pages(NULL): every CPU's per-cpu lists back to the buddy lists
   * (free_pcppages_bulk, which also zeroes NR_PAGES_SCANNED of each zone it
   * frees into). Absent in an explorer without per-cpu lists.
   */
  drainAllPages?(): void;
  /** Told of every should_reclaim_retry verdict (v4.7+), for the result's series. */
  noteRetry?(noProgressLoops: number, retry: boolean): void;
}

export interface RetryZone {
  name: string;
  free: number;
  min: number;
  lowmemReserve: readonly number[];
  reclaimable: number;
  writeback: number;
  dirty: number;
}

/**
 * __perform_reclaim: direct reclaim runs with PF_MEMALLOC set, so whatever it
 * does (pageout → swap_writepage → dm) may dig into the reserves, and it can
 * never recurse into reclaim.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L2986
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L3344
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L3191
 */
export function* performReclaim(ctx: CtxWithTree, env: AllocEnv, gfp: number): Generator<Wait, number, void> {
  const saved = ctx.task.pf & PF_MEMALLOC;
  ctx.task.pf |= PF_MEMALLOC;
  if (ctx.trace) step(ctx, ref(ctx.tree, 'performReclaimSetsMemalloc'), 'set PF_MEMALLOC and call try_to_free_pages');
  const progress = yield* env.tryToFreePages(ctx, gfp);
  ctx.task.pf = (ctx.task.pf & ~PF_MEMALLOC) | saved;
  return progress;
}

/**
 * __alloc_pages_direct_reclaim for order 0, in the kernel's order:
 * __perform_reclaim; if it reported no progress, return no page at once
 * (the caller goes on to its NORETRY / OOM decision without another freelist
 * try); else try the freelists (without ALLOC_NO_WATERMARKS); if that fails,
 * unreserve_highatomic_pageblock (the model has no high-atomic reserve: a
 * no-op), drain_all_pages, and try once more.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L3015 (no progress L3023, drain L3037)
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L3373 (L3381, L3395)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L3220 (L3228, L3241)
 */
export function* allocPagesDirectReclaim(ctx: CtxWithTree, env: AllocEnv, gfp: number, allocFlags: number): Generator<Wait, { z: number; progress: number }, void> {
  const t = ctx.tree;
  const progress = yield* performReclaim(ctx, env, gfp);
  if (!progress) {
    if (ctx.trace) step(ctx, ref(t, 'directReclaimNoProgress'), 'reclaim made no progress: no page, no freelist try');
    return { z: -1, progress };
  }
  let z = env.getPageFromFreelist(allocFlags & ~ALLOC_NO_WATERMARKS);
  if (z < 0) {
    if (ctx.trace) step(ctx, ref(t, 'directReclaimDrain'), `progress ${progress} but no page: drain the per-cpu lists (drain_all_pages) and try once more`);
    env.drainAllPages?.();
    z = env.getPageFromFreelist(allocFlags & ~ALLOC_NO_WATERMARKS);
  }
  if (ctx.trace) step(ctx, ref(t, 'directReclaim'), z >= 0 ? `direct reclaim (progress ${progress}) and a page` : `direct reclaim (progress ${progress}), still no page`);
  return { z, progress };
}

export type RetryDecision = { retry: false } | { retry: true; sleep: 'congestion_wait' | 'jiffy' | 'none' };

/**
 * should_reclaim_retry (v4.7+): give up after MAX_RECLAIM_RETRIES (16)
 * consecutive loops without progress; otherwise retry if some zone would pass
 * its min mark with free + reclaimable scaled down by the loops so far. With no
 * progress and 2·(writeback + dirty) > reclaimable, wait HZ/10 for IO; else a
 * workqueue worker sleeps a jiffy.
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L3489
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L3336
 */
export function shouldReclaimRetry(
  ctx: Pick<CtxWithTree, 'tree' | 'trace' | 'task'>,
  zones: readonly RetryZone[],
  allocFlags: number,
  didSomeProgress: boolean,
  noProgressLoops: number,
): RetryDecision {
  const c = ctx as CtxWithTree;
  const r = ref(c.tree, 'shouldReclaimRetry');
  if (noProgressLoops > 16) {
    if (c.trace) step(c, r, `no_progress_loops ${noProgressLoops} > MAX_RECLAIM_RETRIES (16): stop retrying`);
    return { retry: false };
  }
  const classzone = zones.length - 1;
  for (const z of zones) {
    const available = z.reclaimable - Math.ceil((noProgressLoops * z.reclaimable) / 16) + z.free;
    if (watermarkOk(available, z.min, classzone, allocFlags, z.lowmemReserve)) {
      if (!didSomeProgress && 2 * (z.writeback + z.dirty) > z.reclaimable) {
        if (c.trace) step(c, r, `${z.name}: available ${available} would pass min; no progress and 2·(writeback ${z.writeback} + dirty ${z.dirty}) > reclaimable ${z.reclaimable}: congestion_wait(HZ/10), retry`);
        return { retry: true, sleep: 'congestion_wait' };
      }
      const worker = (ctx.task.pf & PF_WQ_WORKER) !== 0;
      if (c.trace) step(c, r, `${z.name}: available ${available} would pass min: retry${worker ? ' after a one-jiffy sleep (workqueue worker)' : ''}`);
      return { retry: true, sleep: worker ? 'jiffy' : 'none' };
    }
    if (c.trace) step(c, r, `${z.name}: even free + reclaimable (${available}) would not pass min ${z.min}`);
  }
  return { retry: false };
}

export type SlowpathResult = number; // zone index, or -1 for failure

/**
 * What slowpathFreelist returns. One object, refilled by every call: read it
 * before the next call (no caller keeps it across a yield).
 */
const FREELIST_RESULT = { z: -1, allocFlags: 0 };

function freelistResult(z: number, allocFlags: number): { z: number; allocFlags: number } {
  FREELIST_RESULT.z = z;
  FREELIST_RESULT.allocFlags = allocFlags;
  return FREELIST_RESULT;
}

/**
 * The start of every slow-path round, which never sleeps: wake kswapd, compute
 * alloc_flags, try the freelists at the min mark, then ignoring the marks if
 * allowed.
 */
export function slowpathFreelist(ctx: CtxWithTree, env: AllocEnv, gfp: number): { readonly z: number; readonly allocFlags: number } {
  const t = ctx.tree;
  if (gfp & __GFP_KSWAPD_RECLAIM) {
    env.wakeAllKswapds();
    if (ctx.trace) step(ctx, ref(t, 'slowpathWakeKswapd'), 'wake kswapd');
  }
  const allocFlags = gfpToAllocFlags(gfp, ctx.task, ctx);
  let z = env.getPageFromFreelist(allocFlags & ~ALLOC_NO_WATERMARKS);
  if (z >= 0) {
    if (ctx.trace) step(ctx, ref(t, 'slowpath'), `got a page from ${formatAllocFlags(allocFlags & ~ALLOC_NO_WATERMARKS)}`);
    return freelistResult(z, allocFlags);
  }
  if (ctx.trace) step(ctx, ref(t, 'slowpath'), 'no zone above the min watermark');
  if (allocFlags & ALLOC_NO_WATERMARKS) {
    z = env.getPageFromFreelist(ALLOC_NO_WATERMARKS);
    if (z >= 0) {
      if (ctx.trace) step(ctx, ref(t, 'slowpath'), 'ALLOC_NO_WATERMARKS: a page from the reserves');
      return freelistResult(z, allocFlags);
    }
    if (ctx.trace) step(ctx, ref(t, 'slowpath'), 'ALLOC_NO_WATERMARKS, but every zone is empty');
  }
  return freelistResult(-1, allocFlags);
}

/**
 * __alloc_pages_slowpath for order 0. Steps in the kernel's order: wake kswapd;
 * gfp_to_alloc_flags; freelist at min; freelist ignoring watermarks if
 * allowed; give up without __GFP_DIRECT_RECLAIM; never reclaim under
 * PF_MEMALLOC; an OOM victim gives up; direct reclaim
 * (allocPagesDirectReclaim); __GFP_NORETRY stops
 * here (never the OOM killer); then the version's OOM decision: v4.6 retries
 * while reclaim reports progress (wait_iff_congested HZ/50 in between) and
 * otherwise calls the OOM killer; v4.7+ asks should_reclaim_retry.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L3114
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L3567
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L3412
 */
export function* allocPagesSlowpath(ctx: CtxWithTree, env: AllocEnv, gfp: number): Generator<Wait, SlowpathResult, void> {
  const t = ctx.tree;
  let noProgressLoops = 0;
  let lastWritebacks = env.writebacksDone();
  for (;;) {
    const first = slowpathFreelist(ctx, env, gfp);
    if (first.z >= 0) return first.z;
    const allocFlags = first.allocFlags;
    let z: number;
    if (!(gfp & __GFP_DIRECT_RECLAIM)) {
      if (ctx.trace) step(ctx, ref(t, 'slowpathNoDirect'), `${formatGfp(gfp)} lacks __GFP_DIRECT_RECLAIM: fail`);
      return -1;
    }
    if (ctx.task.pf & PF_MEMALLOC) {
      if (ctx.trace) step(ctx, ref(t, 'slowpathPfMemalloc'), 'PF_MEMALLOC: no recursion into direct reclaim: fail');
      return -1;
    }
    if (ctx.task.memdie) {
      if (ctx.trace) step(ctx, ref(t, 'slowpathMemdie'), 'TIF_MEMDIE: the OOM victim does not reclaim: fail');
      return -1;
    }
    const dr = yield* allocPagesDirectReclaim(ctx, env, gfp, allocFlags);
    const progress = dr.progress;
    if (dr.z >= 0) return dr.z;
    if (gfp & __GFP_NORETRY) {
      if (ctx.trace) step(ctx, ref(t, 'slowpathNoretry'), `__GFP_NORETRY: fail after one reclaim pass (progress ${progress}); never the OOM killer`);
      return -1;
    }
    let didSomeProgress = progress > 0;
    if (ctx.policy.oomWritebackProgress) {
      const done = env.writebacksDone();
      if (done !== lastWritebacks) {
        didSomeProgress = true;
        if (ctx.trace) step(ctx, ref(t, 'slowpathNoProgress'), `oom-writeback-progress: ${done - lastWritebacks} writebacks finished since the last loop: progress`);
      }
      lastWritebacks = done;
    }
    if (ctx.policy.oomDetection === 'v4.6-zone-reclaimable') {
      if (didSomeProgress) {
        if (ctx.trace) step(ctx, ref(t, 'slowpathRetry46'), 'reclaim reported progress: wait_iff_congested(HZ/50) and retry');
        // wait_iff_congested: a jiffy's sleep for a 4.5/4.6 kworker; for anyone else, with nothing congested,
        // cond_resched() — a point where the task lets others run, and the loop never goes round without one.
        if (ctx.task.pf & PF_WQ_WORKER && ctx.policy.waitIffCongestedWorkerSleep) yield { op: 'sleep', us: jiffiesUs(ctx, 1), site: 'wait_iff_congested' };
        else yield { op: 'sleep', us: 0, site: 'cpu' };
        continue;
      }
    } else {
      if (didSomeProgress) noProgressLoops = 0;
      else noProgressLoops++;
      if (ctx.trace) step(ctx, ref(t, 'slowpathNoProgress'), `did_some_progress ${progress}: no_progress_loops ${noProgressLoops}`);
      const d = shouldReclaimRetry(ctx, env.zonesForRetry(), allocFlags, didSomeProgress, noProgressLoops);
      env.noteRetry?.(noProgressLoops, d.retry);
      if (d.retry) {
        if (d.sleep === 'congestion_wait') yield { op: 'sleep', us: jiffiesUs(ctx, ctx.hz / 10), site: 'should_reclaim_retry' };
        else if (d.sleep === 'jiffy') yield { op: 'sleep', us: jiffiesUs(ctx, 1), site: 'should_reclaim_retry' };
        continue;
      }
    }
    z = env.getPageFromFreelist(ALLOC_WMARK_HIGH | ALLOC_CPUSET);
    if (z >= 0) {
      if (ctx.trace) step(ctx, ref(t, 'slowpathMayOom'), 'last try at the high watermark succeeded');
      return z;
    }
    if (!(gfp & __GFP_FS)) {
      if (ctx.trace) step(ctx, ref(t, 'slowpathMayOom'), 'no __GFP_FS: the OOM killer is not called; retry');
      continue;
    }
    if (ctx.trace) step(ctx, ref(t, 'slowpathMayOom'), 'reclaim has failed: invoke the OOM killer');
    // out_of_memory reports progress whether or not it killed (v4.6 "goto retry", v4.7 resets
    // no_progress_loops): the next round tries the freelists again, ignoring the marks for a
    // TIF_MEMDIE victim unless __GFP_NOMEMALLOC, and then gives the victim up (slowpathMemdie).
    const progressed = yield* env.outOfMemory(ctx, gfp);
    if (progressed) {
      noProgressLoops = 0;
      continue;
    }
    return -1;
  }
}

export function describeAllocFlags(flags: number): string {
  return formatAllocFlags(flags);
}
export { ALLOC_HARDER, ALLOC_HIGH };
