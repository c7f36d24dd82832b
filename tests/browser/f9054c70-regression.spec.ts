import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';

// The two-run reserves figure of "The f9054c70 regression".
const chapter = 'f9054c70-regression/';
const fig = '#fig-reserves-regression';

const state = (page: Page) => widgetState(page, fig);

test.describe('without JavaScript', () => {
  test('both zone panels, the legend and the summary are in the page', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator(fig);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(2);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]').first()).toHaveAttribute('aria-label', /^DMA32 free memory over time/);
    await expect(widget.locator('.fp-summary')).toContainText('v4.6 + revert-f9054c70, same seed');
    await expect(widget.locator('.fp-chart-wide .fp-legend')).toContainText('v4.6 (with f9054c70)');
    await expect(widget.getByRole('combobox', { name: 'Kernel' })).toHaveValue('v4.6');
  });
});

test.describe('with JavaScript', () => {
  test('changing the kernel reruns both models and redraws, without errors', async ({ page }) => {
    test.setTimeout(120_000);
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await state(page);
    await page.locator(fig).getByRole('combobox', { name: 'Kernel' }).selectOption('v4.7-rc6');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('v4.7-rc6 + revert-f9054c70', { timeout: 60_000 });
    const after = await state(page);
    expect(after.svg).not.toBe(before.svg);
    expect(after.summary).not.toBe(before.summary);
    expect(errors).toEqual([]);
  });

  test('the seed slider works from the keyboard', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(chapter);
    const before = (await state(page)).summary;
    const seed = page.locator(fig).getByRole('slider', { name: 'Seed' });
    await seed.focus();
    await page.keyboard.press('ArrowRight');
    await expect(seed).toHaveValue('2');
    await expect(page).toHaveURL(/seed=2/, { timeout: 60_000 });
    await expect(page.locator(`${fig} .fp-running`)).toBeHidden({ timeout: 60_000 });
    expect((await state(page)).summary).toContain('same seed');
    void before;
  });
});
