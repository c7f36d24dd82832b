import { pageErrors } from './widget.ts';
import { test, expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { simulate } from '@forward-progress/model/sim/simulate';
import { hashText, queryToScenario, scenarioId } from '@forward-progress/model/scenario/codec';

// Citable scenarios on the Lab figure: URL state, hostile input, citations,
// and the same run in Node and in Chromium.
const lab = (query = '') => `lab/${query ? `?${query}` : ''}#fig-lab`;
const widget = (page: Page) => page.locator('#fig-lab');

async function rendered(page: Page): Promise<void> {
  await expect(widget(page)).toHaveAttribute('data-rendered', /\d+/, { timeout: 30_000 });
  await expect(widget(page)).not.toHaveAttribute('data-busy', '');
}

/**
 * Does `act` and waits for the redraw it causes to finish: the widget's own
 * state (data-rendered changes, data-busy goes), however long the model takes.
 * Returns where the result came from (model, joined, cache).
 */
async function redrawnBy(page: Page, act: () => Promise<void>): Promise<string | null> {
  const before = await widget(page).getAttribute('data-rendered');
  await act();
  await expect(widget(page)).not.toHaveAttribute('data-rendered', before ?? '', { timeout: 60_000 });
  await expect(widget(page)).not.toHaveAttribute('data-busy', '', { timeout: 60_000 });
  return widget(page).getAttribute('data-result-from');
}

test('a link with settings restores the figure, also after a reload and on back/forward', async ({ page }) => {
  await page.goto(lab('kernel=v4.6&seed=3'));
  await rendered(page);
  await expect(widget(page).getByRole('combobox', { name: 'Kernel' })).toHaveValue('v4.6');
  await expect(widget(page).getByRole('slider', { name: 'Seed' })).toHaveValue('3');
  await expect(widget(page).locator('.fp-summary')).toContainText('v4.6:');
  await page.reload();
  await rendered(page);
  await expect(widget(page).getByRole('combobox', { name: 'Kernel' })).toHaveValue('v4.6');

  // The address is written when the redraw is done: wait for the widget, not a clock.
  await redrawnBy(page, () => widget(page).getByRole('combobox', { name: 'Kernel' }).selectOption('v4.8').then(() => undefined));
  await expect(page).toHaveURL(/[?&]kernel=v4\.8/);
  await expect(page).toHaveURL(/#fig-lab$/);
  await expect(widget(page).locator('.fp-summary')).toContainText('v4.8:');
  await page.goBack();
  await expect(page).toHaveURL(/kernel=v4\.6/);
  await expect(widget(page).getByRole('combobox', { name: 'Kernel' })).toHaveValue('v4.6');
});

const hostile = [
  ['swappiness', '<img src=x onerror="window.__pwned=1">'],
  ['kernel', '<script>window.__pwned=1</script>'],
  ['touchMiB', '1e308'],
  ['ramMiB', '-5'],
  ['cpus', 'NaN'],
  ['patch', '☃,revert-f9054c70'],
  ['diskMiBPerS', '9'.repeat(10_000)],
  ['<svg onload=window.__pwned=1>', '1'],
  // The compared run's settings are read by the same rules, inside compare=.
  ['compare', 'kernel=<script>window.__pwned=1</script>&cpus=1e308&<img src=x onerror=window.__pwned=1>=1'],
  ['compare', `seed=${'7'.repeat(5000)}`],
] as const;

for (const [key, value] of hostile) {
  test(`hostile input is clamped or dropped with a notice: ${key.slice(0, 20)}=${value.slice(0, 24)}`, async ({ page }) => {
    const errors = pageErrors(page);
    await page.goto(lab(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`));
    await rendered(page);
    const notices = widget(page).locator('.fp-notices');
    await expect(notices).toBeVisible();
    expect((await notices.textContent())!.length).toBeLessThan(2000);
    if (key === 'compare') await expect(notices).toContainText('Compared run: ');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#fig-lab img, #fig-lab script:not([type])').count()).toBe(0);
    expect(errors).toEqual([]);
  });
}

test('a figure that does not compare runs says so when a link asks it to', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto('watermarks-and-reserves/?compare=ramMiB%3D512#fig-watermark-ladder');
  const fig = page.locator('#fig-watermark-ladder');
  await expect(fig.locator('.fp-notices')).toContainText('does not compare runs');
  await expect(fig.getByRole('button', { name: 'Stop comparing' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the citation is plain text of at most 72 columns, with Link and Reproduce lines', async ({ page }) => {
  await page.goto(lab('kernel=v4.6&seed=3'));
  await rendered(page);
  await widget(page).locator('.fp-cite summary').click();
  const text = (await widget(page).locator('.fp-cite pre').textContent())!;
  const origin = new URL(page.url()).origin;
  for (const line of text.split('\n')) if (!line.startsWith('Link: ')) expect(line.length).toBeLessThanOrEqual(72);
  expect(text).toMatch(/^Forward Progress scenario fp1-[0-9a-z]{8}$/m);
  expect(text).toContain(`Link: ${origin}`);
  expect(text).toMatch(/^Reproduce: npx fpsim run --kernel v4\.6 --seed 3$/m);
});

test('the CLI prints the same citation as the widget', async ({ page, baseURL }) => {
  await page.goto(lab('kernel=v4.6&seed=3'));
  await rendered(page);
  const widgetText = (await widget(page).locator('.fp-cite pre').textContent())!;
  const cli = spawnSync(process.execPath, ['models/cli/fpsim.mjs', 'run', '--kernel', 'v4.6', '--seed', '3', '--format', 'text', '--site-url', baseURL!], { encoding: 'utf8' });
  expect(cli.status).toBe(0);
  expect(cli.stdout.trimEnd()).toBe(widgetText.trimEnd());
});

test('opening a cited Link: finds the same scenario id and outcome', async ({ page, browser }) => {
  await page.goto(lab('kernel=v4.7-rc6&patch=throttle-noretry&seed=2'));
  await rendered(page);
  const text = (await widget(page).locator('.fp-cite pre').textContent())!;
  const link = /^Link: (.+)$/m.exec(text)![1]!;
  const id = /scenario (fp1-[0-9a-z]{8})/.exec(text)![1];
  const summary = await widget(page).locator('.fp-summary').textContent();
  const other = await browser.newPage();
  await other.goto(link);
  await rendered(other);
  await expect(other.locator('#fig-lab .fp-summary')).toHaveText(summary!);
  await other.locator('#fig-lab .fp-cite summary').click();
  await expect(other.locator('#fig-lab .fp-cite pre')).toContainText(id!);
});

test('a run in Chromium gives the byte-identical result of the same run in Node', async ({ page }) => {
  const query = 'kernel=v4.6&seed=5';
  await page.goto(lab(query));
  await rendered(page);
  const browserHash = await widget(page).getAttribute('data-result-hash');
  const nodeHash = hashText(JSON.stringify(simulate(queryToScenario(query).scenario)));
  expect(browserHash).toBe(nodeHash);
  expect(scenarioId(queryToScenario(query).scenario)).toMatch(/^fp1-/);
});

test('dragging a slider keeps the page responsive: the model runs off the main thread', async ({ page }) => {
  await page.goto(lab());
  await page.evaluate(() => {
    (window as unknown as { __long: number[] }).__long = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) (window as unknown as { __long: number[] }).__long.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const slider = widget(page).getByRole('slider', { name: 'vm.swappiness' });
  await slider.focus();
  const start = Date.now();
  while (Date.now() - start < 2000) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(40);
  }
  await rendered(page);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  test.info().annotations.push({ type: 'long tasks during a 2 s drag', description: JSON.stringify(long.map(Math.round)) });
  // A model run on the main thread would block for the whole run; in the worker no task comes close.
  expect(Math.max(0, ...long)).toBeLessThan(250);
});

test('pinning a run compares two runs on one figure, in the URL too, and the CLI cites the pair', async ({ page, baseURL }) => {
  await page.goto(lab('kernel=v4.8'));
  await rendered(page);
  await widget(page).getByRole('button', { name: 'Pin to compare' }).click();
  await expect(widget(page).getByRole('button', { name: 'Stop comparing' })).toBeVisible();
  await widget(page).getByRole('combobox', { name: 'Kernel' }).selectOption('v4.6');
  await expect(widget(page).locator('.fp-summary')).toContainText(/^Pinned → now: v4\.8: .+ → kernel v4\.6: (OOM kill|completed|livelock)/);
  await expect(widget(page).locator('.fp-legend .fp-swatch-dashed')).toHaveCount(1);
  await expect(page).toHaveURL(/compare=kernel%3Dv4\.8/i);
  const text = (await widget(page).locator('.fp-cite pre').textContent())!;
  expect(text).toMatch(/^Forward Progress comparison fp1-[0-9a-z]{8} -> fp1-[0-9a-z]{8}$/m);
  for (const line of text.split('\n')) if (!line.startsWith('Link: ')) expect(line.length).toBeLessThanOrEqual(72);
  const cli = spawnSync(process.execPath, ['models/cli/fpsim.mjs', 'run', '--kernel', 'v4.6', '--compare', 'kernel=v4.8', '--format', 'text', '--site-url', baseURL!], { encoding: 'utf8' });
  expect(cli.status).toBe(0);
  expect(cli.stdout.trimEnd()).toBe(text.trimEnd());
  const url = page.url();
  const again = await page.context().newPage();
  await again.goto(url);
  await rendered(again);
  await expect(again.locator('#fig-lab .fp-summary')).toHaveText((await widget(page).locator('.fp-summary').textContent())!);
  const link = /^Link: (.+)$/m.exec(text)![1]!;
  const cited = await page.context().newPage();
  await cited.goto(link);
  await rendered(cited);
  await expect(cited.locator('#fig-lab .fp-summary')).toHaveText((await widget(page).locator('.fp-summary').textContent())!);
});

test('keyboard steps on a slider: the next step is computed ahead, a step back comes from the cache, a jump runs the model', async ({ page }) => {
  await page.goto(lab());
  const slider = widget(page).getByRole('slider', { name: 'Seed' });
  const step = (act: () => Promise<void>) => redrawnBy(page, act);
  await slider.focus();
  expect(await step(() => page.keyboard.press('ArrowRight'))).toBe('model');
  // Seed 3 was started in an idle worker as soon as seed 2 was drawn.
  expect(['cache', 'joined']).toContain(await step(() => page.keyboard.press('ArrowRight')));
  expect(await step(() => page.keyboard.press('ArrowLeft'))).toBe('cache');
  expect(await step(() => slider.fill('40'))).toBe('model');
  await expect(page).toHaveURL(/seed=40/);
  // A change that is not a keyboard step (a fill, a pointer drag) is not followed by look-ahead,
  // however quickly it comes after a key: so 60 and then 61 both run the model.
  expect(await step(() => slider.fill('60'))).toBe('model');
  expect(await step(() => page.keyboard.press('ArrowRight'))).toBe('model');
});

test('the data downloads carry the scenario; while comparing, both runs', async ({ page }) => {
  await page.goto(lab('kernel=v4.8'));
  await rendered(page);
  const csvOf = async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), widget(page).getByRole('button', { name: 'Download CSV' }).click()]);
    return readFileSync((await file.path())!, 'utf8');
  };
  const alone = await csvOf();
  expect(alone).toMatch(/^# scenarioId: fp1-[0-9a-z]{8}$/m);
  expect(alone).toMatch(/^# model: forward-progress /m);
  expect(alone).toMatch(/^# seed: 1$/m);
  expect(alone).toMatch(/^t_s,/m);
  await widget(page).getByRole('button', { name: 'Pin to compare' }).click();
  await widget(page).getByRole('combobox', { name: 'Kernel' }).selectOption('v4.6');
  // Pinned at once, the summary already reads "Pinned → now" (the same scenario); wait for the new kernel.
  await expect(widget(page).locator('.fp-summary')).toContainText('→ kernel v4.6:');
  await rendered(page);
  const both = await csvOf();
  expect(both).toMatch(/^# kernel: v4\.6$/m);
  expect(both).toMatch(/^# pinned\.kernel: v4\.8$/m);
  expect(both).toMatch(/^run,t_s,/m);
  expect(both).toMatch(/^now,[\d.]+,/m);
  expect(both).toMatch(/^pinned,[\d.]+,/m);
  const [json] = await Promise.all([page.waitForEvent('download'), widget(page).getByRole('button', { name: 'Download JSON' }).click()]);
  const data = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  expect(data.meta['pinned.scenarioId']).toMatch(/^fp1-/);
  expect(new Set(data.rows.map((r: { run: string }) => r.run))).toEqual(new Set(['now', 'pinned']));
});
