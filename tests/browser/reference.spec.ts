import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { MESSAGES, COMMITS, lore, commitUrl, message } from '../../src/reference/sources.ts';
import * as F from '@forward-progress/model/mm/flags';

// The reference pages are static: everything must be there without JavaScript.
test.use({ javaScriptEnabled: false });

test('References lists every message and commit from sources.ts, with links', async ({ page }) => {
  await page.goto('references/');
  await expect(page.locator('tr[id^="msg-"]')).toHaveCount(MESSAGES.length);
  await expect(page.locator('tr[id^="commit-"]')).toHaveCount(COMMITS.length);
  const seed = message('m21');
  const row = page.locator('#msg-m21');
  await expect(row).toContainText('21');
  await expect(row).toContainText('Ondrej Kozina');
  await expect(row.locator(`a[href="${lore(seed.messageId)}"]`)).toHaveCount(1);
  // A message outside the public archive has no lore link and says so.
  await expect(page.locator('#msg-m28 a[href^="https://lore.kernel.org/"]')).toHaveCount(0);
  await expect(page.locator('#msg-m28')).toContainText('not in the public linux-mm archive');
  await expect(page.locator(`#commit-f9054c70 a[href="${commitUrl('f9054c70d28bc214b2857cf8db8269f4f45a5e23')}"]`)).toHaveCount(1);
  await expect(page.locator('#commit-bf484383')).toContainText('abbreviated');
  await expect(page.locator('#kernel-v4\\.7-rc6 a').first()).toHaveAttribute('href', 'https://elixir.bootlin.com/linux/v4.7-rc6/source');
});

test('messages are in date order', async ({ page }) => {
  await page.goto('references/');
  const times = await page.locator('tr[id^="msg-"] time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime')!)));
  expect(times.length).toBe(MESSAGES.length);
  expect(times).toEqual([...times].sort((a, b) => a - b));
});

test('Glossary: anchors, values from the model, definitions and chapter links', async ({ page }) => {
  await page.goto('glossary/#pf_memalloc');
  const entry = page.locator('dt#pf_memalloc');
  await expect(entry).toContainText('PF_MEMALLOC');
  const dd = page.locator('dt#pf_memalloc + dd');
  await expect(dd).toContainText(`0x${F.PF_MEMALLOC.toString(16)}`);
  await expect(dd.locator('a[href^="https://elixir.bootlin.com/linux/v4.6/source/include/linux/sched.h#L"]')).toHaveCount(1);
  for (const id of ['__gfp_noretry', 'gfp_noretry', 'alloc_wmark_low', 'kcryptd', 'oom-reaper']) {
    await expect(page.locator(`[id="${id}"]`), id).toHaveCount(1);
  }
  // mempool appears in at least one chapter, and the link goes to a page of this site.
  const appears = page.locator('dt#mempool + dd a:not([href^="http"])');
  expect(await appears.count()).toBeGreaterThan(0);
  const href = await appears.first().getAttribute('href');
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
});

// The address the build was configured with (astro.config.mjs: SITE_URL and BASE_PATH).
const configured = new URL((process.env.BASE_PATH || '/').replace(/\/?$/, '/'), process.env.SITE_URL || 'http://127.0.0.1:4321').href;

test('How to cite: BibTeX with the configured address, a chapter entry per page, a model citation', async ({ page }) => {
  await page.goto('how-to-cite/');
  const blocks = page.locator('pre.fp-cite-block');
  await expect(blocks.first()).toContainText(`\\url{${configured}}`);
  await expect(blocks.first()).toContainText('Accessed YYYY-MM-DD');
  await expect(blocks.nth(1)).toContainText(`\\url{${new URL('watermarks-and-reserves/', configured).href}}`);
  const figure = blocks.nth(2);
  await expect(figure).toContainText(/Forward Progress scenario fp1-[0-9a-z]{8}/);
  await expect(figure).toContainText('Reproduce: npx fpsim run --kernel v4.6');
  const width = await figure.evaluate((el) => Math.max(...el.textContent!.split('\n').filter((l) => !l.startsWith('Link: ')).map((l) => l.length)));
  expect(width).toBeLessThanOrEqual(72);
});

for (const path of ['references/', 'glossary/', 'how-to-cite/']) {
  test(`axe at 390 px: /${path}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 }, javaScriptEnabled: true });
    const page = await context.newPage();
    await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
}
