/**
 * Invariants over random scenarios, part 1 of 2 (500 runs each; the two
 * files run in parallel). Part 1: any kernel, patches and knobs on a small
 * machine. Part 2: 300 more of those and 200 on the 512 MiB machine of v4.5
 * and v4.6, about half of which go on past an OOM kill.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anyScenario, killProneScenario, run, violation } from './properties.ts';

describe('invariants over random scenarios, part 1', () => {
  it('500 random scenarios: pages conserved, counters non-negative, time monotone', () => {
    const kinds: Record<string, number> = {};
    fc.assert(
      fc.property(anyScenario, (s) => {
        const r = run(s);
        kinds[r.outcome.kind] = (kinds[r.outcome.kind] ?? 0) + 1;
        const v = violation(s, r);
        if (v) throw new Error(v);
      }),
      { numRuns: 500, seed: 20161 },
    );
    // The sample spans the outcomes, or it says little about any of them.
    expect(Object.keys(kinds).sort()).toEqual(['completed', 'livelock', 'oom-kill']);
  }, 300_000);
});
