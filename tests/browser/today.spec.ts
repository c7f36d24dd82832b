import { test, expect } from '@playwright/test';
import { pageErrors, widgetState } from './widget.ts';

// "Today": recorded real-kernel traces, drawn without JavaScript, redrawn with it.
const chapter = 'today/';
const fig = '#fig-today-traces';

test('without JavaScript the traces are drawn and summarised', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  await expect(page.locator(`${fig} .fp-chart-wide svg[role="img"]`)).toHaveCount(5);
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('6.1 with swap on dm-crypt, run 1');
  await context.close();
});

test('choosing the other swap redraws figure and summary, and keeps it in the URL', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(chapter);
  const before = await widgetState(page, fig);
  await page.locator(fig).getByRole('combobox', { name: 'Swap' }).selectOption('plain');
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('on the bare disk', { timeout: 30_000 });
  expect((await widgetState(page, fig)).svg).not.toBe(before.svg);
  await expect(page).toHaveURL(/swap=plain/);
  expect(errors).toEqual([]);
});
