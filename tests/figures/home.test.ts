import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/incident/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { incidentGlance } from '../../src/widgets/incident/glance.ts';
import { KERNEL_SENTENCES, homeActions, modelPhrase } from '../../src/chapters/homeNumbers.ts';
import { VALIDATION_ROWS } from '@forward-progress/model/sim/validate';
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';
import { simulate } from '@forward-progress/model/sim/simulate';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { expectSvgSnapshot } from './snapshot.ts';

describe('the home page: the five kernels at a glance', () => {
  const glance = incidentGlance();

  it('draws the default as before (seed 1, Ondrej\'s machine)', () => {
    expect(glance.result.params.seed).toBe(1);
    expectSvgSnapshot('home-five-kernels', glance.html);
  });

  it('is the incident widget\'s own figure at its defaults, without the citable list under it', () => {
    const values = defaultValues(definition.controls);
    const widget = definition.figure(definition.compute(values), values, ssrDocument()).outerHTML;
    const panels = glance.html.replace(/<\/div>$/, '');
    expect(widget.startsWith(panels)).toBe(true);
    expect(glance.html).not.toContain('fp-incident-cite');
    expect(glance.summary).toBe(definition.summary(glance.result, values));
  });

  it('is two accessible images per kernel, each with its text alternative', () => {
    const doc = ssrDocument();
    doc.body.innerHTML = glance.html;
    const svgs = Array.from(doc.querySelectorAll('svg'));
    expect(svgs).toHaveLength(2 * BASE_KERNELS.length);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.getAttribute('aria-label')!.length).toBeGreaterThan(20);
    }
    for (const run of glance.result.runs) expect(glance.summary).toContain(`${run.kernel} ${run.headline}`);
  });
});

describe('the home page: one sentence per kernel', () => {
  it('has one sentence for each base kernel, in release order, with the 2016 row\'s class and sources', () => {
    expect(KERNEL_SENTENCES.map((s) => s.kernel)).toEqual([...BASE_KERNELS]);
    for (const s of KERNEL_SENTENCES) {
      const row = VALIDATION_ROWS.find((r) => r.kernel === s.kernel && r.patches.length === 0)!;
      expect(s.evidence).toBe(row.evidence);
      expect(s.sources).toHaveLength(row.sources.length);
      expect(s.text).toContain(row.reported);
      if (s.evidence === 'inferred') expect(s.said).toMatch(/^Not observed in 2016, only inferred: /);
      else expect(s.said).toMatch(/^2016 reported: /);
      expect(s.text.endsWith('.')).toBe(true);
    }
    expect(KERNEL_SENTENCES.filter((s) => s.evidence === 'inferred').map((s) => s.kernel)).toEqual(['v4.5', 'v4.9']);
  });

  it('sets the real kernel from the lab beside the model where the lab ran one: v4.6 is 4.6.2, v4.7-rc6 is 4.7.4 with f9054c70 put back, v4.5 has none', () => {
    const by = Object.fromEntries(KERNEL_SENTENCES.map((s) => [s.kernel, s.measured]));
    expect(by['v4.5']).toBeNull();
    expect(by['v4.6']?.kernel).toBe('4.6.2');
    expect(by['v4.6']?.runs.map((r) => r.run)).toContain('4.6.2-crypt-r1');
    expect(by['v4.6']?.words).toMatch(/froze/);
    expect(by['v4.7-rc6']?.kernel).toBe('4.7.4-f9054c70');
    // runs with a collector or on another machine size are not Ondrej's test
    for (const m of Object.values(by)) for (const r of m?.runs ?? []) expect(r.run).toMatch(/^[^-]+(-f9054c70)?-crypt-r\d+$/);
  });

  it('states the model\'s outcome from a run of the same scenario', () => {
    for (const s of KERNEL_SENTENCES) {
      const r = simulate(resolveScenario({ kernel: s.kernel }).scenario);
      if (s.agreement === 'agrees') expect(s.modelled).toContain(modelPhrase(r));
      expect(s.command).toBe(`npx fpsim run --kernel ${s.kernel}`);
    }
  });

  it('points the three actions at one real scenario', () => {
    expect(homeActions.query).toBe('kernel=v4.6');
    expect(homeActions.command).toBe('npx fpsim run --kernel v4.6 --format text');
    expect(homeActions.scenarioId).toMatch(/^fp1-[a-z0-9]{8}$/);
  });
});
