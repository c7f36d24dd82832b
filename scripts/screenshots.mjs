// Screenshots of built pages for a human to look at: light and dark, phone
// and desktop widths. Usage: node scripts/run.mjs scripts/screenshots.mjs [outDir] [path ...]
// (serves dist/ itself with astro preview).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';
import { startPreview } from './preview.mjs';

const [outDir = 'screenshots', ...paths] = process.argv.slice(2);
const pages = paths.length ? paths : ['/', '/watermarks-and-reserves/'];
mkdirSync(outDir, { recursive: true });
const server = await startPreview();
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
try {
  for (const path of pages) {
    for (const scheme of ['light', 'dark']) {
      for (const width of [390, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
        const page = await context.newPage();
        await page.goto(server.url(path), { waitUntil: 'networkidle' });
        const name = `${outDir}/${path.replace(/\W+/g, '_') || 'home'}-${scheme}-${width}.png`;
        await page.screenshot({ path: name, fullPage: true });
        console.log(name);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.stop();
}
