import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { builtPages } from './pages.ts';

// An axe sweep over every built page, light and dark, against WCAG 2.2 AA.
const pages = builtPages();

test('the site has pages to check', () => {
  expect(pages.length).toBeGreaterThan(1);
});

for (const path of pages) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe: /${path} (${colorScheme})`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(path);
      // Figures and tables below the fold use content-visibility: auto (src/client/offscreen.css), so until they
      // are painted the browser lays them out at a placeholder height. axe measures targets while it scrolls, and
      // a target-size check then sees a link from further down the page over a button (Chromium 156, /aftermath/'s
      // Pin button against a link 600 px below it). Everything is laid out at its real size for the sweep.
      await page.addStyleTag({ content: '.sl-markdown-content > * { content-visibility: visible !important; }' });
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
      expect(summary).toEqual([]);
      await context.close();
    });
  }
}
