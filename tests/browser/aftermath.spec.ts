import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';

// The aftermath chapter: v4.8 and v4.9 side by side.
const chapter = 'aftermath/';
const fig = '#fig-aftermath';

const state = (page: Page) => widgetState(page, fig);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('both runs are drawn and summarised', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator(fig);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(3);
    await expect(widget.locator('.fp-summary')).toContainText(/^v4\.8: .* v4\.9: /);
    await expect(widget.getByRole('combobox', { name: 'Machine' })).toHaveValue('ondrej');
  });
});

test.describe('with JavaScript', () => {
  test('choosing another machine reruns both kernels', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await state(page);
    const machine = page.locator(fig).getByRole('combobox', { name: 'Machine' });
    await machine.focus();
    await machine.selectOption('small');
    await expect.poll(async () => (await state(page)).summary, { timeout: 45_000 }).not.toBe(before.summary);
    expect((await state(page)).svg).not.toBe(before.svg);
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('touched 768 MiB');
    expect(errors).toEqual([]);
  });
});
