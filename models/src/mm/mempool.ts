/**
 * mempool_alloc and mempool_free. A pool keeps min_nr elements for the moment
 * the allocator fails; a freed element refills the pool first and wakes its
 * waiters. The element is an opaque number (the zone of a page, or -1 for a
 * slab object).
 */
import { __GFP_DIRECT_RECLAIM, __GFP_IO, __GFP_NOMEMALLOC, __GFP_NORETRY, __GFP_NOWARN, PF_LESS_THROTTLE, formatGfp } from './flags.ts';
import type { Wait, WaitQueue } from '../sim/engine.ts';
import { jiffiesUs, step, type TwinCtx } from '../sim/trace.ts';
import { mempoolRef } from '../kernel/refs.ts';
import type { Tree } from '../kernel/refs.ts';

export interface Mempool {
  name: string;
  minNr: number;
  /** The reserved elements (curr_nr = elements.length). */
  elements: number[];
  wait: WaitQueue;
  /** pool->alloc: the slab or page allocator with the given mask; null on failure. */
  alloc(ctx: TwinCtx & { tree: Tree }, gfp: number): Generator<Wait, number | null, void>;
  /** pool->alloc with a mask that cannot reclaim: never sleeps. */
  tryAlloc(ctx: TwinCtx & { tree: Tree }, gfp: number): number | null;
  /**
   * Optional shortcut for pool->alloc when it cannot sleep for this task and
   * mask: the same steps as alloc, without a generator. undefined, having done
   * nothing, when alloc could sleep (then alloc is called).
   */
  allocNoSleep?(ctx: TwinCtx & { tree: Tree }, gfp: number): number | null | undefined;
  /**
   * Optional shortcut: the element pool->alloc returns at once whatever the
   * mask (a slab object already on the cache's free list), taken; undefined,
   * having done nothing, when pool->alloc would have to ask the page allocator.
   */
  allocCached?(): number | undefined;
  /** pool->free: back to the slab or page allocator. */
  free(element: number): void;
}

export interface PoolWaker {
  wake(q: WaitQueue): void;
}

function variantOf(ctx: TwinCtx & { tree: Tree }): 'v4.6' | 'v4.7-rc6' | 'always' {
  if (ctx.policy.mempoolNomemallocRule === 'when-pool-has-elements') return ctx.tree === 'v4.7-rc6' ? 'v4.7-rc6' : 'v4.6';
  return 'always';
}

/**
 * mempool_alloc. Try the allocator without direct reclaim or IO; then the
 * pool; then, if the first try was weaker than the caller's mask, the
 * allocator again with the caller's mask (direct reclaim, __GFP_NORETRY so no
 * OOM); without __GFP_DIRECT_RECLAIM give up; else sleep on the pool up to
 * 5 s (io_schedule_timeout(5*HZ), woken by mempool_free) and start over.
 * Where __GFP_NOMEMALLOC is added is the policy that f9054c70 changed:
 * always (≤ v4.5, v4.8+), only while the pool has elements (v4.6, v4.7-rc),
 * or always except for an empty pool in an OOM victim (RFC 1/2).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/mempool.c#L315
 * v4.7-rc6 (rc7 tree): https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/mempool.c#L311
 * v4.8 (the revert, same as v4.5): https://elixir.bootlin.com/linux/v4.8/source/mm/mempool.c#L311
 */
export function* mempoolAlloc(ctx: TwinCtx & { tree: Tree }, pool: Mempool, gfpIn: number): Generator<Wait, number | null, void> {
  const st = mempoolBegin(ctx, pool, gfpIn);
  for (;;) {
    const done = mempoolTry(ctx, pool, st);
    if (done !== undefined) {
      mempoolEnd(ctx, st);
      return done;
    }
    if (st.needsReclaim) {
      // The allocator try with the caller's mask: it may direct-reclaim, so it may sleep.
      const mask = st.gfpTemp & ~st.noReclaim;
      const quick = ctx.trace || !pool.allocNoSleep ? undefined : pool.allocNoSleep(ctx, mask);
      const element = quick !== undefined ? quick : yield* pool.alloc(ctx, mask);
      const after = mempoolAfterAlloc(ctx, pool, st, element);
      if (after !== undefined) {
        mempoolEnd(ctx, st);
        return after;
      }
    }
    if (st.giveUp) {
      mempoolEnd(ctx, st);
      return null;
    }
    if (st.wait) {
      st.wait = false;
      yield { op: 'wait', queue: pool.wait, timeoutUs: jiffiesUs(ctx, 5 * ctx.hz), site: 'mempool_alloc' };
    }
  }
}

