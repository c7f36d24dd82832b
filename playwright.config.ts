import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const port = Number(process.env.PREVIEW_PORT || 4399);
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
// OUT_DIR tests another build than dist/.
const outDir = process.env.OUT_DIR ? ` --outDir ${process.env.OUT_DIR}` : '';

export default defineConfig({
  testDir: 'tests/browser',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '.playwright-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `node_modules/.bin/astro preview --host 127.0.0.1 --port ${port}${outDir}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
  },
});
