/**
 * The chapters as text, read from content/chapters at build time, so the
 * glossary can say where each term appears and the citation page can list
 * every chapter. Only files that become pages are listed (the glob loader's
 * rule: .md/.mdx, no leading underscore).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAPTERS_DIR, PARTS, readFrontmatter, slugOf } from '../config/sidebar.mjs';

export interface ChapterText {
  slug: string;
  title: string;
  part?: string;
  order: number;
  /** The body without frontmatter and import lines. */
  text: string;
}

/** Pages that are about the chapters rather than part of them. */
export const REFERENCE_SLUGS = ['index', 'references', 'glossary', 'how-to-cite'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path);
    return /\.(md|mdx)$/.test(e.name) && !e.name.startsWith('_') ? [path] : [];
  });
}

/** Every chapter page in reading order (parts in order, then sidebar order). */
export function readChapters(root = CHAPTERS_DIR): ChapterText[] {
  return files(root)
    .map((path) => {
      const data = readFrontmatter(path) as { title?: string; part?: string; sidebar?: { order?: number }; draft?: boolean };
      const body = readFileSync(path, 'utf8').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, '');
      const text = body.split('\n').filter((line) => !/^\s*(import|export)\s/.test(line)).join('\n');
      return { slug: slugOf(path, root), title: data.title ?? slugOf(path, root), part: data.part, order: data.sidebar?.order ?? 0, text, draft: data.draft };
    })
    .filter((c) => !c.draft)
    .map(({ draft: _draft, ...c }) => c)
    .sort((a, b) => {
      const pa = a.part ? PARTS.indexOf(a.part) : -1;
      const pb = b.part ? PARTS.indexOf(b.part) : -1;
      return pa - pb || a.order - b.order || a.slug.localeCompare(b.slug);
    });
}

/** The story's chapters and the Lab: the pages a glossary term can point to. */
export function storyChapters(root = CHAPTERS_DIR): ChapterText[] {
  return readChapters(root).filter((c) => !REFERENCE_SLUGS.includes(c.slug));
}

/** Chapters whose text matches any of the patterns. */
export function chaptersMentioning(patterns: readonly RegExp[], chapters: readonly ChapterText[]): ChapterText[] {
  return chapters.filter((c) => patterns.some((p) => new RegExp(p.source, p.flags.replace('g', '')).test(c.text)));
}
