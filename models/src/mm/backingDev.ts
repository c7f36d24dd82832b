/**
 * congestion_wait and wait_iff_congested. No device in this stack marks itself
 * congested (bio-based dm and blk-mq do not call set_wb_congested in 4.6/4.7 —
 * an inference, unconfirmed), so congestion_wait always sleeps its full
 * timeout and wait_iff_congested never does: it only yields the CPU — except
 * that in v4.5/v4.6 a workqueue worker sleeps one jiffy (564e81a57f97),
 * which v4.7 dropped (ede37713737).
 */
import { PF_WQ_WORKER } from './flags.ts';
import type { Wait } from '../runtime/engine.ts';
import { jiffiesUs, step, type TwinCtx } from '../runtime/trace.ts';
import { ref, type Tree } from '../kernel/refs.ts';

/**
 * congestion_wait(sync, timeout): io_schedule_timeout on the congestion queue.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/backing-dev.c#L931
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/backing-dev.c#L950
 */
export function* congestionWait(ctx: TwinCtx & { tree: Tree }, timeoutJiffies: number, site: string): Generator<Wait, void, void> {
  if (ctx.trace) step(ctx, ref(ctx.tree, 'congestionWait'), `congestion_wait: sleep ${timeoutJiffies} jiffies (nothing clears congestion)`);
  yield { op: 'sleep', us: jiffiesUs(ctx, timeoutJiffies), site };
}

/**
 * wait_iff_congested(zone, sync, timeout).
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/backing-dev.c#L968
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/backing-dev.c#L986
 */
export function waitIffCongestedUs(ctx: TwinCtx & { tree: Tree }): number {
  if (ctx.task.pf & PF_WQ_WORKER && ctx.policy.waitIffCongestedWorkerSleep) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'waitIffCongested'), 'no congestion; a workqueue worker sleeps one jiffy (564e81a57f97)');
    return jiffiesUs(ctx, 1);
  }
  if (ctx.trace) step(ctx, ref(ctx.tree, 'waitIffCongested'), 'no congestion: cond_resched only');
  return 0;
}
