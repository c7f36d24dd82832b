// npm run bench: the project's speed and size budgets, measured, never
// asserted. Prints a report and writes bench/out/report.json.
//   - full `astro build` wall time
//   - per chapter page: JavaScript loaded initially (gzip) and on first interaction
//   - the model's own benchmark, when models/bench/bench.ts exists
//   - Lighthouse per page (mobile defaults): the four scores, TBT and LCP
//     (skip with --no-lighthouse)
//   - `npm test` wall time (skip with --no-test)
// --no-widgets skips the per-widget latency loops (minutes on 2 cores).
// --no-build measures the build already in dist/ (or in OUT_DIR);
// --pages=lab,incident only the pages whose path contains one of those;
// --no-model skips the model's own benchmark.
// --model-only runs only the model's benchmark (models/bench/bench.ts: per
// base kernel, best of 3 after a warm-up, events/s); --model-profile adds its
// top functions by self time. --help prints this.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { startPreview } from './preview.mjs';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every built page as a path under the base: '/', '/watermarks-and-reserves/', … */
function builtPages(dir = OUT_DIR, prefix = '/') {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['_astro', 'pagefind'].includes(name) ? [] : builtPages(path, `${prefix}${name}/`);
    return name === 'index.html' ? [prefix] : [];
  }).sort();
}

if (process.argv.includes('--help')) {
  console.log(`npm run bench -- [--no-build] [--pages=a,b] [--model-only] [--model-profile] [--no-model] [--no-lighthouse] [--no-test] [--no-widgets]
  (no flag)        astro build, per-page JS and widget latency, Lighthouse, the model, npm test
  --no-build       measure the build already in dist/ (or OUT_DIR)
  --pages=a,b      only the pages whose path contains one of those
  --model-only     only the model: per base kernel best of 3 after a warm-up (ms, cpu ms, events, events/s)
  --model-profile  with the model: its top functions by self time, per kernel
  --no-model, --no-lighthouse, --no-test, --no-widgets   skip those parts
  OUT_DIR=/path    measure (and with a build, build into) another directory than dist/`);
  process.exit(0);
}
const OUT_DIR = process.env.OUT_DIR || 'dist';
const onlyPages = process.argv.find((a) => a.startsWith('--pages='))?.slice('--pages='.length).split(',').filter(Boolean);

