/**
 * Direct reclaim's scanning in the lab comparison: the real kernel's
 * pgscan_direct over the run's phase, the model's twin of the counter, and
 * their ratio per swap device.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directScanRatios, times, timesWord } from '../../models/src/lab/scanRatio.ts';
import { scanOverPhase, realSide, type LabRow } from '../../models/src/lab/compare.ts';
import { readLabTrace, type LabTraceFacts } from '../../models/src/lab/trace.ts';
import { scanLines } from '../../models/src/report/labValidation.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';
import { simulate } from '../../models/src/sim/simulate.ts';

const facts = (t: number[], d: number[], k: number[], allocstall: number[] | null = null) => ({ series: { t, pgscanDirect: d, pgscanKswapd: k, allocstall } }) as unknown as LabTraceFacts;
/** A compared row: the real run ended at 100 s; its sampler reached untilS. */
const row = (swap: string, real: number | null, model: number, untilS = 100): LabRow =>
  ({ swap, real: { endS: 100, scan: real === null ? null : { direct: real, kswapd: 0, untilS } }, model: { scanDirect: model } }) as unknown as LabRow;

describe('scanOverPhase', () => {
  const f = facts([1, 2, 3, 4], [10, 50, 90, 200], [0, 5, 6, 7], [1, 3, 4, 9]);
  it('counts from the last sample at or before the start to the last at or before the end', () => {
    expect(scanOverPhase(f, 2, 3.5)).toEqual({ direct: 40, kswapd: 1, allocstall: 1, untilS: 1 });
    // a start before the first sample counts from 0; the end past the last sample stops at the last one
    expect(scanOverPhase(f, 0, 10)).toEqual({ direct: 200, kswapd: 7, allocstall: 9, untilS: 4 });
    // a trace without the allocstall series still has its scans
    expect(scanOverPhase(facts([1, 2], [0, 5], [0, 1]), 0, 3)).toEqual({ direct: 5, kswapd: 1, allocstall: null, untilS: 2 });
  });
  it('is null without the series or without a sample in the phase', () => {
    expect(scanOverPhase({ series: { t: [1], pgscanDirect: null, pgscanKswapd: null } } as unknown as LabTraceFacts, 0, 5)).toBeNull();
    expect(scanOverPhase(f, 4, 9)).toBeNull();
  });
  it('reads a real trace: 4.7.4 with f9054c70 put back scanned hundreds of millions of pages in direct reclaim', () => {
    const t = readLabTrace(JSON.parse(readFileSync('content/data/lab-2016/4.7.4-f9054c70-crypt-r2.json', 'utf8')), 'r2');
    expect(realSide(t).scan!.direct).toBeGreaterThan(1e8);
    // in some thousands of entries into direct reclaim: whole sweeps of the lists per entry
    expect(realSide(t).scan!.direct / realSide(t).scan!.allocstall!).toBeGreaterThan(1e5);
  });
});

describe('directScanRatios', () => {
  it('takes real / model per swap device over runs with both counts over the whole phase, and counts the runs the model scanned none in', () => {
    // the fourth has no real count, the fifth a sampler that froze at 40 s of a 100 s fill: neither counts
    const g = directScanRatios([row('crypt', 1000, 10), row('crypt', 500, 100), row('crypt', 90, 30), row('crypt', null, 5), row('crypt', 1, 100, 40), row('plain', 80, 0)]);
    expect(g.crypt).toEqual({ of: 3, median: 5, least: 3, most: 100, modelNone: 0 });
    expect(g.plain).toEqual({ of: 0, median: null, least: null, most: null, modelNone: 1 });
    expect(scanLines({ rows: [row('crypt', 1000, 10), row('plain', 80, 0)] })).toEqual([
      'pages scanned by direct reclaim, real / model:',
      '    swap on the bare disk: no run with both counts over the whole phase; the model scanned none directly in 1 more',
      '    swap on dm-crypt: median ×100 (×100 to ×100) over 1 runs whose sampler lasted the whole phase',
    ]);
  });
  it('prints ratios with two significant digits', () => {
    expect([times(0.8123), times(12.4), times(2567), times(0)]).toEqual(['×0.81', '×12', '×2,600', '×0']);
    expect(timesWord(333.3)).toBe('330');
  });
});

describe("the model's counters", () => {
  it('count scans by kswapd and by direct reclaim, and a page freed is a page scanned', () => {
    const v = simulate(resolveScenario({ kernel: 'v4.7-rc6' }).scenario).summary.vmstat;
    expect(v.pgscanDirect).toBeGreaterThan(0);
    expect(v.allocstall).toBeGreaterThan(0);
    expect(v.pgscanKswapd).toBeGreaterThan(0);
    expect(v.pgstealDirect).toBeLessThanOrEqual(v.pgscanDirect);
    expect(v.pgstealKswapd).toBeLessThanOrEqual(v.pgscanKswapd);
  });
});
