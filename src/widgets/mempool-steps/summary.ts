import type { Exit, MempoolStepsResult } from './compute.ts';

/** Where the element came from, or why there is none yet, in words. */
export const EXIT_TEXT: Record<Exit, string> = {
  allocator: 'returns a page from the page allocator, above the watermarks',
  reserves: 'returns a page from the emergency reserves below the min watermark (ALLOC_NO_WATERMARKS)',
  pool: 'returns an element from the pool’s own reserve',
  null: 'returns NULL: the caller’s mask does not allow it to sleep',
  wait: 'has nothing yet: it sleeps on the pool’s wait queue for up to 5 s (mempool_free wakes it when an element comes back) and then starts over',
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

export function stepCount(result: MempoolStepsResult): number {
  return result.rows.filter((r) => r.kind === 'step').length;
}

/** One sentence: the case, and how mempool_alloc ends. */
export function mempoolStepsSummary(result: MempoolStepsResult): string {
  const pool = result.pool === 'empty' ? 'an empty pool' : 'a pool with 4 of 16 elements left';
  return `${result.kernel}, ${result.caller} calling with ${result.gfp}, ${pool}, free memory ${result.free}: ` +
    `after ${stepCount(result)} steps mempool_alloc ${EXIT_TEXT[result.exit]}.`;
}
