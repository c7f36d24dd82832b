import { describe, expect, it } from 'vitest';
import {
  ARTICLES, COMMITS, DOCS, KERNEL_VERSIONS, MESSAGES, MIRROR_TREES,
  commit, commitUrl, lore, message, messageByLabel, messageUrl, messagesByDate,
} from '../../src/reference/sources.ts';
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';

const duplicates = (xs: readonly string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

describe('sources: messages', () => {
  it('have unique keys and unique Message-IDs', () => {
    expect(duplicates(MESSAGES.map((m) => m.id))).toEqual([]);
    expect(duplicates(MESSAGES.map((m) => m.messageId.toLowerCase()))).toEqual([]);
  });

  it('carry full Message-IDs: local part @ domain, no brackets, no ellipsis', () => {
    for (const m of MESSAGES) {
      expect(m.messageId, m.id).toMatch(/^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/);
      expect(m.messageId, m.id).not.toMatch(/…|\.\.\./);
    }
  });

  it('have dates that parse and carry a time zone', () => {
    for (const m of MESSAGES) {
      expect(m.date, m.id).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
      expect(Number.isFinite(Date.parse(m.date)), m.id).toBe(true);
    }
  });

  it('name an author, a subject and a gist', () => {
    for (const m of MESSAGES) {
      expect(m.author.trim(), m.id).not.toBe('');
      expect(m.subject.trim(), m.id).not.toBe('');
      expect(m.gist.trim(), m.id).not.toBe('');
    }
  });

  it('link to lore only what is in the public archive, and explain the rest', () => {
    for (const m of MESSAGES) {
      if (m.inMirror) expect(messageUrl(m)).toBe(`https://lore.kernel.org/linux-mm/${m.messageId}/`);
      else {
        expect(messageUrl(m), m.id).toBeUndefined();
        expect(m.note, m.id).toBeTruthy();
      }
      if (m.knownFrom) expect(() => message(m.knownFrom!)).not.toThrow();
    }
  });

  it('keep the kernel-facts labels 4–45 of the public thread', () => {
    for (let n = 4; n <= 45; n++) expect(() => messageByLabel(String(n)), `#${n}`).not.toThrow();
    expect(messageByLabel('21').messageId).toBe('e9d8f7bb-2dfb-9da9-266c-1e57c128f1c5@redhat.com');
  });

  it('sort by date', () => {
    const times = messagesByDate().map((m) => Date.parse(m.date));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('sources: commits', () => {
  it('have unique keys and hashes', () => {
    expect(duplicates(COMMITS.map((c) => c.id))).toEqual([]);
    expect(duplicates(COMMITS.map((c) => c.hash))).toEqual([]);
  });

  it('give 40 hex digits unless marked abbreviated', () => {
    for (const c of COMMITS) {
      if (c.abbreviated) expect(c.hash, c.id).toMatch(/^[0-9a-f]{7,39}$/);
      else expect(c.hash, c.id).toMatch(/^[0-9a-f]{40}$/);
      expect(c.hash.startsWith(c.id), c.id).toBe(true);
      expect(c.title.trim()).not.toBe('');
    }
  });

  it('link to git.kernel.org', () => {
    expect(commitUrl(commit('f9054c70').hash)).toBe(
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=f9054c70d28bc214b2857cf8db8269f4f45a5e23',
    );
    expect(() => commit('deadbeef')).toThrow();
  });
});

describe('sources: trees, articles, docs', () => {
  it('cover every base kernel of the model, from a tree we name', () => {
    expect(KERNEL_VERSIONS.map((v) => v.version)).toEqual([...BASE_KERNELS]);
    const trees = new Set(MIRROR_TREES.map((t) => t.id));
    for (const v of KERNEL_VERSIONS) for (const t of v.linesFrom) expect(trees.has(t), `${v.version}: ${t}`).toBe(true);
  });

  it('have unique ids and https URLs', () => {
    expect(duplicates([...ARTICLES.map((a) => a.id), ...DOCS.map((d) => d.id)])).toEqual([]);
    for (const x of [...ARTICLES, ...DOCS]) expect(x.url, x.id).toMatch(/^https:\/\/[^\s]+$/);
  });

  it('build lore links from bare or bracketed ids', () => {
    expect(lore('<a@b.c>')).toBe('https://lore.kernel.org/linux-mm/a@b.c/');
    expect(lore('a@b.c')).toBe('https://lore.kernel.org/linux-mm/a@b.c/');
  });
});
