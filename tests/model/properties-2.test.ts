/**
 * Invariants over random scenarios, part 2 of 2 (500 runs each; the two
 * files run in parallel). Part 1: any kernel, patches and knobs on a small
 * machine. Part 2: 300 more of those and 200 on the 512 MiB machine of v4.5
 * and v4.6, about half of which go on past an OOM kill.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anyScenario, killProneScenario, run, violation } from './properties.ts';

describe('invariants over random scenarios, part 2', () => {
  it('300 more random scenarios', () => {
    fc.assert(
      fc.property(anyScenario, (s) => {
        const v = violation(s, run(s));
        if (v) throw new Error(v);
      }),
      { numRuns: 300, seed: 20162 },
    );
  }, 300_000);

  it('200 runs on a machine that is often OOM-killed: the invariants hold past the kill', () => {
    let killed = 0;
    fc.assert(
      fc.property(killProneScenario, (s) => {
        const r = run(s);
        if (r.oomKills.length) killed++;
        const v = violation(s, r);
        if (v) throw new Error(v);
      }),
      { numRuns: 200, seed: 20163 },
    );
    expect(killed).toBeGreaterThanOrEqual(50);
  }, 300_000);
});
