import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';
import { PARAM_BY_KEY } from '@forward-progress/model/scenario/params';

// "Premature OOM in 4.6" and its widget.
const chapter = 'premature-oom/';
const fig = '#fig-premature-oom';

const state = (page: Page) => widgetState(page, fig);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the gate panels, the labelled controls and the summary are in the page', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator(fig);
    const wide = widget.locator('.fp-chart-wide svg[role="img"]');
    await expect(wide).toHaveCount(4);
    await expect(wide.first()).toHaveAttribute('aria-label', /^DMA32 pages_scanned \(thousand pages\) over time\. v4\.6: /);
    await expect(widget.locator('.fp-summary')).toContainText(/^v4\.6: (OOM kill at|no OOM kill)/);
    await expect(widget.getByRole('slider', { name: 'vm.swappiness' })).toHaveValue('60');
    await expect(widget.getByRole('slider', { name: 'Encryption speed per CPU' })).toHaveValue(String(PARAM_BY_KEY.cryptMiBPerSPerCpu.default));
    await expect(page.locator('main')).toContainText('pages_scanned:5635400');
  });
});

test.describe('with JavaScript', () => {
  test('changing the encryption speed reruns the model and redraws', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await state(page);
    await page.locator(fig).getByRole('slider', { name: 'Encryption speed per CPU' }).fill('40');
    await expect.poll(async () => (await state(page)).svg, { timeout: 45_000 }).not.toBe(before.svg);
    expect((await state(page)).summary).not.toBe(before.summary);
    await expect(page).toHaveURL(/cryptMiBPerSPerCpu=40/);
    expect(errors).toEqual([]);
  });

  test('the controls work from the keyboard', async ({ page }) => {
    await page.goto(chapter);
    const before = await state(page);
    const slider = page.locator(fig).getByRole('slider', { name: 'Seed' });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue('2');
    await expect(page).toHaveURL(/seed=2/, { timeout: 45_000 });
    await expect.poll(async () => (await state(page)).svg, { timeout: 45_000 }).not.toBe(before.svg);
  });
});
