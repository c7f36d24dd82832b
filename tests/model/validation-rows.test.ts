/**
 * The 2016 table as the model states it: every row says how we know it
 * (design.md, "What 2016 reported, and what is only inferred").
 */
import { describe, expect, it } from 'vitest';
import { VALIDATION_ROWS, matches } from '../../models/src/sim/validate.ts';
import { formatValidationTable } from '../../models/src/report/validation.ts';
import { summarizeValidation, validate, validationTotalsByEvidence, type ValidationCell } from '../../models/src/sim/validate.ts';
import { CRAWL_LATE_S, CRAWL_MAX_REQ_PER_S, classifyOutcome, lateMeanRate, type OutcomeClass } from '../../models/src/sim/outcomeClass.ts';

const row = (id: string) => VALIDATION_ROWS.find((r) => r.id === id)!;

describe('the 2016 rows', () => {
  it('v4.5 and v4.9 are inferred, each with what the inference rests on; the rest were reported', () => {
    expect(VALIDATION_ROWS.filter((r) => r.evidence === 'inferred').map((r) => r.id)).toEqual(['v4.5', 'v4.9']);
    for (const r of VALIDATION_ROWS) {
      if (r.evidence === 'inferred') expect(r.basis, r.id).toMatch(/^from /);
      else expect(r.basis, r.id).toBeUndefined();
      expect(r.sources.length, r.id).toBeGreaterThan(0);
      for (const s of r.sources) expect(Boolean(s.messageId) !== Boolean(s.commit), `${r.id}: ${s.label}`).toBe(true);
    }
  });

  it('the May log is a 4.6-rc build, the revert row Mikulas\'s machine, and Ondrej\'s 17:25 success is a row', () => {
    expect(row('v4.6').kernel2016).toMatch(/4\.6-rc/);
    expect(row('v4.8').machine2016).toMatch(/Mikulas/);
    const early = row('v4.7-rc6+mempool-less-throttle+throttle-skip-less-throttle');
    expect(early).toMatchObject({ evidence: 'reported', expected: 'completes' });
    expect(early.sources.map((s) => s.messageId)).toContain('8ada6905-ffd2-46c7-7ca1-861fac7e6264@redhat.com');
  });

  it('an inference from a bisection says nothing about speed: a completion and a crawl both match "no OOM kill"', () => {
    expect(matches('no-oom-kill', 'completes')).toBe(true);
    expect(matches('no-oom-kill', 'crawl')).toBe(true);
    expect(matches('no-oom-kill', 'oom-kill-swap-free')).toBe(false);
    expect(matches('crawl', 'completes')).toBe(false);
  });

  it('fpsim validate prints each row\'s evidence class, its seeds per machine and the two groups\' totals apart', () => {
    const machines = [{ name: '1G/2cpu', scenario: 'ondrej-2016', params: {} }];
    const cells = validate({ rows: [row('v4.5'), row('v4.8')], machines, seeds: [1, 2] });
    expect(cells).toHaveLength(4);
    for (const c of cells) expect(c).toMatchObject({ machine: '1G/2cpu', match: matches(c.expected, c.got) });
    const text = formatValidationTable(cells);
    expect(text).toMatch(/^crawl = kcryptd at ≤ 25 req\/s on average over the last 5 minutes of the run/m);
    expect(text).toMatch(/^== reported rows[^]*^v4\.8 — 2016: .*\n {4}reported, Mikulas's machine/m);
    expect(text).toMatch(/^== inferred rows[^]*^v4\.5 — 2016: .*\n {4}INFERRED from Ondrej's bisection/m);
    expect(text).toMatch(/^ {4}1G\/2cpu +[0-2]\/2 (holds|boundary|fails) +[✓✗]{2} /m);
    expect(text).toMatch(/^ {4}→ [0-2]\/2 \([0-2]\/2\)( boundary)?; median end /m);
    expect(text).toMatch(/^reported rows: matched [0-2] of 2 cells; [01] of 1 rows hold on every cell, [01] at a boundary, [01] hold nowhere$/m);
    expect(text).toMatch(/^inferred rows: matched [0-2] of 2 cells; /m);
  });

  it('summarizes seeds per machine: counts, distribution, boundary, medians', () => {
    const fake = (seed: number, machine: string, got: OutcomeClass, t: number): ValidationCell => ({
      row: 'v4.8', machine, seed, expected: 'completes', evidence: 'reported', got, match: got === 'completes',
      outcome: { kind: got === 'completes' ? 'completed' : 'livelock', t, endedBy: got === 'completes' ? 'completion' : 'horizon' }, kcryptdReqPerSMedian: 0, lateReqPerS: 0, reservesExhausted: false,
    });
    const cells = [fake(1, 'a', 'completes', 100), fake(2, 'a', 'completes', 300), fake(1, 'b', 'crawl', 1800), fake(2, 'b', 'completes', 200), fake(1, 'c', 'crawl', 1800), fake(2, 'c', 'crawl', 1800)];
    const [s] = summarizeValidation(cells);
    expect(s!.distribution).toBe('2/2, 1/2, 0/2');
    expect(s!.pairs.map((p) => p.status)).toEqual(['holds', 'boundary', 'fails']);
    expect(s!.boundary).toBe(true);
    expect(s!.pairs[0]!.medianEndS).toBe(200);
    expect(s!.pairs[2]!.medianEndS).toBeNull();
    expect(s!.medianEndS).toBe(200);
    expect(s!.pairs[1]!.classes).toEqual({ crawl: 1, completes: 1 });
    expect(validationTotalsByEvidence([s!]).reported).toEqual({ rows: 1, cells: 6, matched: 3, holding: 0, boundary: 1, failing: 0 });
  });
});

describe('the crawl, defined', () => {
  /** A synthetic result: samples every 0.5 s up to `end` at a constant kcryptd rate, from `late` s before the end at another. */
  const result = (kind: string, end: number, rate: number, lateRate = rate, late = CRAWL_LATE_S, oomFree?: number, endedBy = kind === 'completed' ? 'completion' : 'horizon') => {
    const t: number[] = [], r: number[] = [];
    for (let x = 0; x <= end; x += 0.5) {
      t.push(x);
      r.push(x > end - late ? lateRate : rate);
    }
    return { outcome: { kind, t: end, endedBy }, oomKills: oomFree === undefined ? [] : [{ swapFreePct: oomFree }], series: { t, kcryptdReqPerS: r } };
  };
  it('a run not done at the horizon with kcryptd at ≤ 25 req/s over the last 5 minutes is a crawl', () => {
    expect(classifyOutcome(result('livelock', 1800, 400, 10))).toBe('crawl');
    expect(classifyOutcome(result('livelock', 1800, 400, CRAWL_MAX_REQ_PER_S))).toBe('crawl');
    expect(classifyOutcome(result('livelock', 1800, 0, 0))).toBe('crawl');
  });
  it('more I/O than that late in the run is slow, not a crawl; only the last 5 minutes count', () => {
    expect(classifyOutcome(result('livelock', 1800, 10, 26))).toBe('slow');
    expect(classifyOutcome(result('livelock', 1800, 10, 100, 60))).toBe('slow'); // 60 s at 100/s + 240 s at 10/s: 28/s
    expect(classifyOutcome(result('livelock', 1800, 10, 100, 30))).toBe('crawl'); // 30 s at 100/s + 270 s at 10/s: 19/s
  });
  it('a run that trickled to its end crawled; a completion with I/O flowing completes however late; a kill is a kill; the event cap decides nothing', () => {
    // the lab's real 4.7.4-f9054c70: filled its 1.5 GiB after 28 minutes at about 2 writes/s
    expect(classifyOutcome(result('completed', 1700, 5))).toBe('crawl');
    expect(classifyOutcome(result('completed', 1700, 5, 400))).toBe('completes');
    expect(classifyOutcome(result('completed', 1700, 400, CRAWL_MAX_REQ_PER_S + 1))).toBe('completes');
    // a run shorter than the late window cannot have crawled for it
    expect(classifyOutcome(result('completed', CRAWL_LATE_S - 1, 5))).toBe('completes');
    expect(classifyOutcome(result('oom-kill', 30, 500, 500, CRAWL_LATE_S, 97))).toBe('oom-kill-swap-free');
    expect(classifyOutcome(result('oom-kill', 900, 500, 500, CRAWL_LATE_S, 20))).toBe('oom-kill-other');
    expect(classifyOutcome(result('livelock', 1200, 0, 0, CRAWL_LATE_S, undefined, 'event-cap'))).toBe('event-cap');
    expect(lateMeanRate([0, 1, 2], [5, 5, 5], 1000)).toBeNull();
    expect(lateMeanRate([0, 1, 2], [5, 5, 7], 100)).toBe(6); // t = 0 is the start, not a sample of a rate
  });
  it('the table\'s expectations match the classes', () => {
    expect(matches('crawl', 'slow')).toBe(false);
    expect(matches('no-oom-kill', 'slow')).toBe(true);
    expect(matches('completes', 'crawl')).toBe(false);
  });
});
