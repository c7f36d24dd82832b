/**
 * The lab comparison's finer test: the model's time to the kill or the
 * completion against the real run's, per swap device, where both ended.
 */
import { describe, expect, it } from 'vitest';
import { TIME_FACTOR, ratioRange, timeAgreement, timeRatio } from '../../models/src/lab/timeAgreement.ts';
import { timeLines } from '../../models/src/report/labValidation.ts';
import type { LabRow } from '../../models/src/lab/compare.ts';

/** A compared row with only what the time test reads. */
const row = (run: string, swap: 'plain' | 'crypt', realS: number | null, modelS: number | null): LabRow =>
  ({ run, swap, real: { endS: realS }, model: { endS: modelS } }) as unknown as LabRow;

describe('timeAgreement', () => {
  const rows = [
    row('plain-a', 'plain', 12, 9), // 0.75: within
    row('plain-b', 'plain', 10, 21), // 2.1: outside, the model slower
    row('crypt-a', 'crypt', 1000, 18), // 0.018
    row('crypt-b', 'crypt', 100, 40), // 0.4: outside
    row('crypt-c', 'crypt', 50, 60), // 1.2: within
    row('crypt-frozen', 'crypt', null, 30), // the real run never ended: no ratio
    row('crypt-model-crawl', 'crypt', 700, null),
  ];
  const t = timeAgreement(rows);

  it('counts, per swap device, the runs both sides ended and those within the factor', () => {
    expect(TIME_FACTOR).toBe(2);
    expect(t.plain).toMatchObject({ of: 2, within: 1 });
    expect(t.crypt).toMatchObject({ of: 3, within: 1 });
  });

  it('names the smallest and largest ratio and the run furthest from agreement either way', () => {
    expect(t.crypt.least?.run).toBe('crypt-a');
    expect(t.crypt.most?.run).toBe('crypt-c');
    expect(t.crypt.furthest).toMatchObject({ run: 'crypt-a', realS: 1000, modelS: 18 });
    // 2.1 is further from 1 than 0.75 on a log scale
    expect(t.plain.furthest?.run).toBe('plain-b');
    expect(ratioRange(t.plain)).toBe('0.75–2.10');
    expect(ratioRange(t.crypt)).toBe('0.02–1.20');
  });

  it('has no ratio for a run either side did not end, and an empty group prints no range', () => {
    expect(timeRatio(rows[5]!)).toBeNull();
    expect(timeRatio(rows[6]!)).toBeNull();
    const none = timeAgreement([]);
    expect(none.plain).toEqual({ of: 0, within: 0, least: null, most: null, furthest: null });
    expect(ratioRange(none.plain)).toBeNull();
  });

  it('is printed before the last line of fpsim validate --against lab, one line per swap device', () => {
    expect(timeLines({ rows })).toEqual([
      'time to kill or completion, model against real:',
      '    swap on the bare disk: 1 of 2 runs that both sides ended within a factor of 2 (model time / real time 0.75–2.10; furthest: plain-b, 10 s real, 21 s model)',
      '    swap on dm-crypt: 1 of 3 runs that both sides ended within a factor of 2 (model time / real time 0.02–1.20; furthest: crypt-a, 1000 s real, 18 s model)',
    ]);
  });
});
