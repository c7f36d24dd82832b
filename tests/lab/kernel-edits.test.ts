/**
 * Every kernel the lab builds (lab/kernels/<id>/source.env) names a pinned tree
 * and a list of edits. The edits must apply to that tree's files: checked here on
 * the few original files they touch (tests/lab/fixtures/kernel-files, with the
 * mirror's commit and blob id in MANIFEST), without the tree itself.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kernelsDir = join(root, 'lab', 'kernels');
const filesDir = join(root, 'tests', 'lab', 'fixtures', 'kernel-files');

interface Pin { id: string; version: string; commit: string; edits: string[] }

function readEnv(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_0-9]+)=(.*)$/.exec(line);
    if (m) out[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, '$1');
  }
  return out;
}

const pins: Pin[] = readdirSync(kernelsDir)
  .filter((d) => existsSync(join(kernelsDir, d, 'source.env')))
  .sort()
  .map((id) => {
    const e = readEnv(join(kernelsDir, id, 'source.env'));
    return { id, version: e.KERNEL_VERSION ?? '', commit: e.COMMIT ?? '', edits: (e.EDITS ?? '').split(/\s+/).filter(Boolean) };
  });

interface FileEntry { version: string; path: string; commit: string; sha256: string; gzip: boolean }
const manifest: FileEntry[] = readFileSync(join(filesDir, 'MANIFEST'), 'utf8').trim().split('\n').map((l) => {
  const [version, path, ...kv] = l.split(' ');
  const f = Object.fromEntries(kv.map((x) => x.split('=') as [string, string]));
  return { version: version as string, path: path as string, commit: f.commit ?? '', sha256: f.sha256 ?? '', gzip: f.stored === 'gzip' };
});

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
/** The edit scripts run python3 (as the build does); without it the tests that apply them are skipped. */
const hasPython = ((): boolean => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
const tmp: string[] = [];
afterAll(() => { for (const d of tmp) rmSync(d, { recursive: true, force: true }); });

/** An original file as the tree has it (larger ones are stored gzipped). */
const original = (f: FileEntry): Buffer => {
  const raw = readFileSync(join(filesDir, f.version, f.gzip ? `${f.path}.gz` : f.path));
  return f.gzip ? gunzipSync(raw) : raw;
};
/** A fake tree with the original files of one version; returns its path. */
function tree(version: string): string {
  const d = mkdtempSync(join(tmpdir(), 'lab-edits-'));
  tmp.push(d);
  cpSync(join(filesDir, version), d, { recursive: true });
  for (const f of manifest) if (f.version === version && f.gzip) {
    writeFileSync(join(d, f.path), original(f));
    rmSync(join(d, `${f.path}.gz`));
  }
  return d;
}
const apply = (edit: string, t: string): void => {
  execFileSync('sh', [join(kernelsDir, edit), t], { stdio: 'pipe' });
};
/** The text of one C function, from its signature to the closing brace at column 0. */
function cFunction(src: string, signature: string): string {
  const i = src.indexOf(signature);
  if (i < 0) throw new Error(`no ${signature}`);
  return src.slice(i, src.indexOf('\n}\n', i) + 3);
}

describe('kernel pins and edits', () => {
  it('the lab builds 4.6.2, 4.6.2+revert, 4.7.4, 4.7.4-f9054c70, its three patched variants and 4.8.15', () => {
    expect(pins.map((p) => p.id)).toEqual(expect.arrayContaining(['4.6.2', '4.6.2+revert', '4.7.4', '4.7.4-f9054c70', '4.8.15',
      '4.7.4-f9054c70+throttle-noretry', '4.7.4-f9054c70+mempool-less-throttle',
      '4.7.4-f9054c70+mempool-less-throttle+throttle-skip-less-throttle']));
  });

  it('the original files are the pinned ones (sha256 and commit in MANIFEST)', () => {
    for (const f of manifest) {
      expect(sha256(original(f)), `${f.version} ${f.path}`).toBe(f.sha256);
      const pin = pins.find((p) => p.version === f.version && p.commit === f.commit);
      expect(pin, `a kernel id pins ${f.version} at ${f.commit}`).toBeDefined();
    }
  });

  it.skipIf(!hasPython).each(pins.map((p) => [p.id, p] as const))('%s: every edit names the upstream idea it carries, and applies once', (_id, pin) => {
    const t = tree(pin.version);
    expect(pin.edits.length).toBeGreaterThan(0);
    for (const e of pin.edits) {
      const text = readFileSync(join(kernelsDir, e), 'utf8');
      // an upstream commit id, or the Message-ID of the mail that proposed it
      expect(text).toMatch(/Carries the idea of (upstream [0-9a-f]{12}|f9054c70)|Carries the idea of [^\n]*\n(# [^\n]*\n)?# \(Message-ID: \S+@\S+;/);
      apply(e, t);
    }
    // applying the same edits again must fail: an edit never lands twice or on the wrong text
    for (const e of pin.edits) expect(() => apply(e, t)).toThrow();
  });

  it('every id has a committed config with HZ stated, no modules, no memory cgroups, sysrq and KALLSYMS', () => {
    for (const p of pins) {
      const cfg = readFileSync(join(kernelsDir, p.id, 'config'), 'utf8');
      expect(cfg, p.id).toMatch(/^CONFIG_HZ=1000$/m);
      expect(cfg, p.id).toMatch(/^# CONFIG_MODULES is not set$/m);
      expect(cfg, p.id).toMatch(/^# CONFIG_MEMCG is not set$/m);
      for (const o of ['MAGIC_SYSRQ', 'KALLSYMS', 'DM_CRYPT', 'CRYPTO_XTS', 'CRYPTO_AES_NI_INTEL', 'VIRTIO_BLK', 'SERIAL_8250_CONSOLE', 'KEYBOARD_ATKBD']) {
        expect(cfg, `${p.id} ${o}`).toMatch(new RegExp(`^CONFIG_${o}=y$`, 'm'));
      }
      if (p.version === '4.7.4') expect(cfg).toMatch(/^# CONFIG_SCHED_CASIO_POLICY is not set$/m);
    }
  });

  it.skipIf(!hasPython)('the linker edit adds a 2 MiB max page size for x86_64 only', () => {
    const t = tree('4.6.2');
    apply('common/edits/10-ld-max-page-size.sh', t);
    const mk = readFileSync(join(t, 'arch/x86/Makefile'), 'utf8');
    expect(mk).toMatch(/LDFLAGS := -m elf_\$\(UTS_MACHINE\)\n# lab edit[^\n]*\nifeq \(\$\(CONFIG_X86_64\),y\)\nLDFLAGS \+= -z max-page-size=0x200000\nendif\n/);
  });

  it.skipIf(!hasPython)('4.6.2+revert: mempool_alloc becomes the one 4.7.4 ships (the revert of f9054c70)', () => {
    const t = tree('4.6.2');
    apply('4.6.2+revert/edits/20-mempool-revert-f9054c70.sh', t);
    const got = readFileSync(join(t, 'mm/mempool.c'), 'utf8');
    const want = readFileSync(join(filesDir, '4.7.4', 'mm/mempool.c'), 'utf8');
    expect(cFunction(got, 'void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n{'))
      .toBe(cFunction(want, 'void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n{'));
    expect(got).toContain('\tgfp_mask |= __GFP_NOMEMALLOC;\t/* don\'t allocate emergency reserves */\n');
  });

  it.skipIf(!hasPython)('4.7.4-f9054c70: mempool_alloc becomes the one 4.6.2 ships (f9054c70 back in)', () => {
    const t = tree('4.7.4');
    apply('4.7.4-f9054c70/edits/20-mempool-reapply-f9054c70.sh', t);
    const got = readFileSync(join(t, 'mm/mempool.c'), 'utf8');
    const want = readFileSync(join(filesDir, '4.6.2', 'mm/mempool.c'), 'utf8');
    expect(cFunction(got, 'void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n{'))
      .toBe(cFunction(want, 'void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n{'));
    expect(got).toContain('\t\tgfp_temp |= __GFP_NOMEMALLOC;\n');
  });

  it.skipIf(!hasPython)('the patched variants: early returns in throttle_vm_writeout, PF_LESS_THROTTLE around mempool_alloc', () => {
    const t = tree('4.7.4');
    const id = '4.7.4-f9054c70+mempool-less-throttle+throttle-skip-less-throttle';
    for (const e of pins.find((p) => p.id === id)!.edits) apply(e, t);
    const pw = readFileSync(join(t, 'mm/page-writeback.c'), 'utf8');
    expect(cFunction(pw, 'void throttle_vm_writeout(gfp_t gfp_mask)\n{')).toContain('\tif (current->flags & PF_LESS_THROTTLE)\n\t\treturn;\n');
    const mp = readFileSync(join(t, 'mm/mempool.c'), 'utf8');
    const wrapper = cFunction(mp, 'void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)\n{');
    expect(wrapper).toContain('element = mempool_alloc_unthrottled(pool, gfp_mask);');
    expect(mp.indexOf('static void *mempool_alloc_unthrottled(')).toBeLessThan(mp.indexOf(wrapper));
    const t2 = tree('4.7.4');
    for (const e of pins.find((p) => p.id === '4.7.4-f9054c70+throttle-noretry')!.edits) apply(e, t2);
    expect(cFunction(readFileSync(join(t2, 'mm/page-writeback.c'), 'utf8'), 'void throttle_vm_writeout(gfp_t gfp_mask)\n{'))
      .toContain('\tif (gfp_mask & __GFP_NORETRY)\n\t\treturn;\n');
  });
});
