/**
 * Dirty limits and throttle_vm_writeout. Pages under swap-out count in
 * NR_WRITEBACK; anonymous memory is not "dirtyable", so the threshold shrinks
 * with free memory while writeback grows.
 */
import { __GFP_FS, __GFP_IO, __GFP_NORETRY, PF_LESS_THROTTLE } from './flags.ts';
import type { MaySleep, Sleeping } from '../runtime/maySleep.ts';
import { jiffiesUs, step, type TwinCtx } from '../runtime/trace.ts';
import { ref, type Tree } from '../kernel/refs.ts';

/**
 * global_dirtyable_memory: free pages less the reserves (totalreserve_pages),
 * plus the file LRUs, plus one. Anonymous pages are excluded.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page-writeback.c#L335
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page-writeback.c#L361
 */
export function globalDirtyableMemory(free: number, fileLru: number, totalreserve: number): number {
  return free - Math.min(free, totalreserve) + fileLru + 1;
}

export interface DirtyLimits {
  thresh: number;
  bgThresh: number;
}

/**
 * How a version computes domain_dirty_limits. 'v4.6': thresh = ratio% of the
 * dirtyable pages, PF_LESS_THROTTLE adds a quarter. 'v4.7+': the ratios are
 * first turned into parts per PAGE_SIZE (20% → 819/4096) and PF_LESS_THROTTLE
 * adds a quarter plus global_wb_domain.dirty_limit / 32.
 */
export type DirtyLimitsForm = 'v4.6' | 'v4.7+';

const PAGE_SIZE = 4096;

/**
 * domain_dirty_limits for the global domain with ratios (vm.dirty_bytes and
 * vm.dirty_background_bytes unset, as by default), in the kernel's order:
 * thresh and background thresh from the ratios; background halved to
 * thresh / 2 if not below thresh; then the boost for a PF_LESS_THROTTLE (or
 * real-time) caller: +1/4 on both in v4.6; +1/4 and + dirty_limit/32 on both
 * in v4.7 and v4.8. The model has no real-time tasks, so only
 * PF_LESS_THROTTLE can ask for the boost.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page-writeback.c#L366 (boost L409)
 * v4.7-rc6 (rc7 tree): https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page-writeback.c#L370 (per-PAGE_SIZE ratios L376, boost L416)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page-writeback.c#L392 (per-PAGE_SIZE ratios L398, boost L438)
 */
export function domainDirtyLimits(dirtyable: number, dirtyRatio: number, bgRatio: number, lessThrottle: boolean, form: DirtyLimitsForm = 'v4.6', globalDirtyLimit = 0): DirtyLimits {
  let thresh: number;
  let bg: number;
  if (form === 'v4.6') {
    thresh = Math.floor((dirtyRatio * dirtyable) / 100);
    bg = Math.floor((bgRatio * dirtyable) / 100);
  } else {
    const ratio = Math.floor((dirtyRatio * PAGE_SIZE) / 100);
    const bgR = Math.floor((bgRatio * PAGE_SIZE) / 100);
    thresh = Math.floor((ratio * dirtyable) / PAGE_SIZE);
    bg = Math.floor((bgR * dirtyable) / PAGE_SIZE);
  }
  if (bg >= thresh) bg = Math.floor(thresh / 2);
  if (lessThrottle) {
    const extra = form === 'v4.6' ? 0 : Math.floor(globalDirtyLimit / 32);
    bg += Math.floor(bg / 4) + extra;
    thresh += Math.floor(thresh / 4) + extra;
  }
  return { thresh, bgThresh: bg };
}

/**
 * writeback_set_ratelimit: global_wb_domain.dirty_limit := the thresh of
 * global_dirty_limits (global_dirtyable_memory → domain_dirty_limits) as
 * computed by the calling task (at boot, page_writeback_init and the CPU
 * hotplug callback: not PF_LESS_THROTTLE). It runs again only on a write of a
 * vm.dirty_* sysctl or CPU hotplug. After that the value moves only in
 * update_dirty_limit, called from balance_dirty_pages, i.e. only when some
 * task dirties file pages; the model has no file writer, so dirty_limit keeps
 * this value for the whole run (that is exact for the model's workload, not
 * a simplification of balance_dirty_pages, which the model does not have).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page-writeback.c#L2038 (dirty_limit set at L2045)
 * v4.7-rc6 (rc7 tree): https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page-writeback.c#L2045
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page-writeback.c#L2070
 */
export function writebackSetRatelimit(free: number, fileLru: number, totalreserve: number, dirtyRatio: number, bgRatio: number, form: DirtyLimitsForm): number {
  const dirtyable = globalDirtyableMemory(free, fileLru, totalreserve);
  return domainDirtyLimits(dirtyable, dirtyRatio, bgRatio, false, form).thresh;
}

/**
 * hard_dirty_limit: the domain's slowly moving dirty_limit, if above thresh.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page-writeback.c#L691
 */
