/**
 * dm-crypt's write path: crypt_map queues the bio to kcryptd (a WQ_UNBOUND
 * workqueue, max_active = CPUs, workers without PF_MEMALLOC); the worker
 * allocates the clone and the ciphertext page (crypt_alloc_buffer),
 * encrypts, and hands the clone to the dmcrypt_write thread, which submits it
 * to the disk; crypt_endio frees the page (refilling page_pool first) and the
 * clone, and ends the original bio: end of writeback.
 */
import { GFP_NOIO, GFP_NOWAIT, PF_KTHREAD, PF_LESS_THROTTLE, PF_WQ_WORKER, __GFP_DIRECT_RECLAIM, __GFP_HIGHMEM } from '../mm/flags.ts';
import type { Actor } from '../runtime/engine.ts';
import { mempoolAlloc, mempoolFree } from '../mm/mempool.ts';
import { cpuDebtWait, step } from '../runtime/trace.ts';
import { sleeps, type MaySleep, type Sleeping } from '../runtime/maySleep.ts';
import { PAGE_BYTES } from '../runtime/units.ts';
import { ref } from '../kernel/refs.ts';
import { dmEndio } from './dm.ts';
import { diskSubmit } from '../block/disk.ts';
import { endSwapWrite, type SwapIo } from '../block/swapIo.ts';
import type { MachineEnv, SimCtx } from '../env/machineEnv.ts';

/** Writes batched by one worker before it sleeps off their encryption time. */
export const KCRYPTD_CPU_BATCH_US = 1000;

/** crypt_map: writes always go to kcryptd. https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1908 */
export function cryptMap(m: MachineEnv, io: SwapIo): void {
  m.kcryptdQueue.push(io);
  m.engine.wakeOne(m.q.kcryptd);
}

/**
 * crypt_alloc_buffer for a one-page bio: the clone from cc->bs (GFP_NOIO),
 * then the page from page_pool with GFP_NOWAIT|__GFP_HIGHMEM; on failure free
 * both and retry with __GFP_DIRECT_RECLAIM under bio_alloc_lock.
 * Returns at once when no step sleeps; else the generator that goes on.
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L990
 */
export function cryptAllocBuffer(ctx: SimCtx, io: SwapIo): MaySleep<void> {
  // The first pass has no __GFP_DIRECT_RECLAIM, so it takes no lock.
  const gfp = GFP_NOWAIT | __GFP_HIGHMEM;
  if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'clone = bio_alloc_bioset(GFP_NOIO, cc->bs)');
  const clone = mempoolAlloc(ctx, ctx.m.pools.cryptBs, GFP_NOIO);
  if (sleeps(clone)) return cryptAllocBufferFrom(ctx, io, gfp, clone);
  return cryptAllocPage(ctx, io, gfp) ? undefined : cryptAllocBufferFrom(ctx, io, gfp | __GFP_DIRECT_RECLAIM, null);
}

/**
 * The page of one pass (the clone is allocated): true when it got one; else,
 * as the kernel does, the clone is freed (and the lock dropped) for the retry.
 * The page pool's mask never has __GFP_DIRECT_RECLAIM on the first pass, so
 * mempool_alloc returns at once there.
 */
function cryptAllocPage(ctx: SimCtx, io: SwapIo, gfp: number): boolean {
  const m = ctx.m;
  if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'page = mempool_alloc(cc->page_pool, gfp)');
  const page = mempoolAlloc(ctx, m.pools.pagePool, gfp);
  if (sleeps(page)) throw new Error('crypt_alloc_buffer: a page allocation without __GFP_DIRECT_RECLAIM slept');
  return cryptPageResult(ctx, io, gfp, page);
}

/** What a pass does with the page it got (or not). */
function cryptPageResult(ctx: SimCtx, io: SwapIo, gfp: number, page: number | null): boolean {
  const m = ctx.m;
  const locked = (gfp & __GFP_DIRECT_RECLAIM) !== 0;
  if (page !== null) {
    io.cryptZone = page;
    if (locked) unlockBioAlloc(m);
    return true;
  }
  if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'no page: free the clone, add __GFP_DIRECT_RECLAIM, retry');
  mempoolFree(m.pools.cryptBs, -1, m.engine);
  if (locked) unlockBioAlloc(m);
  return false;
}

