import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';

// The throttle_vm_writeout chapter and its widget.
const chapter = 'throttle-vm-writeout/';
const fig = '#fig-throttle-stall';

const state = (page: Page) => widgetState(page, fig);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the three panels, the labelled controls and the summary are in the page', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator(fig);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(3);
    await expect(widget.locator('.fp-chart-narrow svg[role="img"]')).toHaveCount(3);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]').first()).toHaveAttribute('aria-label', /^under writeback \(MiB\) over time\. v4\.7-rc6: /);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]').last()).toHaveAttribute('aria-label', /^Where the time went: /);
    await expect(widget.locator('.fp-summary')).toContainText(/^v4\.7-rc6: (Completed|OOM kill|Livelock)/);
    await expect(widget.getByRole('slider', { name: 'vm.dirty_ratio' })).toHaveValue('20');
    await expect(widget.getByRole('combobox', { name: 'CONFIG_HZ' })).toHaveValue('1000');
    await expect(page.locator('main')).toContainText('481 pages');
  });
});

test.describe('with JavaScript', () => {
  test('changing the global dirty limit reruns the model and redraws', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await state(page);
    // The default is 0 (the boot value); the chapter's "Try this" pulls it down to a decayed what-if.
    await page.locator(fig).getByRole('slider', { name: /Global dirty limit/ }).fill('10');
    await expect.poll(async () => (await state(page)).svg, { timeout: 45_000 }).not.toBe(before.svg);
    expect((await state(page)).summary).not.toBe(before.summary);
    await expect(page).toHaveURL(/globalDirtyLimitMiB=10/);
    expect(errors).toEqual([]);
  });

  test('the controls work from the keyboard', async ({ page }) => {
    await page.goto(chapter);
    const before = await state(page);
    const hz = page.locator(fig).getByRole('combobox', { name: 'CONFIG_HZ' });
    await hz.focus();
    await hz.selectOption('250');
    await expect(page).toHaveURL(/hz=250/, { timeout: 45_000 });
    const slider = page.locator(fig).getByRole('slider', { name: 'CPUs' });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue('3');
    await expect.poll(async () => (await state(page)).summary, { timeout: 45_000 }).not.toBe(before.summary);
  });
});
