/**
 * SVG snapshot testing: numbers rounded to one decimal so that harmless
 * floating-point noise does not fail a test, a missing snapshot written on a
 * developer's machine (and a failure in CI), and a `-changed` file next to the
 * snapshot on mismatch so the difference can be opened and looked at.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '__snapshots__');

export function normalizeSvg(markup: string): string {
  return markup
    .replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10))
    .replace(/></g, '>\n<');
}

export function expectSvgSnapshot(name: string, markup: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.svg`);
  const changed = join(dir, `${name}-changed.svg`);
  const actual = normalizeSvg(markup);
  if (!existsSync(file)) {
    if (process.env.CI) throw new Error(`snapshot ${name}.svg is missing; run the tests locally and commit it`);
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  expect(actual, `figure ${name} changed; compare ${name}.svg with ${name}-changed.svg and replace it if the change is right`).toBe(expected);
}
