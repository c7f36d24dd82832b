import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';

// The step explorer of "mempool_alloc's order of fallbacks".
const chapter = 'mempool-fallbacks/';
const fig = '#fig-mempool-steps';

const state = (page: Page) => widgetState(page, fig);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the flow figure, the linked steps, the controls and the summary are in the page', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator(fig);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(1);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveAttribute('aria-label', /ends at: emergency reserves/);
    await expect(widget.locator('.fp-summary')).toContainText('returns a page from the emergency reserves');
    expect(await widget.locator('.fp-chart-wide .fp-mempool-steps a[href^="https://elixir.bootlin.com/linux/v4.6/source/mm/mempool.c#L"]').count()).toBeGreaterThan(2);
    await expect(widget.getByRole('combobox', { name: 'Kernel or patch' })).toHaveValue('v4.6');
    await expect(widget.getByRole('combobox', { name: 'Caller' })).toHaveValue('kswapd');
    // The decision table below the figure is built from the same twin.
    await expect(page.locator('table').filter({ hasText: 'OOM victim' }).locator('strong')).toHaveCount(4);
  });
});

test.describe('with JavaScript', () => {
  test('changing the kernel redraws the figure and the summary, without errors', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await state(page);
    await page.locator(fig).getByRole('combobox', { name: 'Kernel or patch' }).selectOption('v4.5');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('sleeps on the pool’s wait queue');
    const after = await state(page);
    expect(after.svg).not.toBe(before.svg);
    expect(after.summary).not.toBe(before.summary);
    await expect(page).toHaveURL(/kernel=v4\.5/);
    expect(errors).toEqual([]);
  });

  test('the controls work from the keyboard, and a URL restores the state', async ({ page }) => {
    await page.goto(chapter);
    const caller = page.locator(fig).getByRole('combobox', { name: 'Caller' });
    await caller.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('kcryptd worker');
    await page.goto(`${chapter}?kernel=v4.7-rc6&caller=kcryptd#fig-mempool-steps`);
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('v4.7-rc6');
    // One throttle sleep before the pool's wait, and one more after mempool_free wakes it (NeilBrown, 22 Jul 2016).
    await expect(page.locator(`${fig} .fp-mempool-sleep >> visible=true`)).toHaveCount(2);
    await expect(page.locator(`${fig} .fp-mempool-wake >> visible=true`)).toHaveCount(1);
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('it first calls pool->alloc again with the caller’s full mask (direct reclaim, 100 ms asleep in throttle_vm_writeout)');
  });
});
