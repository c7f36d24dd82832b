/**
 * A fatal signal and the engine's waits: SIGKILL (signal_wake_up for a fatal
 * signal) ends a killable or interruptible sleep on any queue at once, and
 * leaves an uninterruptible one (mempool_alloc's io_schedule_timeout,
 * congestion_wait, a mutex) to run to its end.
 */
import { describe, expect, it } from 'vitest';
import { Engine, waitQueue, type Wait } from '../../models/src/runtime/engine.ts';

/** One task that waits once on q and records when it went on; a signal at 1 s. */
function waitAndSignal(wait: (q: ReturnType<typeof waitQueue>) => Wait) {
  const e = new Engine(1000, 60_000_000);
  const q = waitQueue('q');
  const task = e.task('test', 0);
  let resumedAt = -1;
  e.start(task, (function* () {
    yield wait(q);
    resumedAt = e.now;
  })());
  e.at(1_000_000, () => {
    task.killed = true;
    e.fatalSignal(task);
  });
  e.run();
  return { resumedAt, task, q };
}

describe('a fatal signal ends killable waits only', () => {
  it('a killable wait without a timeout ends at the signal', () => {
    const r = waitAndSignal((q) => ({ op: 'wait', queue: q, timeoutUs: Infinity, site: 'throttle_direct_reclaim', killable: true }));
    expect(r.resumedAt).toBe(1_000_000);
    expect(r.task.sleepingOn).toBeNull();
    expect(r.task.stalls).toEqual({ throttle_direct_reclaim: 1_000_000 });
  });

  it('an uninterruptible wait runs to its timeout', () => {
    const r = waitAndSignal((q) => ({ op: 'wait', queue: q, timeoutUs: 5_000_000, site: 'mempool_alloc' }));
    expect(r.resumedAt).toBe(5_000_000);
  });

  it('an uninterruptible wait without a timeout is still asleep when the events run out', () => {
    const r = waitAndSignal((q) => ({ op: 'wait', queue: q, timeoutUs: Infinity, site: 'mutex' }));
    expect(r.resumedAt).toBe(-1);
    expect(r.task.sleepingOn).toBe(r.q);
  });

  it("a killable wait's timeout, after the signal ended it, resumes nothing a second time", () => {
    let resumes = 0;
    const e = new Engine(1000, 60_000_000);
    const q = waitQueue('q');
    const task = e.task('test', 0);
    e.start(task, (function* () {
      yield { op: 'wait', queue: q, timeoutUs: 2_000_000, site: 'throttle_direct_reclaim', killable: true };
      resumes++;
      yield { op: 'sleep', us: 10_000_000, site: 'cpu' };
      resumes++;
    })());
    e.at(1_000_000, () => e.fatalSignal(task));
    e.run();
    expect(resumes).toBe(2);
    expect(e.now).toBe(11_000_000);
  });
});
