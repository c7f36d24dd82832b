import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/throttle-stall/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';
import { stallRows } from '../../src/widgets/throttle-stall/stallBars.ts';

describe('throttle_vm_writeout stall figure', () => {
  const values = defaultValues(definition.controls);
  const result = definition.compute(values);

  it('draws the default scenario as before', () => {
    expectSvgSnapshot('throttle-stall-default', definition.figure(result, values, ssrDocument()).outerHTML);
  });

  it('draws writeback against the throttle limit, kcryptd rate and the stall bars, each an accessible image', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.querySelectorAll('g[aria-label]:not([aria-hidden="true"])')).toHaveLength(0);
    }
    expect(svgs[0]!.getAttribute('aria-label')).toMatch(/^under writeback \(MiB\) over time\. v4\.7-rc6: /);
    expect(svgs[2]!.getAttribute('aria-label')).toMatch(/^Where the time went: /);
    // With the dirty limit decayed to 10 MiB (the chapter's "Try this"), kcryptd sleeps in the throttle, and the bars say so.
    const decayed = { ...values, globalDirtyLimitMiB: 10 };
    const stalled = definition.figure(definition.compute(decayed), decayed, ssrDocument());
    expect(Array.from(stalled.querySelectorAll('svg'))[2]!.getAttribute('aria-label')).toMatch(/^Where the time went: .*kcryptd \(all workers\) [\d,.]+ s in throttle_vm_writeout/);
  });

  it('while comparing, draws the pinned run dashed and its own stall bars below', () => {
    const pinnedValues = { ...values, hz: '250' };
    const figure = definition.figure(result, values, ssrDocument(), { result: definition.compute(pinnedValues), values: pinnedValues, label: 'pinned' });
    expect(figure.querySelectorAll('svg')).toHaveLength(4);
    expect(figure.textContent).toContain('Where the time went in the pinned run');
    expect(figure.querySelectorAll('.fp-legend .fp-swatch-dashed')).toHaveLength(1);
  });

  it('draws a phone-width copy as before', () => {
    const figure = definition.figure(result, values, ssrDocument(), undefined, { width: 360 });
    expect(Array.from(figure.querySelectorAll('svg')).every((svg) => svg.getAttribute('width') === '360')).toBe(true);
    expectSvgSnapshot('throttle-stall-narrow', figure.outerHTML);
  });

  it('sums the stalls per actor and site, merging the kcryptd workers', () => {
    // A run where the kcryptd workers do sleep in the throttle: the dirty limit decayed to 10 MiB.
    const stalled = definition.compute({ ...values, globalDirtyLimitMiB: 10 });
    const rows = stallRows(stalled);
    const kcryptd = rows.find((r) => r.actor === 'kcryptd (all workers)' && r.site === 'throttle_vm_writeout');
    const perWorker = Object.entries(stalled.stalls).filter(([t]) => t.startsWith('kcryptd/')).reduce((s, [, sites]) => s + (sites.throttle_vm_writeout ?? 0), 0);
    expect(perWorker).toBeGreaterThan(1);
    expect(kcryptd?.seconds).toBeCloseTo(perWorker, 0);
    expect(rows.some((r) => r.site === 'cpu')).toBe(false);
  });

  it('takes its HZ from the select and states the outcome in the summary', () => {
    expect(definition.compute({ ...values, hz: '250' }).scenario.params.hz).toBe(250);
    expect(definition.summary(result, values)).toMatch(/^v4\.7-rc6: (Completed|OOM kill|Livelock)/);
  });

  it('the default dirty limit (the boot value, 0) lets more pages under writeback than a decayed 10 MiB what-if', () => {
    expect(values.globalDirtyLimitMiB).toBe(0);
    const small = definition.compute({ ...values, globalDirtyLimitMiB: 10 });
    const peak = (xs: number[]) => Math.max(...xs);
    expect(peak(result.series.writebackKiB)).toBeGreaterThan(peak(small.series.writebackKiB));
    expect(result.series.throttleLimitKiB.at(-1)!).toBeGreaterThan(small.series.throttleLimitKiB.at(-1)!);
  });
});
