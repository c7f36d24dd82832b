import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/oom-rework/definition.ts';
import { TEST_SITES } from '../../src/widgets/oom-rework/compute.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('OOM rework figure (v4.6 against v4.7-rc6, same seed)', () => {
  const values = defaultValues(definition.controls);
  const result = definition.compute(values);

  it('runs both kernels on the same seed and settings', () => {
    expect(result.runs.map((r) => r.kernel)).toEqual(['v4.6', 'v4.7-rc6']);
    const rest = (q: string) => q.split('&').filter((kv) => kv && !kv.startsWith('kernel=')).join('&');
    expect(rest(result.runs[0]!.query)).toBe(rest(result.runs[1]!.query));
  });

  it('draws the default pair as before', () => {
    expectSvgSnapshot('oom-rework-default', definition.figure(result, values, ssrDocument()).outerHTML);
  });

  it('draws a pinned seed dashed in its kernel\'s colour, the current runs solid, at 360 px', () => {
    const now = { ...values, seed: 2 };
    const figure = definition.figure(definition.compute(now), now, ssrDocument(), { result, values, label: 'pinned' }, { width: 360 });
    expectSvgSnapshot('oom-rework-compare-seed-narrow', figure.outerHTML);
    const legend = figure.querySelector('.fp-legend')!;
    expect(legend.textContent).toContain('dashed: pinned (Seed: 1)');
    // The pinned run's entry is what the figure of seed 1 alone says of v4.6.
    const alone = definition.figure(result, values, ssrDocument()).querySelector('.fp-legend')!.textContent!;
    const v46 = /v4\.6: (.+?)v4\.7-rc6:/.exec(alone)![1]!;
    expect(legend.textContent).toContain(`(pinned: ${v46})`);
    // Only the pinned entry is dashed: while comparing, dashes mean the pinned runs.
    expect(Array.from(legend.querySelectorAll('.fp-swatch-dashed'))).toHaveLength(1);
    expect(figure.querySelectorAll('svg')[4]!.getAttribute('aria-label')).toContain('pinned (Seed: 1): v4.6: should_reclaim_retry');
  });

  it('is accessible: four panels and the stall bars, each one image with a label', () => {
    const figure = definition.figure(result, values, ssrDocument(), undefined, { width: 360 });
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(5);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.getAttribute('width')).toBe('360');
    }
    expect(svgs[3]!.getAttribute('aria-label')).toContain('should_reclaim_retry');
  });

  it('states both outcomes and the retry-loop waits', () => {
    const summary = definition.summary(result, values);
    expect(summary).toMatch(/^Seed 1: v4\.6 (is OOM-killed|completes|is still not done)/);
    expect(summary).toContain('should_reclaim_retry');
    for (const r of result.runs) for (const site of TEST_SITES) expect(r.testStalls[site]).toBeGreaterThanOrEqual(0);
  });

  it('the counter option applies oom-writeback-progress to both kernels', () => {
    const withCounter = definition.compute({ ...values, counter: true });
    expect(withCounter.runs.every((r) => r.label.includes('+oom-writeback-progress'))).toBe(true);
    expect(definition.summary(withCounter, values)).not.toBe(definition.summary(result, values));
  });
});
