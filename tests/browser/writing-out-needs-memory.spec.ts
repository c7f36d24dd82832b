import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';

// "To write a page out, you must allocate one": where memory sits, v4.6 beside another kernel.
const chapter = 'writing-out-needs-memory/';
const fig = '#fig-where-memory-sits';

const state = (page: Page) => widgetState(page, fig);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('both runs are drawn and summarised; the knobs are labelled', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator(fig);
    // The build draws a wide and a narrow copy; the wide one is shown at this width.
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(4);
    await expect(widget.locator('.fp-chart-narrow svg[role="img"]')).toHaveCount(4);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]').first()).toHaveAttribute('aria-label', /^v4\.6, where memory sits: /);
    await expect(widget.locator('.fp-summary')).toContainText(': v4.6 ');
    await expect(widget.locator('.fp-summary')).toContainText('; v4.8 ');
    await expect(widget.getByRole('slider', { name: 'Encryption speed per CPU' })).toHaveValue(/^\d+$/);
    await expect(widget.getByRole('slider', { name: 'Disk write speed' })).toHaveValue(/^\d+$/);
    await expect(widget.getByRole('combobox', { name: 'Kernel beside v4.6' })).toHaveValue('v4.8');
  });
});

test.describe('with JavaScript', () => {
  test('a faster disk redraws figure and summary, without errors', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await state(page);
    await page.locator(fig).getByRole('slider', { name: 'Disk write speed' }).fill('300');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('disk at 300 MiB/s', { timeout: 45_000 });
    const after = await state(page);
    expect(after.svg).not.toBe(before.svg);
    expect(after.summary).not.toBe(before.summary);
    await expect(page).toHaveURL(/diskMiBPerS=300/);
    expect(errors).toEqual([]);
  });

  test('the kernel beside v4.6 is chosen from the keyboard', async ({ page }) => {
    await page.goto(chapter);
    const select = page.locator(fig).getByRole('combobox', { name: 'Kernel beside v4.6' });
    await select.focus();
    await select.selectOption('v4.9');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('; v4.9 ', { timeout: 45_000 });
    await expect(page.locator(`${fig} [data-kernel="v4.9"]:visible`)).toHaveCount(1);
  });
});
