/**
 * dm-crypt's write path: crypt_map queues the bio to kcryptd (a WQ_UNBOUND
 * workqueue, max_active = CPUs, workers without PF_MEMALLOC); the worker
 * allocates the clone and the ciphertext page (crypt_alloc_buffer),
 * encrypts, and hands the clone to the dmcrypt_write thread, which submits it
 * to the disk; crypt_endio frees the page (refilling page_pool first) and the
 * clone, and ends the original bio: end of writeback.
 */
import { GFP_NOIO, GFP_NOWAIT, PF_KTHREAD, PF_LESS_THROTTLE, PF_WQ_WORKER, __GFP_DIRECT_RECLAIM, __GFP_HIGHMEM } from '../mm/flags.ts';
import type { Actor, Wait } from '../sim/engine.ts';
import { mempoolAlloc, mempoolAllocFast, mempoolFree } from '../mm/mempool.ts';
import { cpuDebtWait, step } from '../sim/trace.ts';
import { ref } from '../kernel/refs.ts';
import { freePage } from '../mm/zone.ts';
import { dmEndio } from './dm.ts';
import { diskSubmit } from '../block/disk.ts';
import { PAGE_BYTES, type Machine, type SimCtx, type SwapIo } from '../sim/machine.ts';

/** Writes batched by one worker before it sleeps off their encryption time. */
export const KCRYPTD_CPU_BATCH_US = 1000;

/** crypt_map: writes always go to kcryptd. https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1908 */
export function cryptMap(m: Machine, io: SwapIo): void {
  m.kcryptdQueue.push(io);
  m.engine.wakeOne(m.q.kcryptd);
}

/**
 * crypt_alloc_buffer for a one-page bio: the clone from cc->bs (GFP_NOIO),
 * then the page from page_pool with GFP_NOWAIT|__GFP_HIGHMEM; on failure free
 * both and retry with __GFP_DIRECT_RECLAIM under bio_alloc_lock.
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L990
 */
export function* cryptAllocBuffer(ctx: SimCtx, io: SwapIo, retrying = false): Generator<Wait, void, void> {
  const m = ctx.m;
  let gfp = GFP_NOWAIT | __GFP_HIGHMEM | (retrying ? __GFP_DIRECT_RECLAIM : 0);
  for (;;) {
    const locked = (gfp & __GFP_DIRECT_RECLAIM) !== 0;
    if (locked) {
      if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'retry: mutex_lock(bio_alloc_lock)');
      while (m.bioAllocLockHeld) yield { op: 'wait', queue: m.q.bioAllocLock, timeoutUs: Infinity, site: 'bio_alloc_lock' };
      m.bioAllocLockHeld = true;
    }
    if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'clone = bio_alloc_bioset(GFP_NOIO, cc->bs)');
    yield* mempoolAlloc(ctx, m.pools.cryptBs, GFP_NOIO);
    if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'page = mempool_alloc(cc->page_pool, gfp)');
    const page = yield* mempoolAlloc(ctx, m.pools.pagePool, gfp);
    if (page !== null) {
      io.cryptZone = page;
      if (locked) {
        m.bioAllocLockHeld = false;
        m.engine.wakeOne(m.q.bioAllocLock);
      }
      return;
    }
    if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'no page: free the clone, add __GFP_DIRECT_RECLAIM, retry');
    mempoolFree(m.pools.cryptBs, -1, m.engine);
    if (locked) {
      m.bioAllocLockHeld = false;
      m.engine.wakeOne(m.q.bioAllocLock);
    }
    gfp |= __GFP_DIRECT_RECLAIM;
  }
}

/**
 * The first, non-reclaiming attempt of crypt_alloc_buffer when it needs no
 * sleep: 'done', 'retry' (the page failed; the clone was freed, as the kernel
 * does, and the retry with __GFP_DIRECT_RECLAIM comes next) or 'slow' (the
 * clone itself would have to wait: run cryptAllocBuffer from the start).
 */
export function cryptAllocBufferFast(ctx: SimCtx, io: SwapIo): 'done' | 'retry' | 'slow' {
  if (ctx.trace) return 'slow';
  const m = ctx.m;
  if (mempoolAllocFast(ctx, m.pools.cryptBs, GFP_NOIO) === undefined) return 'slow';
  const page = mempoolAllocFast(ctx, m.pools.pagePool, GFP_NOWAIT | __GFP_HIGHMEM);
  if (page !== undefined) {
    io.cryptZone = page;
    return 'done';
  }
  mempoolFree(m.pools.cryptBs, -1, m.engine);
  return 'retry';
}

/**
 * kcryptd_crypt → kcryptd_crypt_write_convert for one write: allocate, then
 * encrypt (CPU time, owed and slept off in batches).
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1392
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1291
 */
export function* kcryptdCrypt(ctx: SimCtx, io: SwapIo, cpuUs: number): Generator<Wait, void, void> {
  const less = ctx.policy.kcryptdLessThrottle;
  const saved = ctx.task.pf & PF_LESS_THROTTLE;
  if (less) ctx.task.pf |= PF_LESS_THROTTLE;
  const resume = io.cryptZone === -2;
  const first = resume ? 'retry' : cryptAllocBufferFast(ctx, io);
  if (first !== 'done') yield* cryptAllocBuffer(ctx, io, first === 'retry');
  ctx.task.cpuDebtUs += cpuUs;
  if (less) ctx.task.pf = (ctx.task.pf & ~PF_LESS_THROTTLE) | saved;
}

