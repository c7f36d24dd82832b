/**
 * The shortcuts an untraced run takes to save time (the quiet anon
 * iterations, the file-cycling loops and priorities, mempool_alloc's quick
 * first try, runs of fast-path page allocations, twins that return without a
 * generator, kswapd's ping-pong with a throttled task) must change no result:
 * every scenario gives the identical result in reference mode, where each
 * twin runs as in a traced run — every field but the engine's count of
 * events, which the ping-pong's passes taken at once lower by design (the
 * reference run is given room for all of its events).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate } from '../../models/src/sim/simulate.ts';
import { BASE_KERNELS } from '../../models/src/kernel/versions.ts';
import { anyScenario, killProneScenario } from './properties.ts';

const withoutEvents = (r: ReturnType<typeof simulate>) => JSON.stringify({ ...r, events: undefined });

const same = (s: Parameters<typeof simulate>[0], maxEvents = 300_000) => {
  const fast = simulate(s, { maxEvents });
  const reference = simulate(s, { maxEvents: 40 * maxEvents, reference: true });
  return withoutEvents(fast) === withoutEvents(reference);
};

describe('the shortcuts change nothing', () => {
  it.each(BASE_KERNELS)('%s, the default machine: the same result as the reference run', (kernel) => {
    expect(same({ kernel, params: { seed: 1 } })).toBe(true);
  }, 60_000);

  it('v4.6 on 512 MiB, 34 s: the test throttled and kswapd woken by every check, 1.9 million passes, as the reference run has them', () => {
    const r = simulate({ scenario: 'small-512', kernel: 'v4.6', params: { seed: 1, horizonS: 34 } }, { maxEvents: 300_000 });
    // The ping-pong is there: kswapd woke more often than the run has events.
    expect(r.summary.kswapdWakeups).toBeGreaterThan(r.events * 100);
    expect(same({ scenario: 'small-512', kernel: 'v4.6', params: { seed: 1, horizonS: 34 } })).toBe(true);
  }, 120_000);

  it('40 random small scenarios and 10 that pass an OOM kill: the same results as their reference runs', () => {
    const scenarios = [...fc.sample(anyScenario, { numRuns: 40, seed: 20164 }), ...fc.sample(killProneScenario, { numRuns: 10, seed: 20165 })];
    const differ = scenarios.filter((s) => !same(s)).map((s) => JSON.stringify(s));
    expect(differ).toEqual([]);
  }, 300_000);
});
