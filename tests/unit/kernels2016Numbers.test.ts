import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { k2016, stories, threadRows, outcomeTally } from '../../src/chapters/kernels2016Numbers.ts';
import { PLANNED_2016, TRACES_2016 } from '../../src/widgets/kernels-2016/traces.ts';
import { leastSwapFreeKiB, lateDmWrites, outcomeClass, peakWritebackKiB, testSeconds } from '../../src/widgets/kernels-2016/analysis.ts';

// The chapter's numbers come from the traces: every planned scenario is in
// the table, with its runs or "not run yet", and each figure is the trace's.
describe('the numbers of "The 2016 kernels, run again"', () => {
  const rows = k2016.outcomeGroups.flatMap((g) => g.scenarios);

  it('puts every 2016 scenario of lab/scenarios.json in the table, once, and every recorded run under it', () => {
    expect(rows.map((r) => r.name).sort()).toEqual(PLANNED_2016.map((s) => s.name).sort());
    expect(rows.flatMap((r) => r.runs.map((x) => x.run)).sort()).toEqual(TRACES_2016.map((t) => t.run).sort());
    for (const r of rows) if (!r.runs.length) expect(k2016.notRun).toContain(r.name);
    expect(k2016.runs).toBe(TRACES_2016.length);
  });

  it('says "not run yet" for a kernel with no run, and tallies the others', () => {
    expect(outcomeTally([])).toBe('not run yet');
    for (const [id, s] of Object.entries(stories)) {
      const runs = TRACES_2016.filter((t) => t.scenario.kernel === id && t.scenario.swap === 'crypt' && t.scenario.memMiB === 1024 && !t.scenario.writer); // Ondrej's test alone: no collector beside it
      expect(s.runs, id).toBe(runs.length);
      if (!runs.length) expect(s.tally).toBe('not run yet');
      else expect(s.tally).toMatch(new RegExp(`^${runs.length > 1 ? '\\d+' : '1'} of ${runs.length} runs?`));
    }
  });

  it('reads each row off its trace', () => {
    for (const row of rows.flatMap((r) => r.runs)) {
      const t = TRACES_2016.find((x) => x.run === row.run)!;
      expect(row.outcome).toBe(outcomeClass(t));
      expect(row.testS).toBe(Math.round(testSeconds(t)).toLocaleString('en-US'));
      expect(Number(row.peakWritebackMiB.replace(/,/g, ''))).toBeCloseTo(peakWritebackKiB(t) / 1024, 1);
      expect(Number(row.leastSwapFreePct)).toBeCloseTo((100 * leastSwapFreeKiB(t)) / (t.scenario.swapGiB * 1048576 - 4), 1);
      if (t.scenario.swap === 'crypt' && lateDmWrites(t).perS !== null) expect(row.lateDmWrites).toMatch(/^[\d,]+/);
      expect(row.command).toMatch(/^npm run lab -- --kernel /);
    }
  });

  it('classifies the committed runs as the traces say they ended', () => {
    const byRun = Object.fromEntries(TRACES_2016.map((t) => [t.run, outcomeClass(t)]));
    // Runs recorded once and never rerun under the same id: their classes are facts of the traces.
    if (byRun['4.6.2-crypt-r1']) expect(byRun['4.6.2-crypt-r1']).toBe('frozen');
    if (byRun['4.6.2-plain-r1']) expect(byRun['4.6.2-plain-r1']).toBe('completed');
    if (byRun['4.7.4-f9054c70-crypt-r1']) expect(byRun['4.7.4-f9054c70-crypt-r1']).toBe('crawling');
    if (byRun['4.7.4-f9054c70+throttle-noretry-crypt-r1']) expect(byRun['4.7.4-f9054c70+throttle-noretry-crypt-r1']).toBe('froze-then-completed');
  });

  it('measures the guest\'s cipher as slower than its disk, from the runs that measured both', () => {
    expect(k2016.measuredRuns).toBeGreaterThan(0);
    const [lo] = k2016.diskOverCipher.split('–').map(Number);
    expect(lo).toBeGreaterThan(1);
  });

  it('labels every row beside 2016 as reported or inferred, and compares only with kernels that ran', () => {
    for (const r of threadRows) {
      expect(['reported', 'inferred']).toContain(r.evidence);
      expect(r.refs.length).toBeGreaterThan(0);
      if (r.labRuns.every((k) => k.tally === 'not run yet')) expect(r.agreement).toBe('not run yet');
    }
    if (stories['4.6.2']!.allStuck) expect(threadRows.find((r) => r.id === 'may')!.agreement).toBe('differs');
  });

  it('keeps numbers out of the chapter\'s prose: they come from this module', () => {
    const mdx = readFileSync('content/chapters/the-2016-kernels.mdx', 'utf8').split('<SourcesAndConfidence')[0]!;
    const prose = mdx.replace(/^---[\s\S]*?---/, '').replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '').replace(/`[^`]*`/g, '').replace(/<[^>]+>/g, '').replace(/\([^)]*https?:[^)]*\)/g, '');
    // Settings of the lab, not results: the linker's 2 MiB page, the 30 s between dumps, dd's 1 MiB and 4 KiB blocks.
    const settings = ['2 MiB', '30 s', '1 MiB', '4 KiB'];
    const numbers = (prose.match(/\b\d[\d,.]*\s*(?:s|MB\/s|MiB|KiB|%|runs?)\b/g) ?? []).filter((n) => !settings.includes(n));
    expect(numbers).toEqual([]);
  });
});
