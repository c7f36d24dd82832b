import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';

// A computed sentence in a chapter ({cond ? <>…</> : <>…</>}) that MDX takes
// for a block of its own is not wrapped in a <p>: its text then sits loose in
// the page, with no paragraph spacing, and reads on from the block above.
// Every piece of text at the top level of a chapter's content must be inside
// a block element.
const dist = process.env.OUT_DIR || 'dist';
const INLINE = new Set(['A', 'CODE', 'STRONG', 'EM', 'SPAN', 'B', 'I', 'SUP', 'SUB', 'ABBR', 'KBD']);

function pages(): string[] {
  return readdirSync(dist)
    .map((name) => join(dist, name, 'index.html'))
    .filter((file) => existsSync(file));
}

describe('chapter text sits in paragraphs', () => {
  it('no chapter has loose text or inline elements at the top level of its content', () => {
    expect(existsSync(dist), `${dist} was built`).toBe(true);
    const loose: string[] = [];
    for (const file of pages()) {
      const { document } = parseHTML(readFileSync(file, 'utf8'));
      const content = document.querySelector('.sl-markdown-content');
      if (!content) continue;
      for (const node of Array.from(content.childNodes) as Node[]) {
        const inline = node.nodeType === 3 || (node.nodeType === 1 && INLINE.has((node as Element).tagName));
        const text = (node.textContent ?? '').trim();
        if (inline && text) loose.push(`${file}: ${text.slice(0, 80)}`);
      }
    }
    expect(loose).toEqual([]);
  });
});
