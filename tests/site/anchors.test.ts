import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';

// Every page and every anchor in a page's content is part of a permalink
// somebody may have cited. This list is the site's public surface: a change
// to the stack or a chapter that drops a page or an anchor fails here. New
// pages and anchors pass; rewrite the list (UPDATE_ANCHORS=1 with the site
// checks) and commit it so that they are kept from then on, and do the same
// when a removal is intended.
const dist = process.env.OUT_DIR || 'dist';
const listFile = 'tests/site/pages-and-anchors.json';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['pagefind', '_astro'].includes(name) ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** Page path → the ids inside its <main>, sorted. */
function surface(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of htmlFiles(dist).sort()) {
    const { document } = parseHTML(readFileSync(file, 'utf8'));
    const main = document.querySelector('main');
    const page = file.slice(dist.length + 1).replace(/index\.html$/, '') || '/';
    out[page] = main ? [...new Set(Array.from(main.querySelectorAll('[id]')).map((el) => (el as Element).getAttribute('id')!))].sort() : [];
  }
  return out;
}

describe('the site keeps its pages and anchors', () => {
  it('every page and every anchor of the committed list is still there', () => {
    expect(existsSync(dist), `${dist} was built`).toBe(true);
    const now = surface();
    if (process.env.UPDATE_ANCHORS) writeFileSync(listFile, `${JSON.stringify(now, null, 1)}\n`);
    const before = JSON.parse(readFileSync(listFile, 'utf8')) as Record<string, string[]>;
    const lost: string[] = [];
    for (const [page, ids] of Object.entries(before)) {
      if (!now[page]) { lost.push(`${page} (the page)`); continue; }
      for (const id of ids) if (!now[page]!.includes(id)) lost.push(`${page}#${id}`);
    }
    expect(lost).toEqual([]);
  });
});
