import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The model's layers, bottom to top (models/README.md, "Layers"). A file may
// import its own layer and the layers below it, never one above: the twins
// (mm/, dm/, block/) run on the runtime and never see the machine that wires
// them together.
const SRC = 'models/src';
const LAYERS: { name: string; owns: (path: string) => boolean }[] = [
  { name: 'data', owns: (p) => p.startsWith('kernel/') || p === 'scenario/params.ts' },
  { name: 'runtime', owns: (p) => p.startsWith('runtime/') },
  { name: 'twins', owns: (p) => /^(mm|dm|block|env)\//.test(p) },
  { name: 'machine', owns: (p) => /^(sim|scenario|report|lab)\//.test(p) },
];

function layerOf(path: string): number {
  const i = LAYERS.findIndex((l) => l.owns(path));
  if (i < 0) throw new Error(`${path} belongs to no layer: add it to LAYERS and to the README`);
  return i;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of a file (static, dynamic and type-only), as a path under models/src. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)));
}

const files = sources(SRC).map((f) => ({ file: f, path: relative(SRC, f) }));

describe('layers of the model', () => {
  it('every source file belongs to a layer', () => {
    for (const { path } of files) expect(() => layerOf(path), path).not.toThrow();
  });

  it('no file imports a layer above its own', () => {
    const upward: string[] = [];
    for (const { file, path } of files) {
      const own = layerOf(path);
      for (const target of importsOf(file)) {
        if (target.startsWith('..')) continue;
        if (layerOf(target) > own) upward.push(`${path} (${LAYERS[own]!.name}) imports ${target} (${LAYERS[layerOf(target)]!.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no twin imports the machine', () => {
    const twins = files.filter(({ path }) => /^(mm|dm|block|env)\//.test(path));
    expect(twins.length).toBeGreaterThan(10);
    for (const { file, path } of twins) for (const target of importsOf(file)) expect(target.startsWith('sim/'), `${path} imports ${target}`).toBe(false);
  });
});