export function hardDirtyLimit(domainDirtyLimit: number, thresh: number): number {
  return Math.max(thresh, domainDirtyLimit);
}

export interface WritebackState {
  /** NR_WRITEBACK + NR_UNSTABLE_NFS, global. */
  writeback: number;
  free: number;
  fileLru: number;
  totalreserve: number;
  dirtyRatio: number;
  dirtyBackgroundRatio: number;
  /** global_wb_domain.dirty_limit */
  domainDirtyLimit: number;
}

export type ThrottleCheck = { over: boolean; limit: number };

/** One test of the loop: is writeback above 110% of the hard dirty limit? */
export function throttleVmWriteoutCheck(ctx: TwinCtx & { tree: Tree }, s: WritebackState): ThrottleCheck {
  const less = (ctx.task.pf & PF_LESS_THROTTLE) !== 0;
  const dirtyable = globalDirtyableMemory(s.free, s.fileLru, s.totalreserve);
  const form = ctx.policy.dirtyLimitsForm;
  const { thresh } = domainDirtyLimits(dirtyable, s.dirtyRatio, s.dirtyBackgroundRatio, less, form, s.domainDirtyLimit);
  if (ctx.trace) step(ctx, ref(ctx.tree, 'domainDirtyLimits'), `dirtyable ${dirtyable} pages (free ${s.free} − reserve + file ${s.fileLru}; anon excluded): thresh ${thresh}`);
  if (ctx.trace && less) step(ctx, ref(ctx.tree, 'domainDirtyLimitsLessThrottle'), form === 'v4.6' ? 'PF_LESS_THROTTLE: thresh += thresh/4' : `PF_LESS_THROTTLE: thresh += thresh/4 + dirty_limit/32 (${Math.floor(s.domainDirtyLimit / 32)})`);
  const hard = hardDirtyLimit(s.domainDirtyLimit, thresh);
  if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleHardLimit'), `hard_dirty_limit = max(${thresh}, dirty_limit ${s.domainDirtyLimit}) = ${hard}`);
  const limit = hard + Math.floor(hard / 10);
  if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleSlack'), `+10%: ${limit}`);
  const over = s.writeback > limit;
  if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleTest'), over ? `writeback ${s.writeback} > ${limit}: throttle` : `writeback ${s.writeback} <= ${limit}: done`);
  return { over, limit };
}

/**
 * throttle_vm_writeout, called at the end of every shrink_zone_memcg (v4.8:
 * shrink_node_memcg). While global writeback is above 110% of the hard dirty
 * limit: congestion_wait(HZ/10), then — after the sleep — stop unless the
 * caller has both __GFP_FS and __GFP_IO. So a GFP_NOIO caller sleeps once per
 * call; GFP_KERNEL callers (kswapd, page faults) loop until writeback drains.
 * The thread's patches add early returns (__GFP_NORETRY, PF_LESS_THROTTLE);
 * v4.9 removes the function.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page-writeback.c#L1936
 * v4.7-rc6 (rc7 tree): https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page-writeback.c#L1943
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page-writeback.c#L1968
 * Returns the number of sleeps (0) at once when it does not sleep; else the generator that sleeps.
 */
export function throttleVmWriteout(ctx: TwinCtx & { tree: Tree }, gfp: number, state: () => WritebackState): MaySleep<number> {
  const p = ctx.policy;
  if (p.throttleVmWriteout === 'removed') return 0;
  if (p.throttleEarlyReturn.noretry && gfp & __GFP_NORETRY) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleVmWriteout'), 'throttle-noretry: __GFP_NORETRY, return at once');
    return 0;
  }
  if (p.throttleEarlyReturn.lessThrottle && ctx.task.pf & PF_LESS_THROTTLE) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleVmWriteout'), 'throttle-skip-less-throttle: PF_LESS_THROTTLE, return at once');
    return 0;
  }
  if (!throttleVmWriteoutCheck(ctx, state()).over) return 0;
  return throttleVmWriteoutSleeping(ctx, gfp, state);
}

/** throttle_vm_writeout once writeback was found over the limit: sleep, then test again (GFP_KERNEL) or stop. */
function* throttleVmWriteoutSleeping(ctx: TwinCtx & { tree: Tree }, gfp: number, state: () => WritebackState): Sleeping<number> {
  let sleeps = 0;
  do {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleSleep'), 'congestion_wait(BLK_RW_ASYNC, HZ/10)');
    yield { op: 'sleep', us: jiffiesUs(ctx, ctx.hz / 10), site: 'throttle_vm_writeout' };
    sleeps++;
    if ((gfp & (__GFP_FS | __GFP_IO)) !== (__GFP_FS | __GFP_IO)) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'throttleGfpBreak'), 'caller lacks __GFP_FS|__GFP_IO: one sleep only');
      return sleeps;
    }
  } while (throttleVmWriteoutCheck(ctx, state()).over);
  return sleeps;
}
