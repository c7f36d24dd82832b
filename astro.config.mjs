// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { chapterSidebar, CHAPTERS_DIR } from './src/config/sidebar.mjs';
import { calendarStub, colorSchemeStub, computedAtBuild, drawingInWorkerStub, modelOnMainThreadStub, plotInWorkerStub, projectionStub, sourceRefsInWorkerStub, traceStepsInWorkerStub } from './src/client/bundleStubs.mjs';

// A fork deploys under its own address and sub-path: SITE_URL and BASE_PATH.
const site = process.env.SITE_URL || 'http://127.0.0.1:4321';
const base = process.env.BASE_PATH || '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  integrations: [
    starlight({
      title: 'Forward Progress',
      description:
        'Why Linux machines swapping to dm-crypt in 2016 were OOM-killed with swap nearly empty, or crawled for dozens of minutes: an explorable, citable explanation with a seeded simulation of the kernel mechanisms.',
      favicon: '/favicon.svg',
      markdown: { processedDirs: [`./${CHAPTERS_DIR}`] },
      sidebar: chapterSidebar(),
      customCss: ['./src/styles/site.css', './src/client/offscreen.css'],
      lastUpdated: false,
      // Long commands wrap instead of scrolling sideways (phones, and axe's scrollable-region rule).
      expressiveCode: { defaultProps: { wrap: true } },
      pagination: true,
    }),
    mdx(),
  ],
  vite: {
    build: { chunkSizeWarningLimit: 600 },
    // What the first input loads (src/client/bundleStubs.mjs): the page's
    // bundle draws and never runs the model, the worker's runs the model and
    // never draws, no figure uses a map projection, a colour scheme or a
    // calendar scale, and the Today figure's model line is computed with the site.
    plugins: [
      modelOnMainThreadStub(), projectionStub(), colorSchemeStub(), ...calendarStub(),
      computedAtBuild(new URL('./src/widgets/today/modelLine.ts', import.meta.url), ['modelV49Line']),
    ],
    // The model worker imports widget definitions lazily, so it needs ES module output.
    worker: { format: 'es', plugins: () => [plotInWorkerStub(), drawingInWorkerStub(), sourceRefsInWorkerStub(), traceStepsInWorkerStub()] },
  },
});
