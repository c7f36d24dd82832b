// npm test: everything, in the order the pieces depend on each other.
//   1. unit, model, figure-snapshot and lab-parser tests (vitest)
//   2. type-check everything (astro check: TypeScript and .astro files)
//   3. build the site
//   4. checks over the built HTML: links and anchors (vitest)
//   5. browser tests against the built site in Chromium (Playwright)
// Installs the locked dependencies and a Chromium first when they are
// missing. Prints one closing line, "N passed, N failed", computed from the
// runners' JSON reports, and writes it to .test-summary.json.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureChromium } from './chromium.mjs';
import { freePort } from './preview.mjs';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
process.env.TZ = 'UTC';
ensureDeps();

const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function run(label, cmd, args) {
  console.log(`\n== ${label}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  stages.push({ label, status: result.status, seconds: (Date.now() - started) / 1000 });
  return result.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function countVitest(path, label) {
  const report = readJson(path);
  if (!report) {
    totals.failed += 1;
    console.error(`[test] ${label}: no report was written (${path}); counted as one failure`);
    return;
  }
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(path) {
  const report = readJson(path);
  if (!report?.stats) {
    totals.failed += 1;
    console.error('[test] browser tests: no report was written; counted as one failure');
    return;
  }
  totals.passed += report.stats.expected ?? 0;
  totals.failed += (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0);
  totals.skipped += report.stats.skipped ?? 0;
  for (const error of report.errors ?? []) console.error(`[test] browser tests: ${error.message ?? error}`);
  if ((report.errors ?? []).length) totals.failed += report.errors.length;
}

for (const f of ['.vitest-report.json', '.vitest-site-report.json', '.playwright-report.json']) rmSync(f, { force: true });

const vitestArgs = (config, out) => ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`];
run('unit and model tests', 'npx', vitestArgs('vitest.config.ts', '.vitest-report.json'));
countVitest('.vitest-report.json', 'unit and model tests');

if (!run('type-check', 'node_modules/.bin/astro', ['check', '--minimumSeverity', 'error'])) {
  totals.failed += 1;
  console.error('[test] astro check found type errors; counted as one failure');
}

const built = run('build the site', 'node_modules/.bin/astro', ['build']);
if (!built) {
  totals.failed += 1;
  console.error('[test] the site did not build; its checks and browser tests were not run');
} else {
  run('built-site checks', 'npx', vitestArgs('vitest.site.config.ts', '.vitest-site-report.json'));
  countVitest('.vitest-site-report.json', 'built-site checks');
  let chromium;
  try {
    chromium = ensureChromium();
    process.env.CHROME_PATH = chromium;
  } catch (error) {
    totals.failed += 1;
    console.error(`[test] ${error.message}`);
  }
  if (chromium) {
    // A port nobody is using: a preview server left over from another run must not fail this one.
    process.env.PREVIEW_PORT ||= String(await freePort());
    run('browser tests', 'npx', ['playwright', 'test']);
    countPlaywright('.playwright-report.json');
  }
}

console.log('\n' + stages.map((s) => `  ${s.label.padEnd(24)} ${s.status === 0 ? 'ok    ' : 'FAILED'} ${s.seconds.toFixed(1)} s`).join('\n'));
const line = `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : '');
writeFileSync('.test-summary.json', JSON.stringify({ ...totals, line, stages }, null, 2));
console.log(line);
process.exit(totals.failed === 0 && stages.every((s) => s.status === 0) ? 0 : 1);
