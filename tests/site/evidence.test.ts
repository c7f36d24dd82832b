import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';

// A reader must be able to tell what 2016 reported from what is only
// inferred, wherever a 2016 outcome row appears, and every chapter of the
// story ends with its "Sources and confidence" note.
const dist = process.env.OUT_DIR || 'dist';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'pagefind' ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const pages = (existsSync(dist) ? htmlFiles(dist) : []).map((file) => ({ file, document: parseHTML(readFileSync(file, 'utf8')).document }));
const page = (slug: string) => pages.find((p) => p.file === join(dist, slug, 'index.html'));
const EVIDENCE = ['reported', 'inferred'];

/** The chapters whose frontmatter puts them in "The story" (and the Model page, which presents the 2016 table). */
function storyChapters(): string[] {
  const dir = 'content/chapters';
  const story = readdirSync(dir).filter((f) => f.endsWith('.mdx') && /^part:\s*The story\s*$/m.test(readFileSync(join(dir, f), 'utf8').split(/^---$/m)[1] ?? ''));
  return [...story.map((f) => f.replace(/\.mdx$/, '')), 'model'];
}

/** Tables that present 2016 outcomes: their caption or column headings speak of 2016. */
function tables2016(document: Document): Element[] {
  return Array.from(document.querySelectorAll('table')).filter((t) => {
    const head = [t.querySelector('caption'), ...Array.from(t.querySelectorAll('thead th'))].map((e) => e?.textContent ?? '').join(' ');
    return /2016/.test(head);
  });
}

describe('evidence classes in the built site', () => {
  it('the incident and the Model page show both reported and inferred rows', () => {
    for (const slug of ['the-incident', 'model']) {
      const p = page(slug);
      expect(p, `${slug} was built`).toBeDefined();
      const classes = Array.from(p!.document.querySelectorAll('tr[data-outcome-row]')).map((r) => (r as Element).getAttribute('data-evidence'));
      expect(new Set(classes), slug).toEqual(new Set(EVIDENCE));
    }
  });

  it('every body row of a table about 2016 outcomes carries its evidence class, visibly', () => {
    const missing: string[] = [];
    let rows = 0;
    for (const { file, document } of pages) {
      for (const table of tables2016(document)) {
        for (const tr of Array.from(table.querySelectorAll('tbody tr')) as Element[]) {
          if (tr.querySelector('th[scope="colgroup"]')) continue; // a group's heading row
          rows += 1;
          const evidence = tr.getAttribute('data-evidence') ?? '';
          const badge = tr.querySelector('[data-evidence-badge]');
          const name = `${file}: ${(tr.querySelector('th')?.textContent ?? '').trim().slice(0, 60)}`;
          if (!EVIDENCE.includes(evidence)) missing.push(`${name} (no data-evidence)`);
          else if (badge?.getAttribute('data-evidence-badge') !== evidence || !new RegExp(evidence, 'i').test(badge.textContent ?? '')) missing.push(`${name} (no visible "${evidence}" badge)`);
        }
      }
    }
    expect(rows).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('every chapter of the story ends with a Sources and confidence note listing reported, inferred and modelled claims', () => {
    const story = storyChapters().map((slug) => ({ file: slug, document: page(slug)?.document }));
    expect(story.length).toBeGreaterThanOrEqual(10);
    const bad: string[] = [];
    for (const { file, document } of story) {
      if (!document) { bad.push(`${file}: not built`); continue; }
      const heading = document.querySelector('h2#sources-and-confidence');
      const note = document.querySelector('[data-provenance]');
      if (!heading || !note) { bad.push(`${file}: no note`); continue; }
      for (const ev of ['reported', 'inferred', 'modelled']) if (!note.querySelector(`section[data-evidence="${ev}"]`)) bad.push(`${file}: no ${ev} list`);
      if (!note.querySelector('section[data-evidence="reported"] li a[href]')) bad.push(`${file}: a reported claim without a link`);
    }
    expect(bad).toEqual([]);
  });
});
