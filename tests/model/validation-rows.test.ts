/**
 * The 2016 table as the model states it: every row says how we know it
 * (design.md, "What 2016 reported, and what is only inferred").
 */
import { describe, expect, it } from 'vitest';
import { VALIDATION_ROWS, matches } from '../../models/src/sim/validate.ts';
import { formatValidationTable } from '../../models/src/report/validation.ts';
import { validate } from '../../models/src/sim/validate.ts';

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

  it('fpsim validate prints each row\'s evidence class and the two groups\' totals apart', () => {
    const cells = validate({ rows: [row('v4.5'), row('v4.8')], machines: [{ name: '1G/2cpu', scenario: 'ondrej-2016', params: {} }], seeds: [1] });
    const text = formatValidationTable(cells);
    expect(text).toMatch(/^v4\.5 — 2016: .*\n {4}INFERRED from Ondrej's bisection/m);
    expect(text).toMatch(/^v4\.8 — 2016: .*\n {4}reported, Mikulas's machine/m);
    expect(text).toMatch(/^reported rows: matched \d of 1 cells; inferred rows: matched \d of 1 cells$/m);
  });
});