/** kcryptdCrypt when nothing has to sleep (no generator): true if done. */
export function kcryptdCryptFast(ctx: SimCtx, io: SwapIo, cpuUs: number): boolean {
  if (ctx.trace) return false;
  const less = ctx.policy.kcryptdLessThrottle;
  const saved = ctx.task.pf & PF_LESS_THROTTLE;
  if (less) ctx.task.pf |= PF_LESS_THROTTLE;
  const first = cryptAllocBufferFast(ctx, io);
  if (less) ctx.task.pf = (ctx.task.pf & ~PF_LESS_THROTTLE) | saved;
  if (first === 'done') {
    ctx.task.cpuDebtUs += cpuUs;
    return true;
  }
  if (first === 'retry') io.cryptZone = -2; // the first attempt already failed: resume at the retry
  return false;
}

/** A kcryptd worker: take queued writes, convert them, pass them to dmcrypt_write. */
export function* kcryptdWorker(ctx: SimCtx, index: number): Actor {
  const m = ctx.m;
  ctx.task.pf |= PF_WQ_WORKER | PF_KTHREAD;
  const rng = m.rng.crypt[index]!;
  const pageUs = (PAGE_BYTES / (m.p.cryptMiBPerSPerCpu * 1048576)) * 1e6;
  for (;;) {
    const io = m.kcryptdQueue.shift();
    if (io) {
      const cpuUs = pageUs * rng.jitter(0.1);
      if (!kcryptdCryptFast(ctx, io, cpuUs)) yield* kcryptdCrypt(ctx, io, cpuUs);
      // The ciphertext is ready once the owed CPU time has passed; the disk will not start it earlier.
      io.readyAt = m.engine.now + Math.round(ctx.task.cpuDebtUs);
      m.writeQueue.push(io);
      m.cryptDone++;
      m.engine.wake(m.q.dmcryptWrite);
      if (ctx.task.cpuDebtUs < KCRYPTD_CPU_BATCH_US && m.kcryptdQueue.length > 0) continue;
      if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
      continue;
    }
    yield { op: 'wait', queue: m.q.kcryptd, timeoutUs: Infinity, site: 'idle' };
  }
}

/**
 * dmcrypt_write: the thread that submits encrypted clones to the disk; it
 * waits for a tag when the disk queue is full.
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1193
 */
export function* dmcryptWrite(ctx: SimCtx): Actor {
  const m = ctx.m;
  ctx.task.pf |= PF_KTHREAD;
  const lowerIo = m.pools.lowerIoPool;
  const lowerBs = m.pools.lowerBs;
  for (;;) {
    if (m.writeQueue.length === 0) {
      yield { op: 'wait', queue: m.q.dmcryptWrite, timeoutUs: Infinity, site: 'idle' };
      continue;
    }
    if (m.diskInFlight >= m.p.diskQueueDepth) {
      yield { op: 'wait', queue: m.q.diskTag, timeoutUs: Infinity, site: 'disk' };
      continue;
    }
    while (m.writeQueue.length > 0 && m.diskInFlight < m.p.diskQueueDepth) {
      if (lowerIo && lowerBs) {
        // generic_make_request into a bio-based dm device below: alloc_io and alloc_tio in this thread's context.
        if (mempoolAllocFast(ctx, lowerIo, GFP_NOIO) === undefined) {
          if (ctx.trace) step(ctx, ref(ctx.tree, 'allocIo'), 'dm below dm-crypt: alloc_io from dmcrypt_write');
          yield* mempoolAlloc(ctx, lowerIo, GFP_NOIO);
        }
        if (mempoolAllocFast(ctx, lowerBs, GFP_NOIO) === undefined) {
          if (ctx.trace) step(ctx, ref(ctx.tree, 'allocTio'), 'dm below dm-crypt: alloc_tio from dmcrypt_write');
          yield* mempoolAlloc(ctx, lowerBs, GFP_NOIO);
        }
        if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
        if (m.writeQueue.length === 0) break;
      }
      diskSubmit(m, m.writeQueue.shift()!);
    }
  }
}

/**
 * crypt_endio for a write: crypt_free_buffer_pages (mempool_free to
 * page_pool: the pool first, then the allocator), bio_put of the clone
 * (cc->bs), then the original bio ends: dm frees its objects and the page's
 * writeback ends.
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1105
 */
export function cryptEndio(m: Machine, io: SwapIo): void {
  mempoolFree(m.pools.pagePool, io.cryptZone, m.engine);
  mempoolFree(m.pools.cryptBs, -1, m.engine);
  if (m.pools.lowerIoPool && m.pools.lowerBs) {
    mempoolFree(m.pools.lowerBs, -1, m.engine);
    mempoolFree(m.pools.lowerIoPool, -1, m.engine);
  }
  dmEndio(m);
  if (m.kernel.policy.dmLimitsSwapBios) {
    m.swapBiosInFlight--;
    m.engine.wakeOne(m.q.swapBios);
  }
  const z = m.zones[io.zone]!;
  z.anonWb--;
  if (m.testDone || m.oomKills.length > 0) freePage(z, m.pcp);
  else z.swapClean++;
  m.writebacksDone++;
}

export { GFP_NOIO };
