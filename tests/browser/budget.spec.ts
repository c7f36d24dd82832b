import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { builtPages } from './pages.ts';

// The size budget of a first interaction (issue 14): what the first input on
// a page's first simulation widget loads, page and model worker together,
// gzipped file by file, is at most 120 KiB. Sizes, not timings.
const BUDGET_KIB = 120;
const dist = process.env.OUT_DIR || 'dist';
/** The site's sub-path (astro.config.mjs): URLs start with it, files in dist/ do not. */
const BASE = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');

/** Every widget with a slider, by page: the widget's id. */
const widgets = builtPages().flatMap((path) => {
  const html = readFileSync(join(dist, path, 'index.html'), 'utf8');
  return html.split('<fp-widget').slice(1)
    .filter((part) => part.slice(0, part.indexOf('</fp-widget>')).includes('type="range"'))
    .map((part) => ({ path, id: /\bid="([^"]+)"/.exec(part)![1]! }));
});

for (const { path, id } of widgets) {
  test(`/${path}#${id}: the first input loads at most ${BUDGET_KIB} KiB gzip of JavaScript`, async ({ page }) => {
    // The URLs are noted as the responses arrive (synchronously: an async body
    // read could finish after the count below); the sizes come from the built
    // files themselves, gzipped here, so the count does not depend on timing.
    const loaded = new Map<string, number>();
    page.on('response', (response) => {
      const url = response.url();
      if (!url.endsWith('.js') || loaded.has(url)) return;
      const file = decodeURIComponent(new URL(url).pathname).slice(BASE.length - 1);
      loaded.set(url, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
    });
    await page.goto(path, { waitUntil: 'networkidle' });
    const before = new Set(loaded.keys());
    const widget = page.locator(`#${id}`);
    await widget.locator('input[type=range]').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(widget).toHaveAttribute('data-rendered', /\d/, { timeout: 90_000 });
    await page.waitForLoadState('networkidle');
    const added = [...loaded].filter(([url]) => !before.has(url));
    const kib = added.reduce((sum, [, gz]) => sum + gz, 0) / 1024;
    expect(kib, added.map(([url, gz]) => `${url.replace(/.*\//, '')} ${(gz / 1024).toFixed(1)} KiB`).join('\n')).toBeLessThanOrEqual(BUDGET_KIB);
  });
}
