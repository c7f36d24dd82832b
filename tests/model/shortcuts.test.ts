/**
 * The shortcuts an untraced run takes to save time (the quiet anon
 * iterations, the file-cycling loops and priorities, mempool_alloc's quick
 * first try, runs of fast-path page allocations, twins that return without a
 * generator) must change no result: every scenario gives the byte-identical
 * result in reference mode, where each twin runs as in a traced run.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate } from '../../models/src/sim/simulate.ts';
import { BASE_KERNELS } from '../../models/src/kernel/versions.ts';
import { anyScenario, killProneScenario } from './properties.ts';

const same = (s: Parameters<typeof simulate>[0]) => {
  const fast = JSON.stringify(simulate(s, { maxEvents: 300_000 }));
  const reference = JSON.stringify(simulate(s, { maxEvents: 300_000, reference: true }));
  return fast === reference;
};

describe('the shortcuts change nothing', () => {
  it.each(BASE_KERNELS)('%s, the default machine: the same result as the reference run', (kernel) => {
    expect(same({ kernel, params: { seed: 1 } })).toBe(true);
  }, 60_000);

  it('40 random small scenarios and 10 that pass an OOM kill: the same results as their reference runs', () => {
    const scenarios = [...fc.sample(anyScenario, { numRuns: 40, seed: 20164 }), ...fc.sample(killProneScenario, { numRuns: 10, seed: 20165 })];
    const differ = scenarios.filter((s) => !same(s)).map((s) => JSON.stringify(s));
    expect(differ).toEqual([]);
  }, 300_000);
});
