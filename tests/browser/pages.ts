import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every page of the built site, as a path relative to the site's base. */
export function builtPages(dist = process.env.OUT_DIR || 'dist'): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'pagefind' || name === '_astro' ? [] : walk(path);
      return name === 'index.html' ? [path] : [];
    });
  if (!existsSync(dist)) return [];
  return walk(dist).map((file) => file.slice(dist.length + 1).replace(/index\.html$/, '')).sort();
}
