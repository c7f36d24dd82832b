import { widgetState, pageErrors } from './widget.ts';
import { test, expect } from '@playwright/test';

// "The OOM rework": the should_reclaim_retry step-through and the v4.6/v4.7-rc6 pair.
const chapter = 'oom-rework/';
const steps = '#fig-retry-steps';
const pair = '#fig-oom-rework';

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('both figures, their controls and summaries are in the page', async ({ page }) => {
    await page.goto(chapter);
    const s = page.locator(steps);
    await expect(s.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(1);
    await expect(s.locator('.fp-summary')).toContainText(/^At no_progress_loops 0 without progress, .* decides to retry at once/);
    await expect(s.locator('.fp-chart-wide ol.fp-steps li a').first()).toHaveAttribute('href', /^https:\/\/elixir\.bootlin\.com\/linux\/v4\.7-rc6\/source\/mm\/page_alloc\.c#L\d+$/);
    await expect(s.getByRole('slider', { name: 'no_progress_loops' })).toHaveValue('0');
    const p = page.locator(pair);
    await expect(p.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(5);
    await expect(p.locator('.fp-summary')).toContainText(/^Seed 1: v4\.6 .*; v4\.7-rc6 /);
    await expect(p.getByRole('checkbox', { name: /Count finished writebacks/ })).not.toBeChecked();
  });
});

test.describe('with JavaScript', () => {
  test('stepping no_progress_loops redraws the step-through', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await widgetState(page, steps);
    await page.locator(steps).getByRole('slider', { name: 'no_progress_loops' }).fill('16');
    await expect(page.locator(`${steps} .fp-summary`)).toContainText('At no_progress_loops 16');
    expect((await widgetState(page, steps)).svg).not.toBe(before.svg);
    expect(errors).toEqual([]);
  });

  test('the counter checkbox reruns both kernels, from the keyboard', async ({ page }) => {
    await page.goto(chapter);
    const before = await widgetState(page, pair);
    const box = page.locator(pair).getByRole('checkbox', { name: /Count finished writebacks/ });
    await box.focus();
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
    await expect.poll(async () => (await widgetState(page, pair)).summary, { timeout: 60_000 }).not.toBe(before.summary);
    expect((await widgetState(page, pair)).svg).not.toBe(before.svg);
  });
});
