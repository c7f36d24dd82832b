/**
 * mempool_alloc and mempool_free. A pool keeps min_nr elements for the moment
 * the allocator fails; a freed element refills the pool first and wakes its
 * waiters. The element is an opaque number (the zone of a page, or -1 for a
 * slab object).
 */
import { __GFP_DIRECT_RECLAIM, __GFP_IO, __GFP_NOMEMALLOC, __GFP_NORETRY, __GFP_NOWARN, PF_LESS_THROTTLE, formatGfp } from './flags.ts';
import type { Wait, WaitQueue } from '../runtime/engine.ts';
import type { MaySleep, Sleeping } from '../runtime/maySleep.ts';
import { jiffiesUs, step, type TwinCtx } from '../runtime/trace.ts';
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
   * Optional shortcut for an untraced mempool_alloc whose first try succeeds
   * whatever its mask: pool->alloc served by a free slab object, or by a page
   * that get_page_from_freelist's fast path (the low mark, the same for every
   * mask) finds. Returns the element having taken it, or undefined, having
   * done nothing.
   */
  quickAlloc?(): number | undefined;
  /**
   * Optional: tryAlloc right after quickAlloc failed, nothing having changed
   * since (no free object, the fast path fails): tryAlloc without the steps
   * quickAlloc has just seen fail.
   */
  tryAllocAfterQuick?(ctx: TwinCtx & { tree: Tree }, gfp: number): number | null;
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
 * Returns the element (or null) at once when no step sleeps; else the
 * generator that goes on from the first round (runtime/maySleep.ts).
 */
export function mempoolAlloc(ctx: TwinCtx & { tree: Tree }, pool: Mempool, gfpIn: number): MaySleep<number | null> {
  // Untraced, a first try that pool->alloc satisfies whatever the mask (quickAlloc): its only effect is taking the
  // element (the mask arithmetic has none, and PF_LESS_THROTTLE, if set for the call, is restored at once).
  let quickFailed = false;
  if (!ctx.trace && pool.quickAlloc) {
    const e = pool.quickAlloc();
    if (e !== undefined) return e;
    quickFailed = true;
  }
  const st = mempoolBegin(ctx, pool, gfpIn, FIRST_ROUND);
  // Until the first try, nothing quickAlloc looked at changes (mempoolBegin only sets flags).
  st.quickFailed = quickFailed;
  // The first round never direct-reclaims (gfp_temp drops __GFP_DIRECT_RECLAIM), so it never sleeps.
  const done = mempoolTry(ctx, pool, st);
  if (done !== undefined) {
    mempoolEnd(ctx, st);
    return done;
  }
  return mempoolAllocRounds(ctx, pool, { ...st });
}

/** mempool_alloc after a round that found nothing: what that round decided, then the next rounds. */
function* mempoolAllocRounds(ctx: TwinCtx & { tree: Tree }, pool: Mempool, st: MempoolState): Sleeping<number | null> {
  for (;;) {
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
    const done = mempoolTry(ctx, pool, st);
    if (done !== undefined) {
      mempoolEnd(ctx, st);
      return done;
    }
  }
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
  /** quickAlloc failed just before this round's try (tryAllocAfterQuick may be used for it). */
  quickFailed: boolean;
}

/**
 * The state of the first round, reused by every call: the first round never
 * calls mempool_alloc again, and a call that goes on to sleep takes a copy.
 * (A state object per call would be a million short-lived objects per run.)
 */
const FIRST_ROUND: MempoolState = { v: 'always', gfpMask: 0, gfpTemp: 0, noReclaim: 0, lessThrottle: false, savedPf: 0, needsReclaim: false, giveUp: false, wait: false, quickFailed: false };

function mempoolBegin(ctx: TwinCtx & { tree: Tree }, _pool: Mempool, gfpIn: number, st: MempoolState): MempoolState {
  // The source tree the steps cite: only a traced run needs it.
  const v = ctx.trace ? variantOf(ctx) : 'always';
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
  st.v = v; st.gfpMask = gfpMask; st.gfpTemp = gfpTemp; st.noReclaim = noReclaim; st.lessThrottle = lessThrottle; st.savedPf = savedPf;
  st.needsReclaim = false; st.giveUp = false; st.wait = false; st.quickFailed = false;
  return st;
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
  const element = st.quickFailed && pool.tryAllocAfterQuick ? pool.tryAllocAfterQuick(ctx, mask) : pool.tryAlloc(ctx, mask);
  st.quickFailed = false;
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
