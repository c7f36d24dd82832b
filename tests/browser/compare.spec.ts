import { pageErrors } from './widget.ts';
import { test, expect } from '@playwright/test';
import { readControls } from '../../src/widgets/controls.ts';
import type { WidgetDefinition } from '../../src/widgets/definition.ts';

// Pin and compare on every figure that draws runs over time: a link with
// settings and compare= opens the comparison; the summary is the one Node
// computes for the same pair (the browser spreads a plan's runs over its
// workers, Node runs them in order); the legend has a dashed pinned entry;
// the citation is a comparison of at most 72 columns but for its link, and
// its link reopens the same comparison.
interface Case {
  page: string;
  fig: string;
  /** One setting changed from the defaults; the defaults are pinned. */
  change: Record<string, string>;
  /** The widget's definition, for the summary Node expects (Today reads its traces through Vite: no Node summary). */
  definition?: () => Promise<{ default: WidgetDefinition<unknown> }>;
}

const CASES: Case[] = [
  { page: 'the-incident/', fig: 'fig-five-kernels', change: { seed: '2' }, definition: () => import('../../src/widgets/incident/definition.ts') as never },
  { page: 'writing-out-needs-memory/', fig: 'fig-where-memory-sits', change: { beside: 'v4.9' }, definition: () => import('../../src/widgets/writeout/definition.ts') as never },
  { page: 'f9054c70-regression/', fig: 'fig-reserves-regression', change: { seed: '2' }, definition: () => import('../../src/widgets/reserves-regression/definition.ts') as never },
  { page: 'premature-oom/', fig: 'fig-premature-oom', change: { seed: '2' }, definition: () => import('../../src/widgets/premature-oom/definition.ts') as never },
  { page: 'oom-rework/', fig: 'fig-oom-rework', change: { counter: 'on' }, definition: () => import('../../src/widgets/oom-rework/definition.ts') as never },
  { page: 'throttle-vm-writeout/', fig: 'fig-throttle-stall', change: { hz: '250' }, definition: () => import('../../src/widgets/throttle-stall/definition.ts') as never },
  { page: 'aftermath/', fig: 'fig-aftermath', change: { swapBiosLimit: 'on' }, definition: () => import('../../src/widgets/aftermath/definition.ts') as never },
  { page: 'today/', fig: 'fig-today-traces', change: { kernel: '6.12' } },
];

for (const c of CASES) {
  test(`${c.fig}: a link with compare= opens the comparison, as Node computes it, and cites it`, async ({ page, context }) => {
    test.setTimeout(120_000);
    const errors = pageErrors(page);
    const query = new URLSearchParams({ ...c.change, compare: '' }).toString();
    await page.goto(`${c.page}?${query}#${c.fig}`);
    const widget = page.locator(`#${c.fig}`);
    await expect(widget).toHaveAttribute('data-rendered', /\d+/, { timeout: 90_000 });
    await expect(widget).not.toHaveAttribute('data-busy', '');
    const summary = (await widget.locator('.fp-summary').textContent())!.trim();
    expect(summary).toMatch(/^Pinned → now/);
    await expect(widget.getByRole('button', { name: 'Stop comparing' })).toBeVisible();
    await expect(widget.locator('.fp-chart .fp-swatch-dashed').first()).toBeVisible();
    if (c.definition) {
      const definition = (await c.definition()).default;
      // The values the page reads from the same query.
      const pinned = readControls(definition.controls, {}).values;
      const values = readControls(definition.controls, c.change).values;
      const expected = definition.summary(definition.compute(values), values, { result: definition.compute(pinned), values: pinned, label: 'pinned' });
      expect(summary).toBe(expected);
    }
    await widget.locator('.fp-cite summary').click();
    const cite = (await widget.locator('.fp-cite pre').textContent())!;
    expect(cite).toMatch(/^Forward Progress comparison/);
    for (const line of cite.split('\n')) if (!line.startsWith('Link: ')) expect(line.length, line).toBeLessThanOrEqual(72);
    const link = /^Link: (.+)$/m.exec(cite)![1]!;
    const again = await context.newPage();
    await again.goto(link);
    const cited = again.locator(link.includes('#fig-lab') ? '#fig-lab' : `#${c.fig}`);
    await expect(cited).toHaveAttribute('data-rendered', /\d+/, { timeout: 90_000 });
    await expect(cited.locator('.fp-summary')).toContainText(/^Pinned → now/);
    expect(errors).toEqual([]);
  });
}
