/** A library caller learns what simulate() did with its input: nothing is ignored silently. */
import { describe, expect, it } from 'vitest';
import { MAX_MAX_EVENTS, resolveSimulateOptions, simulate } from '../../models/src/sim/simulate.ts';
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

describe("simulate()'s options: taken, clamped or refused with a notice, never thrown", () => {
  it('takes well-formed options without a word', () => {
    expect(resolveSimulateOptions({ maxEvents: 20_000, reference: true })).toEqual({ maxEvents: 20_000, reference: true, notices: [] });
    expect(resolveSimulateOptions(undefined).notices).toEqual([]);
  });

  it('clamps maxEvents into 1 … MAX_MAX_EVENTS, whole, and says so', () => {
    expect(resolveSimulateOptions({ maxEvents: -5 })).toMatchObject({ maxEvents: 1, notices: [{ key: 'options.maxEvents' }] });
    expect(resolveSimulateOptions({ maxEvents: 1e12 }).maxEvents).toBe(MAX_MAX_EVENTS);
    expect(resolveSimulateOptions({ maxEvents: 2.6 }).maxEvents).toBe(3);
    expect(resolveSimulateOptions({ maxEvents: 'lots' })).toMatchObject({ maxEvents: 5_000_000, notices: [{ key: 'options.maxEvents', message: expect.stringMatching(/not a number/) }] });
  });

  it('refuses a reference that is not a boolean, an unknown option and options that are not an object', () => {
    expect(resolveSimulateOptions({ reference: 'yes' })).toMatchObject({ reference: false, notices: [{ key: 'options.reference' }] });
    expect(resolveSimulateOptions({ refrence: true }).notices).toEqual([{ key: 'options.refrence', message: 'unknown option refrence; ignored' }]);
    for (const bad of [null, 42, 'fast', [1]]) expect(resolveSimulateOptions(bad).notices.map((n) => n.key)).toEqual(['options']);
  });

  it("a run reports its options' notices after its input's", () => {
    const r = simulate({ kernel: 'v4.5', seed: 3 }, { maxEvents: 0 } as never);
    expect(r.notices.map((n) => n.key)).toEqual(['seed', 'options.maxEvents']);
    expect(r.events).toBeLessThanOrEqual(1);
    expect(() => simulate({ kernel: 'v4.6' }, null as never)).not.toThrow();
  });
});
