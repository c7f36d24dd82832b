import { widgetState, pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';

// The widget pipeline, end to end, on the watermark chapter.
const chapter = 'watermarks-and-reserves/';

const figureState = (page: Page) => widgetState(page, '#fig-watermark-ladder');

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the figure, its labelled controls and the summary are in the page', async ({ page }) => {
    await page.goto(chapter);
    const widget = page.locator('#fig-watermark-ladder');
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(2);
    await expect(widget.locator('.fp-chart-narrow svg[role="img"]')).toHaveCount(2);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]').first()).toHaveAttribute('aria-label', /DMA32 watermark ladder: min 957/);
    await expect(widget.locator('.fp-summary')).toContainText('min 957, low 1,206 and high 1,455 pages');
    await expect(widget.getByRole('slider', { name: 'RAM' })).toHaveValue('1024');
    await expect(widget.getByRole('combobox', { name: 'Kernel' })).toHaveValue('v4.6');
  });
});

test.describe('with JavaScript', () => {
  test('changing a control redraws the figure and the summary, without errors', async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(chapter);
    const before = await figureState(page);
    await page.locator('#fig-watermark-ladder').getByRole('slider', { name: 'watermark_scale_factor' }).fill('100');
    await expect(page.locator('#fig-watermark-ladder .fp-summary')).toContainText('low 3,453');
    const after = await figureState(page);
    expect(after.svg).not.toBe(before.svg);
    expect(after.summary).not.toBe(before.summary);
    await expect(page.locator('#fig-watermark-ladder output').nth(2)).toHaveText('100');
    expect(errors).toEqual([]);
  });

  test('the controls work from the keyboard', async ({ page }) => {
    await page.goto(chapter);
    const slider = page.locator('#fig-watermark-ladder').getByRole('slider', { name: 'RAM' });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveValue('1280');
    await expect(page.locator('#fig-watermark-ladder .fp-summary')).not.toContainText('249,600 pages');
    const kernel = page.locator('#fig-watermark-ladder').getByRole('combobox', { name: 'Kernel' });
    await kernel.focus();
    await kernel.selectOption('v4.5');
    await expect(page.locator('#fig-watermark-ladder .fp-summary')).toContainText('kswapd wakes below');
  });

  test('the plotting library loads only when the reader first changes something', async ({ page }) => {
    const scripts: string[] = [];
    page.on('response', (r) => { if (r.url().endsWith('.js')) scripts.push(r.url()); });
    await page.goto(chapter, { waitUntil: 'networkidle' });
    const initial = scripts.length;
    expect(scripts.some((u) => /definition\.[\w-]+\.js$/.test(u))).toBe(false);
    await page.locator('#fig-watermark-ladder').getByRole('slider', { name: 'watermark_scale_factor' }).fill('50');
    await expect(page.locator('#fig-watermark-ladder .fp-summary')).toContainText('low 2,205');
    expect(scripts.length).toBeGreaterThan(initial);
  });
});