/** The model's own benchmark, printed and kept in the report. */
function modelBench(report) {
  if (!existsSync('models/bench/bench.ts')) return;
  console.log('\nmodel benchmark (models/bench/bench.ts):');
  const flags = process.argv.includes('--model-profile') ? ['--profile'] : [];
  const model = spawnSync('node_modules/.bin/tsx', ['models/bench/bench.ts', ...flags], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(model.stdout ?? '');
  report.model = model.stdout;
}

if (process.argv.includes('--model-only')) {
  const report = { date: new Date().toISOString(), node: process.version };
  modelBench(report);
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/model.json', JSON.stringify(report, null, 2));
  console.log('\nwritten: bench/out/model.json');
  process.exit(0);
}

process.env.ASTRO_TELEMETRY_DISABLED = '1';
ensureDeps();
// Loaded after the dependencies are installed (a fresh clone has none yet).
const { chromium } = await import('playwright-core');
const report = { date: new Date().toISOString(), node: process.version };

function timed(cmd, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return { ok: result.status === 0, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Median and p95 of a list of milliseconds. */
function quantiles(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const pick = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null);
  return { n: sorted.length, medianMs: pick(0.5), p95Ms: pick(0.95) };
}

/**
 * Input-to-redraw latency of one widget, on its first slider, three ways:
 * - steps: arrow keys, always to a setting not seen before; after each
 *   redraw the page computes the next step ahead, so this is what a reader
 *   stepping through a slider sees;
 * - jumps: the slider set straight to far values (fractions of its range),
 *   never computed before and never looked ahead: a cold model run;
 * - back: the same steps back (cached: the redraw alone).
 * Then long tasks during a 2 s drag.
 */
async function widgetLatency(page, id) {
  const slider = page.locator(`#${id} input[type=range]`).first();
  if (!(await slider.count())) return null;
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  const { value, min, max, step } = await slider.evaluate((el) => ({ value: +el.value, min: +el.min, max: +el.max, step: +el.step || 1 }));
  const room = max - value >= value - min ? 'ArrowRight' : 'ArrowLeft';
  const back = room === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
  const steps = Math.min(6, Math.floor((room === 'ArrowRight' ? max - value : value - min) / step));
  /**
   * One input, timed in the page from the input event: when the reader first
   * sees the figure respond (data-changed: the figure dimmed as pending, a
   * partial figure, or the new one, after the frame that shows it), when each
   * run of a planned widget was drawn (data-partial), and when the complete
   * figure was drawn (data-rendered).
   */
  const timed = async (act) => {
    const before = await page.getAttribute(`#${id}`, 'data-rendered');
    await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      const fp = (window.__fp = { t0: null, changed: null, rendered: null, partials: 0 });
      const start = () => { if (fp.t0 === null) fp.t0 = performance.now(); };
      document.addEventListener('keydown', start, { capture: true, once: true });
      el.addEventListener('input', start, { capture: true, once: true });
      window.__fpObserver?.disconnect();
      window.__fpObserver = new MutationObserver((records) => {
        const now = performance.now();
        for (const r of records) {
          if (r.attributeName === 'data-changed' && fp.changed === null) fp.changed = now;
          if (r.attributeName === 'data-partial') fp.partials++;
          if (r.attributeName === 'data-rendered') fp.rendered = now;
        }
      });
      window.__fpObserver.observe(el, { attributes: true, attributeFilter: ['data-changed', 'data-partial', 'data-rendered'] });
    }, `#${id}`);
    await act();
    await page.waitForFunction(([sel, prev]) => {
      const el = document.querySelector(sel);
      return el && el.dataset.rendered !== prev && !el.hasAttribute('data-busy');
    }, [`#${id}`, before], { timeout: 60000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const fp = await page.evaluate(() => window.__fp);
    const first = Math.min(fp.changed ?? Infinity, fp.rendered);
    return { first: Math.round(first - fp.t0), complete: Math.round(fp.rendered - fp.t0), partials: fp.partials };
  };
  const stepTimes = [];
  for (let i = 0; i < steps; i++) stepTimes.push(await timed(() => page.keyboard.press(room)));
  const backTimes = [];
  const drawTimes = [];
  for (let i = 0; i < steps - 1; i++) {
    backTimes.push(await timed(() => page.keyboard.press(back)));
    drawTimes.push(Number(await page.getAttribute(`#${id}`, 'data-draw-ms')));
  }
  const seen = new Set();
  const jumpTimes = [];
  for (const f of [0.35, 0.8, 0.2, 0.65, 0.5, 0.9]) {
    const target = Math.min(max, min + Math.round(((max - min) * f) / step) * step);
    // Far from every setting the steps visited (and looked ahead to), when the range allows.
    if (seen.has(target) || (max - min > 14 * step && Math.abs(target - value) <= 7 * step)) continue;
    seen.add(target);
    jumpTimes.push(await timed(() => slider.evaluate((el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, target)));
  }
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  const start = Date.now();
  let presses = 0;
  while (Date.now() - start < 2000) {
    await page.keyboard.press(presses++ % 8 < 4 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(500);
  const long = await page.evaluate(() => window.__long);
  // The first step also loads the worker's code: left out.
  const both = (list) => ({ first: quantiles(list.map((t) => t.first)), complete: quantiles(list.map((t) => t.complete)), partialDraws: list.reduce((a, t) => a + t.partials, 0) });
  return { id, steps: both(stepTimes.slice(1)), jumps: both(jumpTimes), back: both(backTimes), draw: quantiles(drawTimes), longTasks: long.length, longTasksMs: long.map(Math.round), maxLongTaskMs: Math.round(Math.max(0, ...long)) };
}

/** The last Lighthouse that runs on this Node: 13.x needs Node >= 22.19, 12.8.2 is the last for Node 20. */
const LIGHTHOUSE = Number(process.versions.node.split('.')[0]) >= 22 ? '13.5.0' : '12.8.2';

/** One Lighthouse run (fetched on demand with npx; not a dependency of the project). */
function lighthouse(url, path) {
  mkdirSync('bench/out/lighthouse', { recursive: true });
  const out = `bench/out/lighthouse/${path.replace(/\W+/g, '_') || 'home'}.json`;
  const flags = ['--headless=new', ...CHROMIUM_ARGS].join(' ');
  const run = spawnSync('npx', ['--yes', `lighthouse@${LIGHTHOUSE}`, url, '--quiet', `--chrome-flags=${flags}`,
    '--only-categories=performance,accessibility,best-practices,seo', '--output=json', `--output-path=${out}`],
  { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHROME_PATH: ensureChromium() } });
  if (run.status !== 0 || !existsSync(out)) return null;
  const lhr = JSON.parse(readFileSync(out, 'utf8'));
  const score = (k) => Math.round((lhr.categories[k]?.score ?? 0) * 100);
  return {
    performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo'),
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? NaN), lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? NaN),
  };
}

if (!process.argv.includes('--no-build')) {
  const build = timed('node_modules/.bin/astro', ['build', '--outDir', OUT_DIR]);
  report.buildSeconds = Number(build.seconds.toFixed(2));
  console.log(`astro build: ${report.buildSeconds} s${build.ok ? '' : ' (FAILED)'}`);
}
report.loadAverage = (await import('node:os')).loadavg().map((x) => +x.toFixed(2));
console.log(`load average: ${report.loadAverage.join(' ')}`);

const server = await startPreview();
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
report.pages = [];
try {
  for (const path of builtPages().filter((p) => !onlyPages || onlyPages.some((o) => p.includes(o)))) {
    const page = await browser.newPage();
    const loaded = new Map();
    page.on('response', async (response) => {
      const url = response.url();
      if (!url.endsWith('.js')) return;
      try { loaded.set(url, gzipSync(await response.body(), { level: 9 }).length); } catch { /* ignore */ }
    });
    await page.goto(server.url(path), { waitUntil: 'networkidle' });
    const inline = await page.$$eval('script:not([src])', (s) => s.map((el) => el.textContent ?? ''));
    const initialGz = [...loaded.values()].reduce((a, b) => a + b, 0) + gzipSync(inline.join('\n'), { level: 9 }).length;
    const initialFiles = loaded.size;
    let interactionGz = 0;
    let interactionFiles = [];
    let redrawMs = null;
    const slider = page.locator('fp-widget input[type=range]').first();
    if (await slider.count()) {
      const before = new Set(loaded.keys());
      const t0 = Date.now();
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('fp-widget')?.dataset.rendered, null, { timeout: 10000 });
      redrawMs = Date.now() - t0;
      await page.waitForLoadState('networkidle');
      interactionFiles = [...loaded.entries()].filter(([u]) => !before.has(u)).map(([u, gz]) => ({ file: u.replace(/.*\//, ''), gzipKiB: +(gz / 1024).toFixed(1) }));
      interactionGz = interactionFiles.reduce((a, f) => a + f.gzipKiB * 1024, 0);
    }
    const row = { path, initialJsFiles: initialFiles, initialJsGzipKiB: +(initialGz / 1024).toFixed(1), firstInteractionJsGzipKiB: +(interactionGz / 1024).toFixed(1), firstInteractionFiles: interactionFiles, firstRedrawMs: redrawMs, widgets: [] };
    report.pages.push(row);
    console.log(`${path.padEnd(32)} initial JS ${row.initialJsGzipKiB} KiB gz (${initialFiles} files)` + (redrawMs === null ? '' : `; first interaction +${row.firstInteractionJsGzipKiB} KiB gz, first redraw ${redrawMs} ms`));
    for (const id of process.argv.includes('--no-widgets') ? [] : await page.$$eval('fp-widget', (els) => els.map((e) => e.id))) {
      const w = await widgetLatency(page, id);
      if (!w) continue;
      row.widgets.push(w);
      const q = (x) => `${x.medianMs}/${x.p95Ms}`;
      const qq = (x) => `first ${q(x.first)}, complete ${q(x.complete)} ms (n=${x.complete.n}${x.partialDraws ? `, ${x.partialDraws} partial draws` : ''})`;
      console.log(`  #${id.padEnd(28)} median/p95 from input: steps ${qq(w.steps)}; cold jumps ${qq(w.jumps)}; back (cached) ${qq(w.back)}; drawing the figure ${q(w.draw)} ms; 2 s drag: ${w.longTasks} long tasks > 50 ms (max ${w.maxLongTaskMs} ms)`);
    }
    await page.close();
  }
  if (!process.argv.includes('--no-lighthouse')) {
    console.log(`\nLighthouse ${LIGHTHOUSE} (mobile defaults):`);
    for (const row of report.pages) {
      row.lighthouse = lighthouse(server.url(row.path), row.path);
      const l = row.lighthouse;
      console.log(`${row.path.padEnd(32)} ${l ? `perf ${l.performance} a11y ${l.accessibility} bp ${l.bestPractices} seo ${l.seo}; TBT ${l.tbtMs} ms, LCP ${l.lcpMs} ms` : 'FAILED'}`);
    }
  }
} finally {
  await browser.close();
  server.stop();
}

if (!process.argv.includes('--no-model')) modelBench(report);

if (!process.argv.includes('--no-test')) {
  const test = timed('npm', ['test']);
  report.npmTestSeconds = Number(test.seconds.toFixed(1));
  console.log(`\nnpm test: ${report.npmTestSeconds} s${test.ok ? '' : ' (FAILED)'}`);
}

mkdirSync('bench/out', { recursive: true });
writeFileSync(process.env.BENCH_REPORT || 'bench/out/report.json', JSON.stringify(report, null, 2));
console.log('\nwritten: bench/out/report.json');
