// Builds Starlight's sidebar from the chapters' own frontmatter, so the
// reading order lives in one place: each file's `sidebar.order` and `part`.
// (Starlight's autogenerate cannot see a collection loaded from content/.)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';

export const CHAPTERS_DIR = 'content/chapters';

/** The parts of the site in reading order; a chapter names its part in frontmatter. */
export const PARTS = ['The story', 'Reference'];

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return /\.(md|mdx)$/.test(entry.name) && !entry.name.startsWith('_') ? [path] : [];
  });
}

export function readFrontmatter(path) {
  const text = readFileSync(path, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return match ? parse(match[1]) ?? {} : {};
}

/** Slug the glob loader gives a file: its path under content/chapters, no extension, lower case. */
export function slugOf(path, root = CHAPTERS_DIR) {
  return relative(root, path).split(sep).join('/').replace(/\.(md|mdx)$/, '').toLowerCase();
}

export function chapterSidebar(root = CHAPTERS_DIR) {
  const entries = walk(root)
    .map((path) => ({ path, slug: slugOf(path, root), data: readFrontmatter(path) }))
    .filter((e) => e.slug !== 'index' && e.data.part);
  for (const e of entries) {
    if (!PARTS.includes(e.data.part)) {
      throw new Error(`${e.path}: part "${e.data.part}" is not one of ${PARTS.join(', ')}`);
    }
    if (typeof e.data.sidebar?.order !== 'number') {
      throw new Error(`${e.path}: frontmatter needs sidebar.order (a number) to place it in the reading order`);
    }
  }
  return PARTS.map((label) => ({
    label,
    items: entries
      .filter((e) => e.data.part === label)
      .sort((a, b) => a.data.sidebar.order - b.data.sidebar.order)
      .map((e) => e.slug),
  })).filter((group) => group.items.length > 0);
}
