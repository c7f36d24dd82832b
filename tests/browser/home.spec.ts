import { test, expect, type Page } from '@playwright/test';

// The home page shows the bug at a glance, without JavaScript: the five
// kernels drawn at build time, one sentence per kernel with its evidence
// class and sources, and three things to do, all above the chapter list.
const KERNELS = ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8', 'v4.9'];
const INFERRED = ['v4.5', 'v4.9'];

/** An internal link leads to a built page, and to the element its hash names. */
async function expectResolves(page: Page, href: string) {
  const url = new URL(href, page.url());
  const response = await page.request.get(url.href);
  expect(response.status(), href).toBe(200);
  if (url.hash) expect(await response.text(), href).toContain(`id="${decodeURIComponent(url.hash.slice(1))}"`);
}

/** An external source: a message on lore or a commit on git.kernel.org (not fetched: the tests run offline). */
const SOURCE = /^https:\/\/(lore\.kernel\.org\/linux-mm\/[^/]+\/|git\.kernel\.org\/pub\/scm\/linux\/kernel\/git\/torvalds\/linux\.git\/commit\/\?id=[0-9a-f]+)$/;

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the hero, then the figure, the sentences and the actions, then the chapters', async ({ page }) => {
    await page.goto('');
    await expect(page.getByRole('link', { name: 'Start with the incident' })).toBeVisible();
    const order = await page.evaluate(() => ['.fp-home-figure', '.fp-home-kernels', '.fp-home-actions', '.fp-toc']
      .map((sel) => document.querySelector(sel)!)
      .every((el, i, all) => i === 0 || Boolean(all[i - 1]!.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)));
    expect(order).toBe(true);
  });

  test('the figure: two accessible images per kernel, a caption with every outcome, a link to the live widget', async ({ page }) => {
    await page.goto('');
    const figure = page.locator('figure.fp-home-figure');
    const svgs = figure.locator('svg[role="img"]');
    await expect(svgs).toHaveCount(2 * KERNELS.length);
    for (let i = 0; i < KERNELS.length; i++) {
      await expect(svgs.nth(2 * i)).toHaveAttribute('aria-label', new RegExp(`^${KERNELS[i]!.replace('.', '\\.')}: `));
      await expect(figure.locator(`[data-kernel="${KERNELS[i]}"] .fp-facet-title`)).toBeVisible();
      await expect(figure.locator('figcaption')).toContainText(`${KERNELS[i]} `);
    }
    await expect(figure.locator('figcaption [data-evidence-badge="modelled"]')).toHaveText('Modelled');
    expect((await figure.locator('figcaption').textContent())!.replace(/\s+/g, ' ').trim()).toMatch(/^Modelled Ondrej's test \(touch /);
    const live = figure.getByRole('link', { name: /live figure/ });
    await expect(live).toHaveAttribute('href', /the-incident\/#fig-five-kernels$/);
    await expectResolves(page, (await live.getAttribute('href'))!);
  });

  test('one sentence per kernel, with its evidence class, the model\'s outcome and linked sources', async ({ page }) => {
    await page.goto('');
    const items = page.locator('.fp-home-kernels > li');
    await expect(items).toHaveCount(KERNELS.length);
    for (let i = 0; i < KERNELS.length; i++) {
      const kernel = KERNELS[i]!;
      const item = items.nth(i);
      const evidence = INFERRED.includes(kernel) ? 'inferred' : 'reported';
      await expect(item).toHaveAttribute('data-kernel', kernel);
      await expect(item).toHaveAttribute('data-evidence', evidence);
      const sentence = item.locator('.fp-home-sentence');
      await expect(sentence.locator('[data-evidence-badge]').first()).toHaveText(evidence === 'inferred' ? 'Inferred' : 'Reported');
      await expect(sentence.locator('[data-evidence-badge="modelled"]')).toHaveCount(1);
      await expect(sentence).toContainText(evidence === 'inferred' ? 'Not observed in 2016, only inferred: ' : '2016 reported: ');
      await expect(sentence).toContainText('the model ');
      // Read as words: the kernel, its class, what 2016 says, then the model's half.
      const words = (await sentence.textContent())!.replace(/\s+/g, ' ').trim();
      expect(words.startsWith(`${kernel} ${evidence === 'inferred' ? 'Inferred Not observed in 2016' : 'Reported 2016 reported'}`), words).toBe(true);
      expect(words).toContain(' — Modelled the model ');
      const sources = item.locator('.fp-home-sources a[href^="https://"]');
      expect(await sources.count()).toBeGreaterThan(0);
      for (const href of await sources.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) expect(href).toMatch(SOURCE);
      const lab = item.getByRole('link', { name: `${kernel} in the Lab` });
      await expect(lab).toHaveAttribute('href', /lab\/(\?[^#]*)?#fig-lab$/);
      await expectResolves(page, (await lab.getAttribute('href'))!);
      await expect(item.locator('code')).toHaveText(`npx fpsim run --kernel ${kernel}`);
    }
  });

  test('three things to do: tweak in the Lab, cite in a mail, reproduce with one command', async ({ page }) => {
    await page.goto('');
    const actions = page.locator('.fp-home-actions > li');
    await expect(actions).toHaveCount(3);

    const tweak = actions.nth(0);
    await expect(tweak.getByRole('heading', { name: 'Tweak a scenario' })).toBeVisible();
    const lab = tweak.getByRole('link', { name: 'v4.6 in the Lab' });
    await expect(lab).toHaveAttribute('href', /lab\/\?kernel=v4\.6#fig-lab$/);
    await expectResolves(page, (await lab.getAttribute('href'))!);

    const cite = actions.nth(1);
    await expect(cite.getByRole('heading', { name: 'Cite it in a mail' })).toBeVisible();
    await expectResolves(page, (await cite.getByRole('link', { name: 'How to cite' }).getAttribute('href'))!);
    await cite.locator('summary').click();
    const block = cite.locator('pre');
    await expect(block).toBeVisible();
    const text = (await block.textContent())!;
    expect(text).toMatch(/^Forward Progress scenario fp1-[a-z0-9]{8}\n/);
    expect(text).toContain('Reproduce: npx fpsim run --kernel v4.6');
    for (const line of text.split('\n')) if (!line.includes('://')) expect(line.length).toBeLessThanOrEqual(72);
    const link = text.match(/^Link: (\S+)$/m)![1]!;
    expect(link).toMatch(/\/lab\/\?kernel=v4\.6#fig-lab$/);

    const reproduce = actions.nth(2);
    await expect(reproduce.getByRole('heading', { name: 'Reproduce it with one command' })).toBeVisible();
    await expect(reproduce.locator('pre code')).toHaveText('npx fpsim run --kernel v4.6 --format text');
    await expectResolves(page, (await reproduce.getByRole('link', { name: /Reproducing any of this/ }).getAttribute('href'))!);
  });

  test('reads at 390 px: nothing wider than the screen', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto('');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.locator('.fp-home-figure svg[role="img"]').first()).toBeVisible();
    const box = (await page.locator('.fp-home-figure svg[role="img"]').first().boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
  });
});
