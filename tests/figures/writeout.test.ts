import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/writeout/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { simulate } from '@forward-progress/model/sim/simulate';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { describeOutcome } from '@forward-progress/model/report/citation';
import { LAYERS } from '../../src/widgets/writeout/compute.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('where memory sits during write-out', () => {
  const values = defaultValues(definition.controls);
  const result = definition.compute(values);

  it('runs v4.6 and the kernel beside it, as the model does alone', () => {
    expect(result.runs.map((r) => r.kernel)).toEqual(['v4.6', 'v4.8']);
    for (const run of result.runs) {
      const direct = simulate(resolveScenario({ kernel: run.kernel }).scenario);
      expect(run.outcome).toBe(describeOutcome(direct));
      expect(run.peak.biosInFlight).toBe(Math.max(...direct.series.biosInFlight));
    }
  });

  it('stacks exactly the model\'s series, and knows the pool sizes of the kernel', () => {
    const v46 = result.runs[0]!;
    expect(v46.pools.slice(0, 5).map((p) => [p.name, p.size])).toEqual([
      ['fs_bio_set', 2], ['md->io_pool', 16], ['md->bs', 16], ['cc->bs', 16], ['cc->page_pool', 256],
    ]);
    expect(result.runs[1]!.pools.find((p) => p.name === 'cc->bs')!.size).toBe(64);
    for (const l of LAYERS) expect(v46.layers[l.key]).toHaveLength(v46.t.length);
    // A pool that ran dry between two drawn samples still shows as empty.
    const direct = simulate(resolveScenario({ kernel: 'v4.6' }).scenario);
    for (const p of v46.pools) {
      const everEmpty = direct.series.pools[p.name]!.some((x) => x === 0);
      expect(p.pct.some((x) => x === 0)).toBe(everEmpty);
    }
  });

  it('draws the default as before', () => {
    expectSvgSnapshot('writeout-default', definition.figure(result, values, ssrDocument()).outerHTML);
  });

  it('draws a pinned disk speed as dashed layer edges and pool lines, on a time axis that covers both', () => {
    const now = { ...values, diskMiBPerS: 60 };
    const current = definition.compute(now);
    const figure = definition.figure(current, now, ssrDocument(), { result, values, label: 'pinned' });
    expectSvgSnapshot('writeout-compare-disk', figure.outerHTML);
    expect(figure.querySelector('.fp-legend')!.textContent).toContain(`dashed: pinned (Disk write speed: ${values.diskMiBPerS} MiB/s)`);
    expect(figure.querySelector('[data-kernel="v4.8"] .fp-facet-title')!.textContent).toMatch(/^v4\.8: completed in [\d,.]+ s \(pinned: completed in [\d,.]+ s\)$/);
    expect(figure.querySelectorAll('svg')[0]!.getAttribute('aria-label')).toContain(`Dashed edges, pinned (Disk write speed: ${values.diskMiBPerS} MiB/s): v4.6, where memory sits`);
  });

  it('is accessible: two images per run whose labels state the outcome and the peaks', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.querySelectorAll('g[aria-label]:not([aria-hidden="true"])')).toHaveLength(0);
    }
    expect(svgs[0]!.getAttribute('aria-label')).toContain(`v4.6, where memory sits: ${result.runs[0]!.outcome}`);
    expect(svgs[1]!.getAttribute('aria-label')).toMatch(/^v4\.6, mempool reserves left over time\. fs_bio_set \(2\)/);
  });

  it('responds to the knobs: a faster disk and another kernel beside v4.6', () => {
    const changed = { ...values, diskMiBPerS: 300, beside: 'v4.9' };
    const other = definition.compute(changed);
    expect(other.runs.map((r) => r.kernel)).toEqual(['v4.6', 'v4.9']);
    expect(other.runs[0]!.query).toContain('diskMiBPerS=300');
    const summary = definition.summary(other, changed);
    expect(summary).toContain('disk at 300 MiB/s');
    expect(summary).not.toBe(definition.summary(result, values));
  });

  it('cites in at most 72 columns, with a Link and a Reproduce line per run', () => {
    const cite = definition.cite!(result, values, { siteUrl: 'https://example.org/', page: 'writing-out-needs-memory/', anchor: 'fig-where-memory-sits' });
    for (const line of cite.split('\n')) if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(72);
    expect(cite).toContain('Link: https://example.org/lab/?kernel=v4.6#fig-lab');
    expect(cite).toContain('Reproduce: npx fpsim run --kernel v4.8');
  });
});
