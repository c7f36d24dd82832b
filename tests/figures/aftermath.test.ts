import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/aftermath/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('aftermath figure: v4.8 and v4.9', () => {
  const values = defaultValues(definition.controls);
  const r = definition.compute(values);

  it('draws the default machine as before', () => {
    expectSvgSnapshot('aftermath-default', definition.figure(r, values, ssrDocument()).outerHTML);
  });

  it('runs v4.8 and v4.9 on the same scenario otherwise', () => {
    expect(r.runs.map((x) => x.scenario.kernel)).toEqual(['v4.8', 'v4.9']);
    expect(r.runs[0]!.scenario.params).toEqual(r.runs[1]!.scenario.params);
    const small = definition.compute({ ...values, machine: 'small' });
    expect(small.runs[0]!.scenario.params.ramMiB).toBe(512);
  });

  it('is three accessible panels whose labels state both outcomes', () => {
    const svgs = Array.from(definition.figure(r, values, ssrDocument()).querySelectorAll('svg'));
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.getAttribute('aria-label')).toMatch(/v4\.8: .* v4\.9: /);
    }
  });

  it('states both results, and cites both runs in at most 72 columns', () => {
    expect(definition.summary(r, values)).toMatch(/^v4\.8: (Completed|OOM kill|Livelock).* v4\.9: (Completed|OOM kill|Livelock)/);
    const cite = definition.cite!(r, values, { siteUrl: 'https://example.org/', page: 'aftermath/', anchor: 'fig-aftermath' });
    for (const line of cite.split('\n')) if (!line.startsWith('Link:')) expect(line.length).toBeLessThanOrEqual(72);
  });
});
