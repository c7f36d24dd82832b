import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/reserves-regression/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';

const values = defaultValues(definition.controls);
const result = definition.compute(values);

describe('reserves with and without f9054c70', () => {
  it('draws the default pair of runs as before', () => {
    expectSvgSnapshot('reserves-regression-default', definition.figure(result, values, ssrDocument()).outerHTML);
  });

  it('draws both pinned runs dashed over the current ones, with their events where they differ', () => {
    const now = { ...values, seed: 2 };
    const figure = definition.figure(definition.compute(now), now, ssrDocument(), { result, values, label: 'pinned' });
    expectSvgSnapshot('reserves-regression-compare-seed', figure.outerHTML);
    const legend = figure.querySelector('.fp-legend')!.textContent!;
    expect(legend).toContain('dashed: pinned (Seed: 1)');
    // The pinned revert run's event is what the figure of seed 1 alone says of it.
    const alone = definition.figure(result, values, ssrDocument()).querySelector('.fp-legend')!.textContent!;
    // (Its event: on seed 1 the revert run is now OOM-killed, so the event is not always "test done".)
    const revert = alone.split(' · ').find((e) => e.startsWith('v4.6 + revert-f9054c70: '))!.trim();
    expect(legend).toContain(`pinned ${revert}`);
    expect(figure.querySelector('svg')!.getAttribute('aria-label')).toContain('Dashed, pinned (Seed: 1): v4.6 lowest');
  });

  it('runs the same scenario twice, the second with the revert', () => {
    expect(result.withCommit.scenario.kernel).toBe('v4.6');
    expect(result.withCommit.scenario.patches).toEqual([]);
    expect(result.reverted.scenario.patches).toEqual(['revert-f9054c70']);
    expect(result.reverted.scenario.params).toEqual(result.withCommit.scenario.params);
  });

  it('is one accessible image per zone whose label states the lowest free memory', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(result.zones.length);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.querySelectorAll('g[aria-label]:not([aria-hidden="true"])')).toHaveLength(0);
      expect(svg.getAttribute('aria-label')).toMatch(/free memory over time, min watermark [\d,]+ kB: .*lowest/);
    }
  });

  it('states when the reserves hit zero, or that they did not, for both runs', () => {
    const s = definition.summary(result, values);
    const [a, b] = [result.withCommit, result.reverted];
    expect(s).toContain(a.flags.reservesExhausted ? `hit zero at ${a.flags.reservesExhaustedAt!.toFixed(1)} s` : 'never hit zero');
    expect(s).toContain(b.flags.reservesExhausted ? `hit zero at ${b.flags.reservesExhaustedAt!.toFixed(1)} s` : 'never hit zero');
    // The reserves are exhausted only where free memory really reached zero in some zone.
    for (const r of [a, b]) {
      const zero = Object.values(r.series.zones).some((z) => z.freeKiB.includes(0));
      if (r.flags.reservesExhausted) expect(zero).toBe(true);
    }
  });

  it('offers the data of both runs', () => {
    const table = definition.data!(result, values);
    expect(table.columns).toEqual(['run', 't_s', 'DMA_free_kB', 'DMA32_free_kB']);
    expect(new Set(table.rows.map((r) => r[0]))).toEqual(new Set(['v4.6', 'v4.6 + revert-f9054c70']));
  });
});
