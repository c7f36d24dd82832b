/**
 * The 2016 table on Ondrej's machine with the one documented parameter set
 * (params.ts defaults). Assertions only for rows the model reproduces on these
 * seeds; `fpsim validate` prints the whole table (10 seeds × 3 machines).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../models/src/sim/simulate.ts';
import { VALIDATION_ROWS, classify, matches } from '../../models/src/sim/validate.ts';

const row = (id: string) => VALIDATION_ROWS.find((r) => r.id === id)!;
const run = (id: string, seed: number) => simulate({ kernel: row(id).kernel, patches: row(id).patches, params: { seed } });

describe('2016 outcomes on ondrej-2016 (1 GiB, 2 CPUs)', () => {
  it('v4.5 (inferred from the bisection: no OOM message) is not OOM-killed', () => {
    const r = run('v4.5', 1);
    expect(r.oomKills).toHaveLength(0);
    expect(matches(row('v4.5').expected, classify(r))).toBe(true);
  });
  it('v4.6: premature OOM kill with most of swap free, after the reserves were emptied', () => {
    for (const seed of [1, 2]) {
      const r = run('v4.6', seed);
      expect(r.outcome.kind).toBe('oom-kill');
      expect(r.oomKills[0]!.swapFreePct).toBeGreaterThan(70);
      expect(r.flags.reservesExhausted).toBe(true);
    }
  });
  it('v4.7-rc6: no OOM kill; kcryptd sleeps in throttle_vm_writeout (whether that lasts to a crawl is in the validation table)', () => {
    const r = run('v4.7-rc6', 1);
    expect(r.oomKills).toHaveLength(0);
    const k = r.stalls['kcryptd/0']!;
    expect(k.throttle_vm_writeout!).toBeGreaterThan(100);
  });
  it('v4.7-rc6 + throttle-noretry completes, far sooner than v4.7-rc6', () => {
    const r = run('v4.7-rc6+throttle-noretry', 1);
    expect(classify(r)).toBe('completes');
    expect(r.outcome.t).toBeLessThan(120);
  });
  it('the flag-only mempool patch with Ondrej\'s early return completes, as he reported on 14 Jul 17:25', () => {
    const r = run('v4.7-rc6+mempool-less-throttle+throttle-skip-less-throttle', 1);
    expect(classify(r)).toBe('completes');
    expect(r.outcome.t).toBeLessThan(120);
  });
  it('v4.8 and v4.9 complete', () => {
    expect(classify(run('v4.8', 1))).toBe('completes');
    expect(classify(run('v4.9', 1))).toBe('completes');
  });
}, 60_000);
