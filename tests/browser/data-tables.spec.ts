import { test, expect, type Page } from '@playwright/test';

// The chapters' data tables share one stylesheet (src/styles/dataTable.css).
// What a reader relies on, on every page with one: the page never scrolls
// sideways because of a table (a table wider than its column scrolls inside
// its own container, and on a phone its rows are cards), numbers line up on
// the right, and each table is named by its caption.
const PAGES = [
  { path: 'the-2016-kernels/', tables: 2 },
  { path: 'the-incident/', tables: 1 },
  { path: 'writing-out-needs-memory/', tables: 1 },
];
/** A cell that holds a number and nothing else. */
const NUMBER = /^[−-]?[\d,]+(?:\.\d+)?$/;

/** How far the page itself scrolls sideways, in CSS pixels (0: not at all). */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * Each table's container: its width, its content's width, and whether it
 * scrolls sideways. Measured in view: an offscreen table may skip layout
 * (content-visibility, src/client/offscreen.css).
 */
async function containers(page: Page) {
  const all = [];
  for (const div of await page.locator('.fp-data-table').all()) {
    await div.scrollIntoViewIfNeeded();
    // Measured after two frames, once a table that skipped layout offscreen has been laid out.
    all.push(await div.evaluate((d) => new Promise<{ clientWidth: number; scrollWidth: number; overflowX: string }>((done) =>
      requestAnimationFrame(() => requestAnimationFrame(() => done({ clientWidth: d.clientWidth, scrollWidth: d.scrollWidth, overflowX: getComputedStyle(d).overflowX }))))));
  }
  return all;
}

for (const { path, tables } of PAGES) {
  test.describe(`/${path}`, () => {
    test('at 390 px the rows are cards inside their container, and the page does not scroll sideways', async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(path);
      await expect(page.locator('.fp-data-table table')).toHaveCount(tables);
      for (const c of await containers(page)) expect(c.overflowX).toBe('auto');
      const cell = page.locator('.fp-data-table tbody td').first();
      expect(await cell.evaluate((td) => getComputedStyle(td).display)).toBe('block');
      expect(await pageOverflow(page)).toBe(0);
    });

    test('where the column is narrower than a table, the table scrolls inside its container, not the page', async ({ page }) => {
      // The sidebar is open from 50rem: at 900 px the column is narrower than a table's 40rem.
      await page.setViewportSize({ width: 900, height: 900 });
      await page.goto(path);
      const all = await containers(page);
      expect(all).toHaveLength(tables);
      for (const c of all) expect(c.overflowX).toBe('auto');
      // Polled: the first measurement can come before the offscreen table's layout settles.
      if (path !== 'writing-out-needs-memory/') await expect.poll(async () => (await containers(page)).some((c) => c.scrollWidth > c.clientWidth)).toBe(true);
      expect(await pageOverflow(page)).toBe(0);
    });

    test('numeric cells are right-aligned, in tabular figures, and every table is named by its caption', async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(path);
      const cells = await page.locator('.fp-data-table tbody td').evaluateAll((tds) => tds.map((td) => ({
        text: td.textContent!.trim(),
        align: getComputedStyle(td).textAlign,
        figures: getComputedStyle(td).fontVariantNumeric,
      })));
      const numeric = cells.filter((c) => NUMBER.test(c.text));
      // The incident's table is words only.
      if (path !== 'the-incident/') expect(numeric.length).toBeGreaterThan(0);
      for (const c of numeric) {
        expect(c.align, c.text).toBe('right');
        expect(c.figures, c.text).toContain('tabular-nums');
      }
      for (const table of await page.locator('.fp-data-table table').all()) {
        const caption = (await table.locator('caption').textContent())!.replace(/\s+/g, ' ').trim();
        expect(caption.length).toBeGreaterThan(10);
        await expect(table).toHaveAccessibleName(caption);
        await expect(page.getByRole('table', { name: caption })).toHaveCount(1);
      }
    });
  });
}
