import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { freePort } from './scripts/preview.mjs';

// A port nobody uses (npm test passes one in PREVIEW_PORT): a server left
// over from another run must not make this one fail.
const port = Number(process.env.PREVIEW_PORT || (await freePort()));
// The workers read this config again: they must find the same port.
process.env.PREVIEW_PORT = String(port);
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
// OUT_DIR tests another build than dist/.
const outDir = process.env.OUT_DIR ? ` --outDir ${process.env.OUT_DIR}` : '';

export default defineConfig({
  testDir: 'tests/browser',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 90_000,
  // Assertions wait on the page's own state; on a loaded machine a model run
  // can take many seconds, so no assertion may give up after the default 5 s.
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: '.playwright-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  webServer: {
    // --ignore-lock: Astro 7 refuses a second preview of one project unless told it may run alongside.
    command: `node_modules/.bin/astro preview --ignore-lock --host 127.0.0.1 --port ${port}${outDir}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
  },
});
