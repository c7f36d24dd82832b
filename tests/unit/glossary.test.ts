import { describe, expect, it } from 'vitest';
import * as F from '@forward-progress/model/mm/flags';
import { GLOSSARY, formatValue } from '../../src/reference/glossary.ts';
import { chaptersMentioning, readChapters, storyChapters } from '../../src/reference/chapterIndex.ts';

describe('glossary', () => {
  it('gives every entry and alias a unique anchor', () => {
    const ids = GLOSSARY.flatMap((e) => [e.id, ...(e.aliases ?? [])]);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z_][a-z0-9_-]*$/);
  });

  it('covers the terms the brief asks for', () => {
    const ids = new Set(GLOSSARY.flatMap((e) => [e.id, ...(e.aliases ?? [])]));
    for (const id of ['gfp_kernel', 'gfp_noio', 'gfp_nowait', 'gfp_atomic', '__gfp_direct_reclaim', '__gfp_kswapd_reclaim',
      '__gfp_io', '__gfp_fs', '__gfp_noretry', '__gfp_high', '__gfp_memalloc', '__gfp_nomemalloc', 'pf_memalloc',
      'pf_less_throttle', 'pf_kswapd', 'pf_wq_worker', 'alloc_wmark_min', 'alloc_wmark_low', 'alloc_wmark_high', 'alloc_high',
      'alloc_harder', 'alloc_no_watermarks', 'watermarks', 'lowmem_reserve', 'min_free_kbytes', 'mempool', 'kswapd',
      'direct-reclaim', 'writeback', 'nr_writeback', 'dirtyable-memory', 'throttle_vm_writeout', 'congestion_wait',
      'tif_memdie', 'oom-killer', 'oom-reaper', 'dm-crypt', 'kcryptd', 'dmcrypt_write', 'page_pool', 'bioset']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('takes flag values from the model, which uses the kernel bits', () => {
    const byId = new Map(GLOSSARY.map((e) => [e.id, e]));
    expect(byId.get('pf_memalloc')!.value!.n).toBe(F.PF_MEMALLOC);
    expect(byId.get('__gfp_nomemalloc')!.value!.n).toBe(F.__GFP_NOMEMALLOC);
    expect(formatValue(byId.get('gfp_noio')!.value!)).toBe('0x2400000 = __GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM');
    expect(formatValue(byId.get('pf_memalloc')!.value!)).toBe('0x800');
  });

  it('links definitions at v4.6 on elixir, to a line', () => {
    for (const e of GLOSSARY) {
      expect(e.defs.length, e.id).toBeGreaterThan(0);
      for (const d of e.defs) expect(d.url, e.id).toMatch(/^https:\/\/elixir\.bootlin\.com\/linux\/v4\.6\/source\/[\w./-]+#L\d+(-L\d+)?$/);
    }
  });

  it('finds chapters by whole identifiers, not parts of longer ones', () => {
    const gfpIo = GLOSSARY.find((e) => e.id === '__gfp_io')!;
    const fake = [{ slug: 'a', title: 'A', order: 1, text: 'uses __GFP_IO here' }, { slug: 'b', title: 'B', order: 2, text: 'only GFP_NOIO and __GFP_IOX' }];
    expect(chaptersMentioning(gfpIo.match, fake).map((c) => c.slug)).toEqual(['a']);
  });

  it('scans only real chapter pages, never the reference pages', () => {
    const all = readChapters().map((c) => c.slug);
    expect(all).toContain('watermarks-and-reserves');
    const story = storyChapters().map((c) => c.slug);
    for (const s of ['index', 'glossary', 'references', 'how-to-cite']) expect(story).not.toContain(s);
  });
});
