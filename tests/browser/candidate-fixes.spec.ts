import { pageErrors } from './widget.ts';
import { test, expect } from '@playwright/test';

// The candidate-fixes chapter: the matrix of every proposal.
const chapter = 'candidate-fixes/';
const fig = '#fig-fix-matrix';

test.describe('without JavaScript', () => {
  test('the chart, the table with a row per proposal and the summary are in the page', async ({ page }) => {
    await page.context().route('**/*.js', (r) => r.abort());
    await page.goto(chapter);
    const widget = page.locator(fig);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveCount(1);
    await expect(widget.locator('.fp-chart-wide svg[role="img"]')).toHaveAttribute('aria-label', /^Time until each run ended, on v4\.7-rc6, seed 1/);
    await expect(widget.locator('.fp-chart-wide table tbody tr')).toHaveCount(13);
    await expect(widget.locator('.fp-chart-wide').getByRole('link', { name: 'Revert f9054c70' })).toHaveAttribute('href', 'https://lore.kernel.org/linux-mm/20160721145309.GR26379@dhcp22.suse.cz/');
    await expect(widget.locator('.fp-chart-wide tr[data-fix="rfc-2"] code')).toHaveText('npx fpsim run --kernel v4.7-rc6 --patch mempool-less-throttle --patch throttle-skip-less-throttle');
    await expect(widget.locator('.fp-summary')).toContainText(/of 13 proposals complete/);
  });
});

test.describe('with JavaScript', () => {
  test('changing the seed recomputes the whole matrix in the worker', async ({ page }) => {
    test.setTimeout(120_000);
    const errors = pageErrors(page);
    await page.goto(chapter);
    const seed = page.locator(fig).getByRole('slider', { name: 'Seed' });
    await seed.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator(`${fig} .fp-summary`)).toContainText('seed 2', { timeout: 100_000 });
    await expect(page.locator(`${fig} table caption >> visible=true`)).toContainText('seed 2');
    await expect(page.locator(`${fig} tr[data-fix="none"] th .fp-matrix-who a >> visible=true`)).toHaveAttribute('href', '../lab/?seed=2#fig-lab');
    expect(errors).toEqual([]);
  });

  test('a row opens the same run in the Lab', async ({ page }) => {
    await page.goto(chapter);
    await page.locator(`${fig} tr[data-fix="throttle-noretry"] th .fp-matrix-who a >> visible=true`).click();
    await expect(page).toHaveURL(/lab\/\?patch=throttle-noretry#fig-lab$/);
    await expect(page.locator('#fig-lab').locator('input[value="throttle-noretry"]')).toBeChecked({ timeout: 30_000 });
  });
});
