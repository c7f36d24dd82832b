import { describe, expect, it } from 'vitest';
import { buildKernel } from '../../models/src/kernel/kernels.ts';
import { allocPagesDirectReclaim, allocPagesSlowpath, type AllocEnv, type CtxWithTree } from '../../models/src/mm/pageAlloc.ts';
import { drainAllPages, makeZone, type Zone } from '../../models/src/mm/zone.ts';
import { ALLOC_CPUSET, ALLOC_NO_WATERMARKS, ALLOC_WMARK_MIN, GFP_NOIO, __GFP_NORETRY, PF_MEMALLOC } from '../../models/src/mm/flags.ts';
import { explain } from '../../models/src/runtime/trace.ts';

type Tree = 'v4.6' | 'v4.7-rc6' | 'v4.8';
const ctxFor = (tree: Tree): CtxWithTree => ({
  task: { name: 'kcryptd', pf: 0, memdie: false, cpuDebtUs: 0 },
  policy: buildKernel(tree).policy,
  hz: 1000,
  trace: [],
  tree,
});

/**
 * A fake machine: reclaim returns `progress`; the freelist has a page only
 * `pagesBeforeDrain` times before a drain and `pagesAfterDrain` after it.
 */
function envFor(progress: number, pagesBeforeDrain: number, pagesAfterDrain: number) {
  const log: string[] = [];
  let drained = false;
  let before = pagesBeforeDrain;
  let after = pagesAfterDrain;
  const env: AllocEnv = {
    getPageFromFreelist(flags) {
      log.push(`freelist${flags & ALLOC_NO_WATERMARKS ? ' no-wmarks' : ''}`);
      if (!drained && before > 0) { before--; return 1; }
      if (drained && after > 0) { after--; return 1; }
      return -1;
    },
    wakeAllKswapds() {},
    *tryToFreePages(c) {
      log.push(`reclaim pf_memalloc=${(c.task.pf & PF_MEMALLOC) !== 0}`);
      return progress;
    },
    drainAllPages() {
      log.push('drain');
      drained = true;
    },
    zonesForRetry: () => [],
    writebacksDone: () => 0,
    *outOfMemory() {
      log.push('oom');
      return false;
    },
  };
  return { env, log };
}

function run<T>(g: Generator<unknown, T, void>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

// __alloc_pages_direct_reclaim: page_alloc.c 4.6:3015–3042, 4.7:3373, 4.8:3220.
describe('allocPagesDirectReclaim decision table', () => {
  const flags = ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_NO_WATERMARKS;
  const rows: { name: string; progress: number; before: number; after: number; z: number; log: string[] }[] = [
    { name: 'no progress: NULL at once, no freelist try, no drain', progress: 0, before: 5, after: 5, z: -1, log: ['reclaim pf_memalloc=true'] },
    { name: 'progress and a page: no drain', progress: 3, before: 1, after: 0, z: 1, log: ['reclaim pf_memalloc=true', 'freelist'] },
    { name: 'progress, no page: drain_all_pages and one more try that succeeds', progress: 3, before: 0, after: 1, z: 1, log: ['reclaim pf_memalloc=true', 'freelist', 'drain', 'freelist'] },
    { name: 'progress, no page even after the drain: NULL after exactly one drain', progress: 3, before: 0, after: 0, z: -1, log: ['reclaim pf_memalloc=true', 'freelist', 'drain', 'freelist'] },
  ];
  for (const tree of ['v4.6', 'v4.7-rc6', 'v4.8'] as Tree[])
    for (const row of rows)
      it(`${tree}: ${row.name}`, () => {
        const { env, log } = envFor(row.progress, row.before, row.after);
        const r = run(allocPagesDirectReclaim(ctxFor(tree), env, GFP_NOIO, flags));
        expect(r).toEqual({ z: row.z, progress: row.progress });
        expect(log).toEqual(row.log);
      });

  it('the freelist tries never use ALLOC_NO_WATERMARKS', () => {
    const { env, log } = envFor(1, 0, 0);
    run(allocPagesDirectReclaim(ctxFor('v4.6'), env, GFP_NOIO, flags));
    expect(log.filter((l) => l.includes('no-wmarks'))).toEqual([]);
  });

  it('the trace cites the zero-progress return at its line per tree', () => {
    const lines: Record<Tree, number> = { 'v4.6': 3023, 'v4.7-rc6': 3381, 'v4.8': 3228 };
    for (const tree of Object.keys(lines) as Tree[]) {
      const ctx = ctxFor(tree);
      const { env } = envFor(0, 0, 0);
      const { steps } = explain(ctx, allocPagesDirectReclaim(ctx, env, GFP_NOIO, flags));
      expect(steps.some((s) => s.ref.line === lines[tree] && s.ref.path === 'mm/page_alloc.c')).toBe(true);
    }
  });
});

describe('the slow path after a zero-progress reclaim', () => {
  it('GFP_NOIO|__GFP_NORETRY fails without a freelist try after reclaim (kernel: noretry), even if a page would be there', () => {
    // freelist: the first two tries (min mark, no-wmarks not allowed) fail; after reclaim a page would be free.
    const log: string[] = [];
    let calls = 0;
    const env: AllocEnv = {
      getPageFromFreelist() { calls++; log.push('freelist'); return calls > 1 ? 1 : -1; },
      wakeAllKswapds() {},
      *tryToFreePages() { log.push('reclaim'); return 0; },
      drainAllPages() { log.push('drain'); },
      zonesForRetry: () => [],
      writebacksDone: () => 0,
      *outOfMemory() { log.push('oom'); return false; },
    };
    const z = run(allocPagesSlowpath(ctxFor('v4.7-rc6'), env, GFP_NOIO | __GFP_NORETRY));
    expect(z).toBe(-1);
    expect(log).toEqual(['freelist', 'reclaim']);
  });
});

// drain_all_pages → free_pcppages_bulk zeroes NR_PAGES_SCANNED (page_alloc.c 4.6:836, 4.7:1087, 4.8:1079 per node).
describe('drainAllPages', () => {
  const zone = (idx: number, pcp: number, scanned: number): Zone => {
    const z = makeZone({ name: idx === 0 ? 'DMA' : 'DMA32', managed: 1000, min: 10, low: 12, high: 14, lowmemReserve: [0, 0] }, idx);
    z.free = 100; z.pcp = pcp; z.pagesScanned = scanned;
    return z;
  };
  it('per zone (v4.6/v4.7): a zone with pcp pages is emptied and its pages_scanned zeroed; a zone without keeps its count', () => {
    const zs = [zone(0, 0, 500), zone(1, 31, 900)];
    drainAllPages(zs, false);
    expect(zs.map((z) => [z.free, z.pcp, z.pagesScanned])).toEqual([[100, 0, 500], [131, 0, 0]]);
  });
  it('per node (v4.8): a drain into any zone zeroes the node counter, i.e. every zone\'s', () => {
    const zs = [zone(0, 0, 500), zone(1, 31, 900)];
    drainAllPages(zs, true);
    expect(zs.map((z) => z.pagesScanned)).toEqual([0, 0]);
  });
  it('nothing on the per-cpu lists: nothing changes (free_pcppages_bulk is not called)', () => {
    const zs = [zone(0, 0, 500), zone(1, 0, 900)];
    drainAllPages(zs, true);
    expect(zs.map((z) => [z.free, z.pagesScanned])).toEqual([[100, 500], [100, 900]]);
  });
});
