import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/incident/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';
import { simulate } from '@forward-progress/model/sim/simulate';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { describeOutcome } from '@forward-progress/model/report/citation';
import { expectSvgSnapshot } from './snapshot.ts';

describe('the incident: five kernels side by side', () => {
  const values = defaultValues(definition.controls);
  const result = definition.compute(values);

  it('runs every base kernel on the default scenario, exactly as the model does alone', () => {
    expect(result.runs.map((r) => r.kernel)).toEqual([...BASE_KERNELS]);
    for (const run of result.runs) {
      const direct = simulate(resolveScenario({ kernel: run.kernel }).scenario);
      expect(run.kind).toBe(direct.outcome.kind);
      expect(run.outcome).toBe(describeOutcome(direct));
    }
  });

  it('draws the default as before', () => {
    expectSvgSnapshot('incident-default', definition.figure(result, values, ssrDocument()).outerHTML);
  });

  it('draws a pinned seed dashed in every panel, names it and states its outcomes', () => {
    const now = { ...values, seed: 2 };
    const compare = { result, values, label: 'pinned' };
    const figure = definition.figure(definition.compute(now), now, ssrDocument(), compare);
    expectSvgSnapshot('incident-compare-seed', figure.outerHTML);
    expect(figure.querySelector('.fp-legend')!.textContent).toContain('dashed: pinned (Seed: 1)');
    expect(figure.querySelector('[data-kernel="v4.5"] .fp-facet-title')!.textContent).toContain(`(pinned: ${result.runs[0]!.headline})`);
    for (const svg of Array.from(figure.querySelectorAll('svg'))) expect(svg.getAttribute('aria-label')).toContain('Dashed, pinned (Seed: 1): ');
  });

  it('is two accessible images per kernel, stating its outcome and where free memory bottomed out', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(2 * BASE_KERNELS.length);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.querySelectorAll('g[aria-label]:not([aria-hidden="true"])')).toHaveLength(0);
    }
    BASE_KERNELS.forEach((kernel, i) => {
      expect(svgs[2 * i]!.getAttribute('aria-label')).toContain(`${kernel}: ${result.runs[i]!.outcome}`);
      expect(svgs[2 * i + 1]!.getAttribute('aria-label')).toMatch(new RegExp(`^${kernel.replace('.', '\\.')}, free memory near the bottom: it falls to [\\d.,]+ MiB, against a min watermark of [\\d.]+ MiB`));
    });
  });

  it('makes every panel citable: a Lab link with the scenario query and the reproducing command', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const items = Array.from(figure.querySelectorAll('.fp-incident-cite li'));
    expect(items).toHaveLength(BASE_KERNELS.length);
    items.forEach((li, i) => {
      const kernel = BASE_KERNELS[i]!;
      const href = li.querySelector('a')!.getAttribute('href')!;
      expect(href).toMatch(/lab\/(\?[^#]*)?#fig-lab$/);
      if (kernel !== 'v4.7-rc6') expect(href).toContain(`kernel=${kernel}`);
      expect(li.querySelector('code')!.textContent).toBe(`npx fpsim run --kernel ${kernel}`);
    });
  });

  it('carries the reader\'s settings into every run, link and command', () => {
    const changed = { ...values, seed: 7, cpus: 4 };
    const other = definition.compute(changed);
    for (const run of other.runs) {
      expect(run.query).toContain('cpus=4');
      expect(run.query).toContain('seed=7');
      expect(run.command).toContain('--seed 7');
    }
    expect(definition.summary(other, changed)).toContain('on 4 CPUs');
  });

  it('states every outcome in the summary and the citation', () => {
    const summary = definition.summary(result, values);
    for (const run of result.runs) expect(summary).toContain(`${run.kernel} ${run.headline}`);
    const cite = definition.cite!(result, values, { siteUrl: 'https://example.org/fp/', page: 'the-incident/', anchor: 'fig-five-kernels' });
    for (const line of cite.split('\n')) if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(72);
    expect(cite).toContain('Link: https://example.org/fp/lab/?kernel=v4.6#fig-lab');
    expect(cite).toContain('Reproduce: npx fpsim run --kernel v4.6');
  });
});
