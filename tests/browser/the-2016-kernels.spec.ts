import { test, expect } from '@playwright/test';
import { pageErrors, widgetState } from './widget.ts';

// "The 2016 kernels, run again": recorded runs of kernels built from source,
// drawn without JavaScript, live with it; state in the URL.
const chapter = 'the-2016-kernels/';
const fig = '#fig-kernels-2016';

test('without JavaScript the default run, its dumps and the dump at the cursor are there', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(chapter);
  // five series panels (the last is the kernel's OOM gate, from the host's reports) and who sleeps where
  await expect(page.locator(`${fig} .fp-chart-wide svg[role="img"]`)).toHaveCount(6);
  await expect(page.locator(`${fig} .fp-chart-wide svg[aria-label^="scanned, % of the OOM gate"]`)).toHaveCount(1);
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('4.6.2, dm-crypt, 1 GiB, run 1');
  await expect(page.locator(`${fig} .fp-chart-wide .fp-dump li`).first()).toContainText('sleeps in');
  await expect(page.locator('table[data-k2016-runs] tr[data-run="4.6.2-crypt-r1"]')).toHaveCount(1);
  await context.close();
});

test('the keyboard moves the cursor and changes the run; the URL keeps both', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(chapter);
  const before = await widgetState(page, fig);
  const slider = page.locator(fig).getByRole('slider', { name: 'Time cursor' });
  await slider.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('At 320 s');
  await expect(page).toHaveURL(/at=320/);
  expect((await widgetState(page, fig)).svg).not.toBe(before.svg);
  const run = page.locator(fig).getByRole('combobox', { name: 'Run' });
  await run.focus();
  await run.selectOption('4.7.4-f9054c70-crypt-r1');
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('4.7.4-f9054c70, dm-crypt, 1 GiB, run 1');
  await expect(page).toHaveURL(/run=4\.7\.4-f9054c70-crypt-r1/);
  expect(errors).toEqual([]);
});

test('a link restores the run and the cursor', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(`${chapter}?run=4.6.2%2Brevert-crypt-r1&at=600#fig-kernels-2016`);
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('4.6.2+revert, dm-crypt, 1 GiB, run 1');
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('At 600 s');
  await expect(page.locator(fig).getByRole('slider', { name: 'Time cursor' })).toHaveValue('600');
  expect(errors).toEqual([]);
});

test('bad settings in a link give a notice and a clamp, never an error', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto(`${chapter}?run=%3Cimg%20src%3Dx%3E&at=-50&colour=red#fig-kernels-2016`);
  const notices = page.locator(`${fig} .fp-notices`);
  await expect(notices).toContainText('is not one of');
  await expect(notices).toContainText('outside 0–');
  await expect(notices).toContainText('no setting called "colour"');
  await expect(page.locator(`${fig} .fp-summary`)).toContainText('4.6.2, dm-crypt, 1 GiB, run 1');
  await expect(page.locator(fig).getByRole('slider', { name: 'Time cursor' })).toHaveValue('0');
  expect(await page.locator(`${fig} img`).count()).toBe(0);
  expect(errors).toEqual([]);
});
