import { test, expect } from '@playwright/test';
import { pageErrors } from './widget.ts';

// A widget with several model runs per state draws each run as it finishes
// (issue 14): the figure on screen dims at once (aria-busy), each panel is
// redrawn in its place when its run is done, and the whole figure follows.

const KERNELS = ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8', 'v4.9'];

interface Snapshot {
  busy: boolean;
  pending: number;
  kernels: string[];
  rendered: string | undefined;
}

test('the five kernels: pending state, then panels one run at a time in a stable order, then the complete figure', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto('the-incident/');
  const widget = page.locator('#fig-five-kernels');
  const seed = widget.getByRole('slider', { name: 'Seed' });
  // A first change: the widget now holds the runs of the figure it shows.
  await seed.fill('2');
  await expect(widget.locator('.fp-summary')).toContainText('seed 2', { timeout: 60_000 });
  await expect(widget).not.toHaveAttribute('data-busy');
  const height = await widget.locator('.fp-chart').evaluate((el) => el.getBoundingClientRect().height);

  // Every change to the figure from now on, as the reader would see it (the form is left out: its output changes at once).
  await widget.evaluate((el) => {
    const snaps: Snapshot[] = ((window as unknown as { __snaps: Snapshot[] }).__snaps = []);
    const take = () => {
      snaps.push({
        busy: el.querySelector('.fp-figure')!.getAttribute('aria-busy') === 'true',
        pending: el.querySelectorAll('.fp-run-pending').length,
        kernels: Array.from(el.querySelectorAll('.fp-incident-panel'), (p) => p.getAttribute('data-kernel')!),
        rendered: (el as HTMLElement).dataset.rendered,
      });
    };
    new MutationObserver(take).observe(el.querySelector('.fp-figure')!, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy', 'class'] });
  });
  await seed.fill('3');
  await expect(widget.locator('.fp-summary')).toContainText('seed 3', { timeout: 60_000 });
  await expect(widget).not.toHaveAttribute('data-busy');
  const snaps = await page.evaluate(() => (window as unknown as { __snaps: Snapshot[] }).__snaps);

  // The pending state came first, and said so to assistive technology.
  expect(snaps[0]!.busy).toBe(true);
  // At least one figure had some runs drawn and others still pending.
  const partial = snaps.filter((s) => s.pending > 0 && s.pending < KERNELS.length);
  expect(partial.length).toBeGreaterThan(0);
  // The panels never moved: always the five kernels in order.
  for (const s of snaps.filter((x) => x.kernels.length)) expect(s.kernels).toEqual(KERNELS);
  // The end: the complete figure, nothing pending or busy, and no layout jump.
  const last = snaps[snaps.length - 1]!;
  expect(last.pending).toBe(0);
  await expect(widget.locator('.fp-figure')).not.toHaveAttribute('aria-busy');
  await expect(widget.locator('.fp-chart')).not.toHaveClass(/fp-pending/);
  const after = await widget.locator('.fp-chart').evaluate((el) => el.getBoundingClientRect().height);
  expect(Math.abs(after - height)).toBeLessThan(2);
  expect(errors).toEqual([]);
});

test('a cached state is drawn at once, without the pending state', async ({ page }) => {
  await page.goto('the-incident/');
  const widget = page.locator('#fig-five-kernels');
  const seed = widget.getByRole('slider', { name: 'Seed' });
  await seed.fill('2');
  await expect(widget.locator('.fp-summary')).toContainText('seed 2', { timeout: 60_000 });
  await seed.fill('1');
  await expect(widget.locator('.fp-summary')).toContainText('seed 1:', { timeout: 60_000 });
  await expect(widget).not.toHaveAttribute('data-busy');
  await widget.evaluate((el) => {
    (window as unknown as { __busy: boolean }).__busy = false;
    new MutationObserver(() => {
      if (el.querySelector('.fp-figure')!.getAttribute('aria-busy') === 'true') (window as unknown as { __busy: boolean }).__busy = true;
    }).observe(el, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
  await seed.fill('2');
  await expect(widget.locator('.fp-summary')).toContainText('seed 2', { timeout: 10_000 });
  await expect(widget).toHaveAttribute('data-result-from', 'cache');
  expect(await page.evaluate(() => (window as unknown as { __busy: boolean }).__busy)).toBe(false);
});

test('the fix matrix: rows of runs still computing are dimmed, then every row is complete', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto('candidate-fixes/');
  const widget = page.locator('fp-widget[data-widget="fix-matrix"]');
  const seed = widget.getByRole('slider', { name: 'Seed' });
  await seed.fill('2');
  await expect(widget).toHaveAttribute('data-rendered', /\d/, { timeout: 90_000 });
  await expect(widget).not.toHaveAttribute('data-busy', { timeout: 90_000 });
  await widget.evaluate((el) => {
    const seen: number[] = ((window as unknown as { __pending: number[] }).__pending = []);
    new MutationObserver(() => seen.push(el.querySelectorAll('.fp-run-pending').length)).observe(el.querySelector('.fp-chart')!, { subtree: true, childList: true });
  });
  const rendered = await widget.getAttribute('data-rendered');
  await seed.fill('3');
  await expect(widget).not.toHaveAttribute('data-rendered', rendered!, { timeout: 90_000 });
  await expect(widget).not.toHaveAttribute('data-busy', { timeout: 90_000 });
  const rows = await widget.locator('.fp-matrix tbody tr').count();
  const seen = await page.evaluate(() => (window as unknown as { __pending: number[] }).__pending);
  expect(seen.some((n) => n > 0 && n < rows)).toBe(true);
  await expect(widget.locator('.fp-run-pending')).toHaveCount(0);
  expect(errors).toEqual([]);
});
