/**
 * Ondrej's test: touch touchMiB of anonymous memory, one page fault per page
 * (GFP_HIGHUSER_MOVABLE), at most touchMiBPerS; done when every page has been
 * touched once.
 */
import { GFP_HIGHUSER_MOVABLE } from '../mm/flags.ts';
import type { Actor } from './engine.ts';
import { cpuDebtWait } from './trace.ts';
import { freePages } from '../mm/zone.ts';
import { streamFor } from './rng.ts';
import { allocPagesSlowpath } from '../mm/pageAlloc.ts';
import { TOUCH_BATCH_PAGES, type SimCtx } from './machine.ts';

export function* testProgram(ctx: SimCtx): Actor {
  const m = ctx.m;
  const rng = m.rng.test;
  const pageUs = 1e6 / (m.p.touchMiBPerS * 256);
  while (m.touched < m.touchTarget) {
    const n = Math.min(TOUCH_BATCH_PAGES, m.touchTarget - m.touched);
    for (let i = 0; i < n; i++) {
      // Faults served from the highest zone without side effects, counted at once (same pages as one by one).
      const run = m.allocPagesNoReclaimRun(ctx, GFP_HIGHUSER_MOVABLE, n - i);
      if (run > 0) {
        m.zones[m.zones.length - 1]!.anon += run;
        m.touched += run;
        i += run - 1;
        continue;
      }
      let z = m.allocPagesNoReclaim(ctx, GFP_HIGHUSER_MOVABLE);
      if (z < 0) z = yield* allocPagesSlowpath(ctx, m.env, GFP_HIGHUSER_MOVABLE);
      if (z < 0) return;
      m.zones[z]!.anon++;
      m.touched++;
    }
    ctx.task.cpuDebtUs += n * pageUs * rng.jitter(0.1);
    if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
  }
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
      for (let i = 0; i < n; i++) {
        const run = m.allocPagesNoReclaimRun(ctx, GFP_HIGHUSER_MOVABLE, n - i);
        if (run > 0) {
          m.zones[m.zones.length - 1]!.anon += run;
          got += run;
          i += run - 1;
          continue;
        }
        let z = m.allocPagesNoReclaim(ctx, GFP_HIGHUSER_MOVABLE);
        if (z < 0) z = yield* allocPagesSlowpath(ctx, m.env, GFP_HIGHUSER_MOVABLE);
        if (z < 0) return;
        m.zones[z]!.anon++;
        got++;
      }
      ctx.task.cpuDebtUs += n * perPageUs;
      if (ctx.task.cpuDebtUs > 0) yield cpuDebtWait(ctx);
    }
    yield { op: 'sleep', us: Math.round(lifeUs / 2), site: 'cpu' };
    let left = got;
    for (let i = m.zones.length - 1; i >= 0 && left > 0; i--) {
      const z = m.zones[i]!;
      const a = Math.min(left, z.anon);
      z.anon -= a;
      left -= a;
      const c = Math.min(left, z.swapClean);
      z.swapClean -= c;
      left -= c;
      freePages(z, a + c, m.pcp);
    }
    m.swapUsed -= Math.min(left, Math.max(0, m.swapUsed - m.writeback()));
  }
}
