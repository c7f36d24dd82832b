import type { Exit, MempoolStepsResult } from './compute.ts';

/** Where the element came from, or why there is none yet, in words. */
export const EXIT_TEXT: Record<Exit, string> = {
  allocator: 'returns a page from the page allocator, above the watermarks',
  reserves: 'returns a page from the emergency reserves below the min watermark (ALLOC_NO_WATERMARKS)',
  pool: 'returns an element from the pool’s own reserve',
  null: 'returns NULL: the caller’s mask does not allow it to sleep',
  wait: 'has nothing yet: it sleeps on the pool’s wait queue for up to 5 s (mempool_free wakes it when an element comes back)',
  stall: 'has nothing: it sleeps 100 ms at a time in throttle_vm_writeout, and with this mask it loops there until writeback drains',
  spin: 'has nothing: the model’s copy of the patch retries at once, again and again, without ever sleeping (Michal’s 14 July version of the patch avoided this by comparing only __GFP_DIRECT_RECLAIM before retrying)',
};

/** Short names of the exits, for the figure. */
export const EXIT_SHORT: Record<Exit, string> = {
  allocator: 'page allocator',
  reserves: 'emergency reserves',
  pool: 'the pool',
  null: 'NULL',
  wait: 'wait on the pool',
  stall: 'throttle_vm_writeout',
  spin: 'busy loop',
};

/** The steps mempool_alloc takes until it returns or first goes to sleep on the pool. */
export function stepCount(result: MempoolStepsResult): number {
  const wake = result.rows.findIndex((r) => r.kind === 'wake');
  return (wake < 0 ? result.rows : result.rows.slice(0, wake)).filter((r) => r.kind === 'step').length;
}

const ms = (n: number) => `${n.toLocaleString('en-US')} ms`;

/** What the woken task does before it takes the element that woke it, in words. */
export function afterWakeText(result: MempoolStepsResult): string {
  const w = result.woken;
  if (!w) return '';
  const slept = w.sleptMs > 0 ? `, ${ms(w.sleptMs)} asleep in ${w.sleepSites.join(' and ')}` : '';
  const how = !w.attempt?.reclaim
    ? 'once more, without direct reclaim (this kernel masks it out)'
    : w.directReclaim
      ? `again with the caller’s full mask (direct reclaim${slept})`
      : `again with the caller’s full mask (the slow path refuses direct reclaim to a ${result.callerFlags} task${slept})`;
  const then = w.exit === 'pool' ? 'and only when that fails does it take the element'
    : w.exit === 'allocator' || w.exit === 'reserves' ? `and that call ${EXIT_TEXT[w.exit]}, leaving the element in the pool`
    : `and then it ${EXIT_TEXT[w.exit]}`;
  return `Woken by mempool_free, it does not take the element at once: it first calls pool->alloc ${how}, ${then}`;
}

/** One sentence (two when the call sleeps on the pool): the case, and how mempool_alloc ends. */
export function mempoolStepsSummary(result: MempoolStepsResult): string {
  const pool = result.pool === 'empty' ? 'an empty pool' : 'a pool with 4 of 16 elements left';
  const first = `${result.kernel}, ${result.caller} calling with ${result.gfp}, ${pool}, free memory ${result.free}: ` +
    `after ${stepCount(result)} steps mempool_alloc ${EXIT_TEXT[result.exit]}.`;
  const after = afterWakeText(result);
  return after ? `${first} ${after} (${result.woken!.steps} more steps).` : first;
}
