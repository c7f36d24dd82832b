import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';

// "The incident": five kernels side by side, each panel citable.
const chapter = 'the-incident/';
const fig = '#fig-five-kernels';
const KERNELS = ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8', 'v4.9'];

const state = (page: Page) => widgetState(page, fig);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('every kernel has its panels, its outcome and its Lab link; the 2016 table is there', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator(fig);
    // The build draws a wide and a narrow copy; the wide one is shown at this width.
    const wide = widget.locator('.fp-chart-wide');
    await expect(wide.locator('svg[role="img"]')).toHaveCount(2 * KERNELS.length);
    for (const k of KERNELS) {
      await expect(wide.locator(`[data-kernel="${k}"] .fp-facet-title`)).toContainText(k);
      await expect(wide.locator('.fp-incident-cite li', { hasText: `npx fpsim run --kernel ${k}` })).toHaveCount(1);
    }
    await expect(widget.getByRole('link', { name: 'v4.6 in the Lab' })).toHaveAttribute('href', /lab\/\?kernel=v4\.6#fig-lab$/);
    await expect(widget.locator('.fp-summary')).toContainText('v4.5 ');
    await expect(widget.locator('.fp-chart-narrow svg[role="img"]')).toHaveCount(2 * KERNELS.length);
    await expect(widget.locator('.fp-summary')).toContainText('v4.9 ');
    await expect(widget.getByRole('slider', { name: 'Seed' })).toHaveValue('1');
    const table = page.locator('.fp-outcome-table table');
    await expect(table.locator('tbody tr')).toHaveCount(8);
    await expect(table.locator('tbody tr[data-row="v4.6"] td').nth(0)).toContainText('premature OOM kill');
  });
});

test.describe('with JavaScript', () => {
  test('changing the seed reruns all five kernels: figure, summary and links follow', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await state(page);
    await page.locator(fig).getByRole('slider', { name: 'Seed' }).fill('3');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('seed 3', { timeout: 45_000 });
    const after = await state(page);
    expect(after.svg).not.toBe(before.svg);
    expect(after.summary).not.toBe(before.summary);
    await expect(page.locator(fig).getByRole('link', { name: 'v4.6 in the Lab' })).toHaveAttribute('href', /kernel=v4\.6&seed=3#fig-lab$/);
    await expect(page.locator(`${fig} .fp-incident-cite`).first()).toContainText('npx fpsim run --kernel v4.9 --seed 3');
    await expect(page).toHaveURL(/seed=3/);
    expect(errors).toEqual([]);
  });

  test('the controls work from the keyboard', async ({ page }) => {
    await page.goto(chapter);
    const cpus = page.locator(fig).getByRole('slider', { name: 'CPUs' });
    await cpus.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(cpus).toHaveValue('1');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('on 1 CPU,', { timeout: 45_000 });
  });

  test('a link with settings restores them', async ({ page }) => {
    await page.goto(`${chapter}?ramMiB=768#fig-five-kernels`);
    await expect(page.locator(fig).getByRole('slider', { name: 'RAM' })).toHaveValue('768');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('768 MiB RAM', { timeout: 45_000 });
  });
});