function unlockBioAlloc(m: MachineEnv): void {
  m.bioAllocLockHeld = false;
  m.engine.wakeOne(m.q.bioAllocLock);
}

/** crypt_alloc_buffer from a pass with mask gfp whose clone allocation (if any) is under way in `clone`. */
function* cryptAllocBufferFrom(ctx: SimCtx, io: SwapIo, gfp: number, clone: Sleeping<number | null> | null): Sleeping<void> {
  const m = ctx.m;
  for (;;) {
    if (clone) {
      yield* clone;
      clone = null;
    } else {
      if (gfp & __GFP_DIRECT_RECLAIM) {
        if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'retry: mutex_lock(bio_alloc_lock)');
        while (m.bioAllocLockHeld) yield { op: 'wait', queue: m.q.bioAllocLock, timeoutUs: Infinity, site: 'bio_alloc_lock' };
        m.bioAllocLockHeld = true;
      }
      if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'clone = bio_alloc_bioset(GFP_NOIO, cc->bs)');
      const r = mempoolAlloc(ctx, m.pools.cryptBs, GFP_NOIO);
      if (sleeps(r)) yield* r;
    }
    if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptAllocBuffer'), 'page = mempool_alloc(cc->page_pool, gfp)');
    const r = mempoolAlloc(ctx, m.pools.pagePool, gfp);
    const page = sleeps(r) ? yield* r : r;
    if (cryptPageResult(ctx, io, gfp, page)) return;
    gfp |= __GFP_DIRECT_RECLAIM;
  }
}

/**
 * kcryptd_crypt → kcryptd_crypt_write_convert for one write: allocate, then
 * encrypt (CPU time, owed and slept off in batches). Returns at once when
 * the allocation does not sleep; else the generator that goes on.
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1392
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm-crypt.c#L1291
 */
export function kcryptdCrypt(ctx: SimCtx, io: SwapIo, cpuUs: number): MaySleep<void> {
  const less = ctx.policy.kcryptdLessThrottle;
  const saved = ctx.task.pf & PF_LESS_THROTTLE;
  if (less) ctx.task.pf |= PF_LESS_THROTTLE;
  const alloc = cryptAllocBuffer(ctx, io);
  if (sleeps(alloc)) return kcryptdCryptAfter(ctx, alloc, cpuUs, less, saved);
  ctx.task.cpuDebtUs += cpuUs;
  if (less) ctx.task.pf = (ctx.task.pf & ~PF_LESS_THROTTLE) | saved;
}

function* kcryptdCryptAfter(ctx: SimCtx, alloc: Sleeping<void>, cpuUs: number, less: boolean, saved: number): Sleeping<void> {
  yield* alloc;
  ctx.task.cpuDebtUs += cpuUs;
  if (less) ctx.task.pf = (ctx.task.pf & ~PF_LESS_THROTTLE) | saved;
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
      const r = kcryptdCrypt(ctx, io, cpuUs);
      if (sleeps(r)) yield* r;
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
        if (ctx.trace) step(ctx, ref(ctx.tree, 'allocIo'), 'dm below dm-crypt: alloc_io from dmcrypt_write');
        const io = mempoolAlloc(ctx, lowerIo, GFP_NOIO);
        if (sleeps(io)) yield* io;
        if (ctx.trace) step(ctx, ref(ctx.tree, 'allocTio'), 'dm below dm-crypt: alloc_tio from dmcrypt_write');
        const tio = mempoolAlloc(ctx, lowerBs, GFP_NOIO);
        if (sleeps(tio)) yield* tio;
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
export function cryptEndio(m: MachineEnv, io: SwapIo): void {
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
  endSwapWrite(m, io);
}

export { GFP_NOIO };
