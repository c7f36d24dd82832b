/** A library caller learns what simulate() did with its input: nothing is ignored silently. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../models/src/sim/simulate.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';

describe('simulate() returns the notices of resolving its input', () => {
  it('a key in the wrong place (seed beside kernel, not in params) is named, not silently dropped', () => {
    const r = simulate({ kernel: 'v4.5', seed: 3 });
    expect(r.notices).toEqual([{ key: 'seed', message: 'unknown field seed; ignored' }]);
    expect(r.scenario.params.seed).toBe(1);
  });

  it('a clamped value says so, and the run uses the clamped value', () => {
    const r = simulate({ kernel: 'v4.6', params: { seed: 2, horizonS: 1e9 } }, { maxEvents: 20_000 });
    expect(r.notices.map((n) => n.key)).toEqual(['horizonS']);
    expect(r.notices[0]!.message).toMatch(/out of range .*; clamped to/);
  });

  it('a well-formed input, or an already resolved scenario, has none', () => {
    expect(simulate({ kernel: 'v4.6', params: { seed: 2 } }, { maxEvents: 20_000 }).notices).toEqual([]);
    expect(simulate(resolveScenario({ kernel: 'v4.8' }).scenario, { maxEvents: 20_000 }).notices).toEqual([]);
  });
});
