/**
 * Ondrej's test: touch touchMiB of anonymous memory, one page fault per page
 * (GFP_HIGHUSER_MOVABLE), at most touchMiBPerS; done when every page has been
 * touched once. Killed by the OOM killer, it exits at its next signal check
 * (after the page fault it is in returns), freeing its memory (exit_mm).
 */
import { GFP_HIGHUSER_MOVABLE, GFP_NOIO } from '../mm/flags.ts';
import { exitMm } from '../mm/oomKill.ts';
import { mempoolAlloc, mempoolFree } from '../mm/mempool.ts';
import { sleeps } from '../runtime/maySleep.ts';
import type { Actor, Wait } from '../runtime/engine.ts';
import { cpuDebtWait } from '../runtime/trace.ts';
import { removeResidentAnon, freePages } from '../mm/zone.ts';
import { lruAddActiveAnon } from '../mm/lru.ts';
import { streamFor } from '../runtime/rng.ts';
import { allocPagesSlowpath } from '../mm/pageAlloc.ts';
import { TOUCH_BATCH_PAGES } from '../runtime/units.ts';
import type { MachineCtx as SimCtx } from './machine.ts';

/**
 * Faults in n anonymous pages (GFP_HIGHUSER_MOVABLE), one page fault each:
 * runs of faults the highest zone serves without side effects are taken at
 * once (the same pages as one by one), the rest go through the allocator and
 * may block in its slow path. `faulted` counts pages as they arrive, so a
 * sample taken while the task is blocked sees the pages it already has.
 * Returns false when an allocation failed (the task is being killed).
 */
function* faultInAnonPages(ctx: SimCtx, n: number, faulted: (pages: number) => void): Generator<Wait, boolean, void> {
  const m = ctx.m;
  for (let i = 0; i < n; i++) {
    const run = m.allocPagesNoReclaimRun(ctx, GFP_HIGHUSER_MOVABLE, n - i);
    if (run > 0) {
      lruAddActiveAnon(ctx, m.zones[m.zones.length - 1]!, run);
      faulted(run);
      i += run - 1;
      continue;
    }
    let z = m.allocPagesNoReclaim(ctx, GFP_HIGHUSER_MOVABLE);
    if (z < 0) z = yield* allocPagesSlowpath(ctx, m.env, GFP_HIGHUSER_MOVABLE);
    if (z >= 0) {
      lruAddActiveAnon(ctx, m.zones[z]!, 1);
      faulted(1);
    }
    // The fault returns: the signal check on the way back to user space.
    if (ctx.task.killed || z < 0) return false;
  }
  return true;
}

/**
 * do_exit of an OOM-killed task, as far as the model goes: with the
 * oomLockHolder what-if it first needs the mutex the holder may hold (and
 * waits for it), then exit_mm.
 */
function* victimExit(ctx: SimCtx): Generator<Wait, void, void> {
  const m = ctx.m;
  const lock = m.p.oomLockHolder > 0;
  if (lock) {
    while (m.exitMutexHeld) yield { op: 'wait', queue: m.q.exitMutex, timeoutUs: Infinity, site: 'mutex' };
    m.exitMutexHeld = true;
  }
  exitMm(ctx);
  if (lock) {
    m.exitMutexHeld = false;
    m.engine.wake(m.q.exitMutex);
  }
}

/**
 * What-if (oomLockHolder, David Rientjes's case of 14 Jul 2016): a task that
 * is not an OOM victim takes a mutex, and under it allocates a dm_io from
 * md->io_pool (GFP_NOIO, as a read through the same dm device does in
 * __split_and_process_bio), holds it for the millisecond its read takes,
 * frees it and drops the mutex; then it sleeps about 20 ms and starts again.
 * The test program needs the same mutex on its way out, so a victim cannot
 * exit while the holder is stuck in mempool_alloc. Not 2016 evidence for
 * Ondrej's machine.
 */
export function* lockHolder(ctx: SimCtx): Actor {
  const m = ctx.m;
  const rng = streamFor(m.p.seed, 'lock-holder');
  for (;;) {
    while (m.exitMutexHeld) yield { op: 'wait', queue: m.q.exitMutex, timeoutUs: Infinity, site: 'mutex' };
    m.exitMutexHeld = true;
    const r = mempoolAlloc(ctx, m.pools.dmIoPool, GFP_NOIO);
    const element = sleeps(r) ? yield* r : r;
    yield { op: 'sleep', us: 1000, site: 'cpu' };
    if (element !== null) mempoolFree(m.pools.dmIoPool, element, m.engine);
    m.exitMutexHeld = false;
    m.engine.wake(m.q.exitMutex);
    yield { op: 'sleep', us: Math.round(20_000 * rng.jitter(0.5)), site: 'idle' };
  }
}

export function* testProgram(ctx: SimCtx): Actor {
  const m = ctx.m;
  const rng = m.rng.test;
  const pageUs = 1e6 / (m.p.touchMiBPerS * 256);
  while (m.touched < m.touchTarget) {
    const n = Math.min(TOUCH_BATCH_PAGES, m.touchTarget - m.touched);
    if (!(yield* faultInAnonPages(ctx, n, (pages) => { m.touched += pages; }))) break;
    ctx.task.cpuDebtUs += n * pageUs * rng.jitter(0.1);
    if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
    if (ctx.task.killed) break;
  }
  if (ctx.task.killed) {
    yield* victimExit(ctx);
    return;
  }
  if (m.touched < m.touchTarget) return;
  m.testDone = true;
  m.testDoneAt = m.engine.now;
  m.engine.stopped = true;
}

/**
 * One job of the build mix: a compiler process faults in buildJobMiB of
 * anonymous memory over the first half of its life, works, exits, and the
 * next one starts. The LRU does not record owners, so at exit it frees that
 * many anonymous pages from the resident and clean swap-cache counts, and
 * gives back swap slots for the rest.
 */
export function* buildJob(ctx: SimCtx, index: number): Actor {
  const m = ctx.m;
  const rng = streamFor(m.p.seed, `build/${index}`);
  const pages = m.p.buildJobMiB * 256;
  // Jobs start staggered so they do not exit together.
  yield { op: 'sleep', us: Math.round(m.p.buildJobS * 1e6 * rng.next()), site: 'idle' };
  for (;;) {
    const lifeUs = m.p.buildJobS * 1e6 * rng.jitter(0.3);
    const perPageUs = lifeUs / 2 / pages;
    let got = 0;
    while (got < pages) {
      const n = Math.min(TOUCH_BATCH_PAGES, pages - got);
      if (!(yield* faultInAnonPages(ctx, n, (faulted) => { got += faulted; }))) return;
      ctx.task.cpuDebtUs += n * perPageUs;
      if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
    }
    yield { op: 'sleep', us: Math.round(lifeUs / 2), site: 'cpu' };
    let left = got;
    for (let i = m.zones.length - 1; i >= 0 && left > 0; i--) {
      const z = m.zones[i]!;
      const a = Math.min(left, z.anon);
      removeResidentAnon(z, a);
      left -= a;
      const c = Math.min(left, z.swapClean);
      z.swapClean -= c;
      left -= c;
      freePages(z, a + c, m.pcp);
    }
    m.swapUsed -= Math.min(left, Math.max(0, m.swapUsed - m.writeback()));
  }
}
