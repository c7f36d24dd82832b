import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate } from '../../models/src/sim/simulate.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';
import { PARAMS } from '../../models/src/scenario/params.ts';
import { BASE_KERNELS } from '../../models/src/kernel/versions.ts';
import { Engine, waitQueue } from '../../models/src/runtime/engine.ts';

/** A small machine that runs in a few ms. */
const small = { ramMiB: 256, swapMiB: 512, touchMiB: 384, horizonS: 120, sampleMs: 250 };

describe('resolveScenario is total', () => {
  it('never throws, always returns a valid scenario', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const { scenario } = resolveScenario(input);
        for (const p of PARAMS) {
          const v = scenario.params[p.key];
          if (!Number.isFinite(v) || v < p.min || v > p.max) return false;
        }
        return (BASE_KERNELS as readonly string[]).includes(scenario.kernel);
      }),
      { numRuns: 300 },
    );
  });
  it('clamps, drops and explains', () => {
    const { scenario, notices } = resolveScenario({ kernel: 'v9', patches: ['nope', 'throttle-noretry'], params: { hz: 5, ramMiB: 'NaN', bogus: 1, cpus: 2.6 } });
    expect(scenario.kernel).toBe('v4.7-rc6');
    expect(scenario.patches).toEqual(['throttle-noretry']);
    expect(scenario.params.hz).toBe(100);
    expect(scenario.params.ramMiB).toBe(1024);
    expect(scenario.params.cpus).toBe(3);
    expect(notices.map((n) => n.key).sort()).toEqual(['bogus', 'cpus', 'hz', 'kernel', 'patches', 'ramMiB']);
  });
});

describe('engine', () => {
  it('orders ties by scheduling sequence and ends at the caps', () => {
    const e = new Engine(1000, 10_000);
    const order: number[] = [];
    for (let i = 0; i < 20; i++) e.at(5, () => order.push(i));
    e.run();
    expect(order).toEqual([...Array(20).keys()]);
    const t = e.task('spin', 0);
    e.start(t, (function* () { for (;;) yield { op: 'sleep' as const, us: 1, site: 'x' }; })());
    expect(e.run()).toBe('event-cap');
    const e2 = new Engine(1e9, 10_000);
    const t2 = e2.task('w', 0);
    e2.start(t2, (function* () { for (;;) yield { op: 'wait' as const, queue: waitQueue('q'), timeoutUs: 3000, site: 'x' }; })());
    expect(e2.run()).toBe('time-cap');
  });
});

describe('simulate', () => {
  it('is deterministic: same scenario and seed give byte-identical JSON', () => {
    const a = JSON.stringify(simulate({ kernel: 'v4.8', params: { ...small, seed: 7 } }));
    const b = JSON.stringify(simulate({ kernel: 'v4.8', params: { ...small, seed: 7 } }));
    expect(a).toBe(b);
  });
  it('another seed gives another series (and here the same outcome)', () => {
    const a = simulate({ kernel: 'v4.8', params: { ...small, seed: 1 } });
    const b = simulate({ kernel: 'v4.8', params: { ...small, seed: 2 } });
    expect(JSON.stringify(a.series)).not.toBe(JSON.stringify(b.series));
    expect(a.outcome.kind).toBe(b.outcome.kind);
  });
  it('an absurd scenario ends quickly at the event cap with a clear outcome', () => {
    const t0 = Date.now();
    const r = simulate({ kernel: 'v4.6', params: { ramMiB: 4096, touchMiB: 65536, swapMiB: 65536, diskMiBPerS: 1, horizonS: 7200 } }, { maxEvents: 20_000 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(['livelock', 'oom-kill']).toContain(r.outcome.kind);
    if (r.outcome.kind === 'livelock') expect(['event-cap', 'horizon']).toContain(r.outcome.endedBy);
  });
  // Pages conserved, counters non-negative and time monotone over 1,000 random scenarios: properties-1 and -2.test.ts.
  it('returns the stable result fields', () => {
    const r = simulate({ kernel: 'v4.9', params: small });
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['model', 'scenario', 'outcome', 'oomKills', 'flags', 'stalls', 'series', 'events']));
    for (const k of ['t', 'freeKiB', 'swapUsedKiB', 'writebackKiB', 'slabKiB', 'pagePoolFree', 'kcryptdReqPerS', 'touchedMiB']) expect(Array.isArray((r.series as never)[k])).toBe(true);
    expect(r.model.name).toBe('forward-progress');
  });
});
