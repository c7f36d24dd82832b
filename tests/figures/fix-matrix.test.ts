import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/fix-matrix/definition.ts';
import { PROPOSALS } from '../../src/widgets/fix-matrix/proposals.ts';
import { PATCH_IDS } from '@forward-progress/model/kernel/patches';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('candidate fixes matrix', () => {
  const values = defaultValues(definition.controls);
  const m = definition.compute(values);

  it('draws the default matrix as before', () => {
    expectSvgSnapshot('fix-matrix-default', definition.figure(m, values, ssrDocument()).outerHTML);
  });

  it('has one row per proposal, every patch of the model among them, each linked to lore, the Lab and a command', () => {
    expect(m.rows).toHaveLength(PROPOSALS.length);
    const used = new Set(PROPOSALS.flatMap((p) => p.patches));
    // dm-crypt-min-ios-64 and dm-swap-bios-limit were merged later (v4.8, 2021); the Aftermath chapter shows them.
    const later = ['dm-crypt-min-ios-64', 'dm-swap-bios-limit'];
    for (const id of PATCH_IDS.filter((id) => !later.includes(id))) expect(used.has(id), id).toBe(true);
    const figure = definition.figure(m, values, ssrDocument());
    const rows = Array.from(figure.querySelectorAll('tbody tr'));
    expect(rows).toHaveLength(PROPOSALS.length);
    for (const tr of rows) {
      expect(tr.querySelector('th a')!.getAttribute('href')).toMatch(/^https:\/\/lore\.kernel\.org\/linux-mm\/[^/]+\/$/);
      expect(tr.querySelector('th .fp-matrix-who a')!.getAttribute('href')).toMatch(/^\.\.\/lab\/(\?[^#]*)?#fig-lab$/);
      expect(tr.querySelector('code')!.textContent).toMatch(/^npx fpsim run --kernel v4\.7-rc6/);
    }
  });

  it('is an accessible chart plus a real table', () => {
    const figure = definition.figure(m, values, ssrDocument());
    const svg = figure.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toMatch(/^Time until each run ended, on v4\.7-rc6, seed 1: No patch/);
    expect(figure.querySelector('table caption')!.textContent).toContain('seed 1');
    expect(figure.querySelectorAll('th[scope="col"]')).toHaveLength(5);
  });

  it('a row applies its patches and nothing else, on the chosen kernel and seed', () => {
    const row = m.rows.find((r) => r.id === 'rfc-2')!;
    expect(row.query).toBe('patch=mempool-less-throttle,throttle-skip-less-throttle');
    const v46 = definition.compute({ ...values, kernel: 'v4.6', seed: 3 });
    expect(v46.rows[0]!.query).toBe('kernel=v4.6&seed=3');
  });

  it("cites every row, and links back to the matrix with the reader's settings", () => {
    const context = { siteUrl: 'https://example.org/fp', page: 'candidate-fixes/', anchor: 'fig-fix-matrix' };
    expect(definition.cite!(m, values, context)).toMatch(/\nLink: https:\/\/example\.org\/fp\/candidate-fixes\/#fig-fix-matrix$/);
    const v46 = { ...values, kernel: 'v4.6', seed: 3 };
    const text = definition.cite!(definition.compute(v46), v46, context);
    expect(text).toMatch(/\nLink: https:\/\/example\.org\/fp\/candidate-fixes\/\?kernel=v4\.6&seed=3#fig-fix-matrix$/);
    for (const line of text.split('\n')) if (!line.startsWith('Link: ')) expect(line.length).toBeLessThanOrEqual(72);
  });

  it('states the result in one sentence', () => {
    expect(definition.summary(m, values)).toMatch(/^On v4\.7-rc6 \(2 CPUs, seed 1\) the unpatched kernel (completes|is OOM-killed|is still running) at [\d.,]+ s; \d+ of 13 proposals complete/);
  });
});
