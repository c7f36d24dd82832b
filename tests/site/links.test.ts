import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parseHTML } from 'linkedom';

// Every internal link and anchor in the built site must lead somewhere.
const dist = process.env.OUT_DIR || 'dist';
const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'pagefind' ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const pages = new Map<string, { ids: Set<string>; links: string[] }>();
for (const file of existsSync(dist) ? htmlFiles(dist) : []) {
  const { document } = parseHTML(readFileSync(file, 'utf8'));
  const url = base + file.slice(dist.length + 1).replace(/index\.html$/, '').replace(/\\/g, '/');
  const ids = new Set(Array.from(document.querySelectorAll('[id]')).map((el) => (el as Element).getAttribute('id')!));
  const links = Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'))
    .map((el) => (el as Element).getAttribute('href') ?? (el as Element).getAttribute('src')!);
  pages.set(url, { ids, links });
}

function resolveTarget(from: string, href: string): { path: string; hash: string } | undefined {
  if (/^(?:[a-z]+:)?\/\//i.test(href) || /^(mailto|data|javascript):/i.test(href)) return undefined;
  const [pathPart = '', hash = ''] = href.split('#');
  const path = pathPart === '' ? from : pathPart.startsWith('/') ? pathPart : posix.join(posix.dirname(from.endsWith('/') ? `${from}x` : from), pathPart);
  return { path: decodeURI(path.split('?')[0]!), hash: decodeURIComponent(hash) };
}

function existsInDist(path: string): boolean {
  if (!path.startsWith(base)) return false;
  const rel = path.slice(base.length);
  const file = join(dist, rel);
  return (existsSync(file) && statSync(file).isFile()) || existsSync(join(file, 'index.html'));
}

describe('the built site', () => {
  it('has pages', () => {
    expect(pages.size).toBeGreaterThan(2);
  });

  it('has no broken internal link or anchor', () => {
    const broken: string[] = [];
    for (const [url, page] of pages) {
      for (const href of page.links) {
        const target = resolveTarget(url, href);
        if (!target) continue;
        if (!existsInDist(target.path)) {
          broken.push(`${url}: ${href} (no such page)`);
          continue;
        }
        const key = target.path.endsWith('/') ? target.path : target.path.replace(/\/index\.html$/, '/');
        const targetPage = pages.get(key);
        if (target.hash && targetPage && !targetPage.ids.has(target.hash)) broken.push(`${url}: ${href} (no #${target.hash})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
