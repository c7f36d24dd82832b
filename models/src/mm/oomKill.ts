/**
 * out_of_memory: pick the task with the largest footprint (RSS + swap + page
 * tables; here always the test program, the only large user), kill it, and
 * record why. Its memory is freed: resident pages at once, swap slots with it,
 * pages under writeback when their IO ends.
 * A SIMPLIFICATION (a stub): one candidate, no oom_badness, no TIF_MEMDIE
 * reserve access for the victim and no OOM reaper; the run ends at the kill
 * (issue 12 item 2 is to model life after it).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/oom_kill.c#L849
 */
import type { Wait } from '../runtime/engine.ts';
import { step } from '../runtime/trace.ts';
import { ref } from '../kernel/refs.ts';
import { freePages } from './zone.ts';
import type { SimCtx } from '../env/machineEnv.ts';

export interface OomKill {
  t: number;
  victim: string;
  swapFreePct: number;
  freeKiB: number;
  reason: string;
}

export function* outOfMemory(ctx: SimCtx, _gfp: number): Generator<Wait, boolean, void> {
  const m = ctx.m;
  const victim = m.testTask;
  if (!victim.gen || victim.memdie) return false;
  let free = 0;
  for (const z of m.zones) free += z.free;
  const swapFreePct = m.swapTotal > 0 ? Math.round((1000 * (m.swapTotal - m.swapUsed)) / m.swapTotal) / 10 : 0;
  const reason = `${ctx.task.name}: reclaim made no progress (${ctx.policy.oomDetection})`;
  if (ctx.trace) step(ctx, ref(ctx.tree, 'outOfMemory'), `kill the test program (largest RSS): ${reason}`);
  m.oomKills.push({ t: m.engine.now, victim: 'test', swapFreePct, freeKiB: free * 4, reason });
  victim.memdie = true;
  for (const z of m.zones) {
    freePages(z, z.anon + z.swapClean, m.pcp);
    z.anon = 0;
    z.swapClean = 0;
  }
  m.swapUsed = m.writeback();
  m.engine.stopped = true;
  return true;
}
