/**
 * How a twin that usually returns at once says it has to sleep. It runs its
 * steps straight away and returns its value; when a step would sleep, it
 * returns instead a generator that goes on from that step (the engine
 * resumes it after each wait). The steps are written once: the simulation's
 * hot path starts no generator for a call that never sleeps, and a traced
 * run records the same steps.
 *
 *   const r = mempoolAlloc(ctx, pool, gfp);
 *   const element = sleeps(r) ? yield* r : r;
 */
import type { Wait } from './engine.ts';

export type Sleeping<R> = Generator<Wait, R, void>;
export type MaySleep<R> = R | Sleeping<R>;

/** Whether the twin handed back a generator (it has to sleep) rather than its value. */
export function sleeps<R>(r: MaySleep<R>): r is Sleeping<R> {
  return typeof r === 'object' && r !== null && typeof (r as Sleeping<R>).next === 'function';
}

/** The twin's result as a generator, for a caller that drives generators only (an explorer). */
export function* untilDone<R>(r: MaySleep<R>): Sleeping<R> {
  return sleeps(r) ? yield* r : r;
}
