import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/today/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { TRACES, variantOf } from '../../src/widgets/today/traces.ts';
import { loadTrace, runsOf } from '../../src/widgets/today/traceLoader.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('the Today figure (recorded lab traces)', async () => {
  const values = defaultValues(definition.controls);
  // The widget loads a trace when a state shows it: compute is async.
  const result = await definition.compute(values);

  it('finds the recorded 6.1 dm-crypt run and the 6.12 run beside it', () => {
    expect(TRACES.length).toBeGreaterThan(3);
    expect(result.trace?.scenario).toMatchObject({ kernel: '6.1', swap: 'crypt' });
    expect(result.other?.scenario).toMatchObject({ kernel: '6.12', swap: 'crypt' });
    expect(result.model.kernel).toBe('v4.9');
  });

  it('draws five accessible panels', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(5);
    for (const svg of svgs) expect(svg.getAttribute('role')).toBe('img');
    expectSvgSnapshot('today-default', figure.outerHTML);
  });

  it('overlays a pinned recording dashed in every panel, in place of the other kernel', async () => {
    const now = { ...values, kernel: '6.12' };
    const figure = definition.figure(await definition.compute(now), now, ssrDocument(), { result, values, label: 'pinned' });
    expectSvgSnapshot('today-compare-kernel', figure.outerHTML);
    const legend = figure.querySelector('.fp-legend')!.textContent!;
    expect(legend).toMatch(/^solid: 6\.12 dm-crypt run 1, completed in [\d.]+ s/);
    expect(legend).toContain('dashed: pinned (Kernel: Debian 12: 6.1): 6.1 dm-crypt run 1, completed in 216.2 s');
    for (const svg of Array.from(figure.querySelectorAll('svg'))) expect(svg.getAttribute('aria-label')).toContain('Dashed, pinned (Kernel: Debian 12: 6.1): 6.1 dm-crypt run 1');
  });

  it('draws the default figure, noting the pinned run, when the pinned settings pick the same recording', async () => {
    const now = { ...values, rep: 3 };
    const current = await definition.compute(now);
    expect(current.trace?.run).toBe(result.trace?.run);
    const figure = definition.figure(current, now, ssrDocument(), { result, values, label: 'pinned' });
    expect(figure.querySelector('.fp-legend')!.textContent).toMatch(/ · pinned \(Run: 1\): the same recorded run$/);
    expect(figure.querySelectorAll('svg')).toHaveLength(5);
  });

  it('states the outcome of both kernels in the summary', () => {
    expect(definition.summary(result, values)).toMatch(/^6\.1 with swap on dm-crypt, run 1: (completed|OOM-killed)/);
    expect(definition.summary(result, values)).toContain('The same on 6.12');
  });

  it('says so when no run matches, instead of drawing nothing', async () => {
    const none = await definition.compute({ ...values, kernel: '6.1', swap: 'plain', variant: 'mglru' });
    expect(definition.summary(none, values)).toBe('No recorded run matches these settings.');
  });

  it('lists the same runs as the build reads, and loads each as recorded', async () => {
    for (const t of TRACES) {
      const v = variantOf(t);
      expect(runsOf(t.scenario.kernel, t.scenario.swap, v)).toBe(TRACES.filter((x) => x.scenario.kernel === t.scenario.kernel && x.scenario.swap === t.scenario.swap && variantOf(x) === v).length);
      expect(await loadTrace(t.scenario.kernel, t.scenario.swap, v, t.rep)).toEqual(t);
    }
  });

  it('cites a trace with its provenance and the lab command', () => {
    const text = definition.cite!(result, values, { siteUrl: 'https://example.org/', page: 'today/', anchor: 'fig-today-traces' });
    for (const line of text.split('\n')) if (!line.startsWith('Link: ')) expect(line.length).toBeLessThanOrEqual(72);
    expect(text).toMatch(/^Reproduce: npm run lab -- 6\.1-crypt$/m);
    expect(text).toContain('(tcg)');
  });
});
