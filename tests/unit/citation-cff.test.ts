import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// CITATION.cff must be valid Citation File Format 1.2.0 and agree with package.json.
const cff = parse(readFileSync('CITATION.cff', 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('CITATION.cff', () => {
  it('has the keys CFF 1.2.0 requires', () => {
    expect(cff['cff-version']).toBe('1.2.0');
    for (const key of ['message', 'title', 'authors']) expect(cff[key], key).toBeTruthy();
    expect(typeof cff.message).toBe('string');
    expect(cff.title).toBe('Forward Progress');
  });

  it('names its authors as persons or entities', () => {
    const authors = cff.authors as Record<string, unknown>[];
    expect(Array.isArray(authors) && authors.length > 0).toBe(true);
    for (const a of authors) expect(typeof a.name === 'string' || typeof a['family-names'] === 'string').toBe(true);
    expect(authors.map((a) => a.name)).toContain('The Forward Progress contributors');
  });

  it('has a known type, the package version and a valid release date', () => {
    expect(['software', 'dataset']).toContain(cff.type);
    expect(String(cff.version)).toBe(pkg.version);
    const date = String(cff['date-released']);
    expect(date).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
  });

  it('uses only keys of the 1.2.0 schema and no placeholder URL', () => {
    const allowed = new Set([
      'abstract', 'authors', 'cff-version', 'commit', 'contact', 'date-released', 'doi', 'identifiers', 'keywords',
      'license', 'license-url', 'message', 'preferred-citation', 'references', 'repository', 'repository-artifact',
      'repository-code', 'title', 'type', 'url', 'version',
    ]);
    for (const key of Object.keys(cff)) expect(allowed.has(key), key).toBe(true);
    for (const key of ['url', 'repository', 'repository-code', 'repository-artifact', 'license-url']) {
      if (key in cff) expect(String(cff[key]), key).toMatch(/^https:\/\/(?!example\.|.*\b(TODO|placeholder|your-?org)\b)/i);
    }
  });
});
