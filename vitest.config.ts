import { defineConfig } from 'vitest/config';

// Unit, model, figure-snapshot and lab-parser tests: no build, no browser.
// Tests of the built site live in tests/site (vitest.site.config.ts) and
// tests/browser (playwright.config.ts); scripts/test.mjs runs all three.
export default defineConfig({
  test: {
    include: ['tests/{unit,model,figures,lab}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    env: { TZ: 'UTC' },
  },
});