/**
 * The non-sleeping part of mempool_alloc (the first try and the pool): the
 * element, or undefined when the full mempoolAlloc would go on to reclaim or
 * wait. A shortcut for the simulation's hot path: calling mempoolAlloc
 * afterwards repeats exactly these steps (they change nothing when they fail).
 */
export function mempoolAllocFast(ctx: TwinCtx & { tree: Tree }, pool: Mempool, gfpIn: number): number | undefined {
  if (ctx.trace) return undefined;
  // A free slab object: pool->alloc succeeds whatever the mask, and the flags set around it are restored: same effect.
  const cached = pool.allocCached ? pool.allocCached() : undefined;
  if (cached !== undefined) return cached;
  // mempoolBegin, mempoolTry and mempoolAfterAlloc inlined for the untraced case: the same
  // masks and the same pool->alloc call. The first try never has __GFP_DIRECT_RECLAIM (gfpTemp
  // drops it), so it never needs reclaim; after a failed try with an empty pool every branch
  // of mempoolAfterAlloc only updates the state that this shortcut discards.
  const policy = ctx.policy;
  const rule = policy.mempoolNomemallocRule;
  let gfpMask = gfpIn;
  if (rule !== 'when-pool-has-elements') gfpMask |= __GFP_NOMEMALLOC;
  gfpMask |= __GFP_NORETRY | __GFP_NOWARN;
  const task = ctx.task;
  const savedPf = task.pf & PF_LESS_THROTTLE;
  const lessThrottle = policy.mempoolSetsLessThrottle && (gfpMask & __GFP_DIRECT_RECLAIM) !== 0;
  if (lessThrottle) task.pf |= PF_LESS_THROTTLE;
  const noReclaim = policy.mempoolDirectReclaim ? 0 : __GFP_DIRECT_RECLAIM;
  let gfpTemp = gfpMask & ~(__GFP_DIRECT_RECLAIM | __GFP_IO);
  const elements = pool.elements;
  if (rule === 'when-pool-has-elements' && elements.length > 0) gfpTemp |= __GFP_NOMEMALLOC;
  else if (rule === 'tif-memdie-only' && task.memdie && elements.length === 0) gfpTemp &= ~__GFP_NOMEMALLOC;
  const element = pool.tryAlloc(ctx, gfpTemp & ~noReclaim);
  const got = element !== null ? element : elements.length > 0 ? elements.pop()! : undefined;
  if (lessThrottle) task.pf = (task.pf & ~PF_LESS_THROTTLE) | savedPf;
  return got;
}

interface MempoolState {
  v: 'v4.6' | 'v4.7-rc6' | 'always';
  gfpMask: number;
  gfpTemp: number;
  noReclaim: number;
  lessThrottle: boolean;
  savedPf: number;
  needsReclaim: boolean;
  giveUp: boolean;
  wait: boolean;
}

function mempoolBegin(ctx: TwinCtx & { tree: Tree }, _pool: Mempool, gfpIn: number): MempoolState {
  const v = variantOf(ctx);
  const rule = ctx.policy.mempoolNomemallocRule;
  let gfpMask = gfpIn;
  if (rule !== 'when-pool-has-elements') {
    gfpMask |= __GFP_NOMEMALLOC;
    if (ctx.trace) step(ctx, mempoolRef(v, 'nomemalloc'), 'always add __GFP_NOMEMALLOC: no emergency reserves');
  }
  gfpMask |= __GFP_NORETRY | __GFP_NOWARN;
  if (ctx.trace) step(ctx, mempoolRef(v, 'noretry'), 'add __GFP_NORETRY | __GFP_NOWARN');
  const savedPf = ctx.task.pf & PF_LESS_THROTTLE;
  const lessThrottle = ctx.policy.mempoolSetsLessThrottle && (gfpMask & __GFP_DIRECT_RECLAIM) !== 0;
  if (lessThrottle) {
    ctx.task.pf |= PF_LESS_THROTTLE;
    if (ctx.trace) step(ctx, mempoolRef(v, 'fn'), 'mempool-less-throttle: PF_LESS_THROTTLE while the allocation may block');
  }
  const noReclaim = ctx.policy.mempoolDirectReclaim ? 0 : __GFP_DIRECT_RECLAIM;
  const gfpTemp = gfpMask & ~(__GFP_DIRECT_RECLAIM | __GFP_IO);
  if (ctx.trace) step(ctx, mempoolRef(v, 'temp'), `first try without direct reclaim or IO: ${formatGfp(gfpTemp)}`);
  return { v, gfpMask, gfpTemp, noReclaim, lessThrottle, savedPf, needsReclaim: false, giveUp: false, wait: false };
}

function mempoolEnd(ctx: TwinCtx, st: MempoolState): void {
  if (st.lessThrottle) ctx.task.pf = (ctx.task.pf & ~PF_LESS_THROTTLE) | st.savedPf;
}

/**
 * One round from repeat_alloc: returns the element, or undefined with the
 * state saying what comes next (an allocator try that may reclaim, giving
 * up, or the wait).
 */
function mempoolTry(ctx: TwinCtx & { tree: Tree }, pool: Mempool, st: MempoolState): number | null | undefined {
  const v = st.v;
  const rule = ctx.policy.mempoolNomemallocRule;
  st.needsReclaim = false;
  if (rule === 'when-pool-has-elements' && pool.elements.length > 0) {
    st.gfpTemp |= __GFP_NOMEMALLOC;
    if (ctx.trace) step(ctx, mempoolRef(v, 'nomemalloc'), `pool has ${pool.elements.length} elements: add __GFP_NOMEMALLOC`);
  } else if (rule === 'tif-memdie-only' && ctx.task.memdie && pool.elements.length === 0) {
    st.gfpTemp &= ~__GFP_NOMEMALLOC;
    if (ctx.trace) step(ctx, mempoolRef(v, 'nomemalloc'), 'RFC 1/2: OOM victim and an empty pool: drop __GFP_NOMEMALLOC');
  } else if (rule === 'when-pool-has-elements') {
    if (ctx.trace) step(ctx, mempoolRef(v, 'nomemalloc'), 'pool empty: no __GFP_NOMEMALLOC on this try (f9054c70)');
  }
  const mask = st.gfpTemp & ~st.noReclaim;
  if (mask & __GFP_DIRECT_RECLAIM) {
    st.needsReclaim = true;
    return undefined;
  }
  const element = pool.tryAlloc(ctx, mask);
  return mempoolAfterAlloc(ctx, pool, st, element) ?? (st.giveUp ? null : undefined);
}

function mempoolAfterAlloc(ctx: TwinCtx & { tree: Tree }, pool: Mempool, st: MempoolState, element: number | null): number | undefined {
  const v = st.v;
  const mask = st.gfpTemp & ~st.noReclaim;
  if (element !== null) {
    if (ctx.trace) step(ctx, mempoolRef(v, 'alloc'), `allocated by pool->alloc with ${formatGfp(mask)}`);
    return element;
  }
  if (ctx.trace) step(ctx, mempoolRef(v, 'alloc'), `pool->alloc with ${formatGfp(mask)} failed`);
  if (pool.elements.length > 0) {
    if (ctx.trace) step(ctx, mempoolRef(v, 'pool'), `take one of the pool's ${pool.elements.length} elements`);
    return pool.elements.pop()!;
  }
  // f9054c70 compares the masks without __GFP_NOMEMALLOC; so does RFC 1/2, whose
  // victim drops that flag on every round (comparing it would retry forever).
  const rule = ctx.policy.mempoolNomemallocRule;
  const weaker = rule === 'when-pool-has-elements'
    ? (st.gfpTemp & ~__GFP_NOMEMALLOC) !== st.gfpMask
    : rule === 'tif-memdie-only'
      ? (st.gfpTemp & ~__GFP_NOMEMALLOC) !== (st.gfpMask & ~__GFP_NOMEMALLOC)
      : st.gfpTemp !== st.gfpMask;
  if (weaker) {
    st.gfpTemp = st.gfpMask;
    if (ctx.trace) step(ctx, mempoolRef(v, 'retry'), `pool empty: retry at once with the caller's mask ${formatGfp(st.gfpMask)}`);
    return undefined;
  }
  st.gfpTemp = st.gfpMask;
  if (!(st.gfpMask & __GFP_DIRECT_RECLAIM)) {
    if (ctx.trace) step(ctx, mempoolRef(v, 'noreclaim'), 'no __GFP_DIRECT_RECLAIM: may not sleep, return NULL');
    st.giveUp = true;
    return undefined;
  }
  if (ctx.trace) step(ctx, mempoolRef(v, 'wait'), 'pool empty: sleep on pool->wait, io_schedule_timeout(5*HZ)');
  st.wait = true;
  return undefined;
}

/**
 * mempool_free: refill the pool first (and wake its waiters); only a full
 * pool passes the element back to the allocator.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/mempool.c#L404
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/mempool.c#L388
 */
export function mempoolFree(pool: Mempool, element: number, waker: PoolWaker): 'pool' | 'allocator' {
  if (pool.elements.length < pool.minNr) {
    pool.elements.push(element);
    waker.wake(pool.wait);
    return 'pool';
  }
  pool.free(element);
  return 'allocator';
}
