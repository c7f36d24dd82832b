import { describe, expect, it } from 'vitest';
import { buildKernel } from '../../models/src/kernel/kernels.ts';
import { BASE_KERNELS } from '../../models/src/kernel/versions.ts';
import { treeFor } from '../../models/src/kernel/refs.ts';
import { mempoolAlloc, mempoolFree, type Mempool } from '../../models/src/mm/mempool.ts';
import { gfpToAllocFlags } from '../../models/src/mm/pageAlloc.ts';
import { explain, type TwinCtx } from '../../models/src/runtime/trace.ts';
import { waitQueue } from '../../models/src/runtime/engine.ts';
import {
  ALLOC_HARDER, ALLOC_HIGH, ALLOC_NO_WATERMARKS, GFP_ATOMIC, GFP_KERNEL, GFP_NOIO, GFP_NOWAIT, __GFP_DIRECT_RECLAIM,
  __GFP_HIGHMEM, __GFP_MEMALLOC, __GFP_NOMEMALLOC, PF_MEMALLOC,
} from '../../models/src/mm/flags.ts';

/** A pool whose allocator says yes only when the mask would get ALLOC_NO_WATERMARKS (free memory is below min). */
function scriptedPool(currNr: number, seen: number[]): Mempool {
  return {
    name: 'test', minNr: 16, elements: new Array(currNr).fill(7), wait: waitQueue('pool'),
    *alloc(ctx, gfp) {
      seen.push(gfp);
      const flags = gfpToAllocFlags(gfp, ctx.task, ctx);
      return flags & ALLOC_NO_WATERMARKS ? 1 : null;
    },
    tryAlloc(ctx, gfp) {
      seen.push(gfp);
      const flags = gfpToAllocFlags(gfp, ctx.task, ctx);
      return flags & ALLOC_NO_WATERMARKS ? 1 : null;
    },
    free() {},
  };
}

function ctxFor(kernel: (typeof BASE_KERNELS)[number], pf: number, patches: string[] = []) {
  const k = buildKernel(kernel, patches as never);
  return { task: { name: 't', pf, memdie: false, cpuDebtUs: 0 }, policy: k.policy, hz: 1000, trace: [], tree: treeFor(kernel) } as TwinCtx & { tree: ReturnType<typeof treeFor> };
}

describe('mempoolAlloc decision table (memory below min; kernel-facts §3a)', () => {
  // Expected outcome with free memory below the min watermark, so the allocator succeeds only with ALLOC_NO_WATERMARKS.
  const expected = (kernel: string, poolHas: boolean, memalloc: boolean, gfp: number): string => {
    if (poolHas) return 'pool';
    const f9054c70 = kernel === 'v4.6' || kernel === 'v4.7-rc6';
    if (f9054c70 && memalloc) return 'reserves';
    if (!(gfp & __GFP_DIRECT_RECLAIM)) return 'null';
    return 'wait';
  };
  for (const kernel of BASE_KERNELS)
    for (const poolHas of [true, false])
      for (const memalloc of [true, false])
        for (const [gname, gfp] of [['GFP_NOIO', GFP_NOIO], ['GFP_NOWAIT|__GFP_HIGHMEM', GFP_NOWAIT | __GFP_HIGHMEM]] as const)
          it(`${kernel}, pool ${poolHas ? 'non-empty' : 'empty'}, ${memalloc ? 'PF_MEMALLOC' : 'no PF_MEMALLOC'}, ${gname}`, () => {
            const seen: number[] = [];
            const pool = scriptedPool(poolHas ? 3 : 0, seen);
            const ctx = ctxFor(kernel, memalloc ? PF_MEMALLOC : 0);
            const r = explain(ctx, mempoolAlloc(ctx, pool, gfp));
            const got = r.outcome.kind === 'wait' ? 'wait' : r.outcome.value === null ? 'null' : r.outcome.value === 7 ? 'pool' : 'reserves';
            expect(got).toBe(expected(kernel, poolHas, memalloc, gfp));
            expect(r.steps.length).toBeGreaterThan(2);
            for (const s of r.steps) expect(s.ref.path).toMatch(/mm\//);
            // The first try never reclaims or does IO.
            expect(seen[0]! & __GFP_DIRECT_RECLAIM).toBe(0);
            if (r.outcome.kind === 'wait') expect(r.outcome.timeoutUs).toBe(5_000_000);
          });
  it('mempoolFree refills the pool before the allocator', () => {
    const pool = scriptedPool(15, []);
    let freed = 0;
    pool.free = () => void freed++;
    expect(mempoolFree(pool, 1, { wake() {} })).toBe('pool');
    expect(mempoolFree(pool, 1, { wake() {} })).toBe('allocator');
    expect(freed).toBe(1);
  });
  it('mempool-memdie-only gives the reserves to an OOM victim with an empty pool only', () => {
    const ctx = ctxFor('v4.6', PF_MEMALLOC, ['mempool-memdie-only']);
    const r1 = explain(ctx, mempoolAlloc(ctx, scriptedPool(0, []), GFP_NOIO));
    expect(r1.outcome.kind).toBe('wait');
    const ctx2 = ctxFor('v4.6', 0, ['mempool-memdie-only']);
    ctx2.task.memdie = true;
    const r2 = explain(ctx2, mempoolAlloc(ctx2, scriptedPool(0, []), GFP_NOIO));
    expect(r2.outcome).toEqual({ kind: 'returned', value: 1 });
  });
});

describe('gfpToAllocFlags (kernel-facts §3e)', () => {
  const t = { tree: 'v4.6' as const, trace: null };
  it('starts at the min watermark', () => expect(gfpToAllocFlags(GFP_KERNEL, { pf: 0, memdie: false }, t) & 3).toBe(0));
  it('__GFP_HIGH gives ALLOC_HIGH, __GFP_ATOMIC ALLOC_HARDER', () => {
    const f = gfpToAllocFlags(GFP_ATOMIC, { pf: 0, memdie: false }, t);
    expect(f & ALLOC_HIGH).toBeTruthy();
    expect(f & ALLOC_HARDER).toBeTruthy();
    expect(gfpToAllocFlags(GFP_ATOMIC | __GFP_NOMEMALLOC, { pf: 0, memdie: false }, t) & ALLOC_HARDER).toBe(0);
  });
  const cases: [string, number, number, boolean, boolean][] = [
    ['PF_MEMALLOC', GFP_NOIO, PF_MEMALLOC, false, true],
    ['TIF_MEMDIE', GFP_NOIO, 0, true, true],
    ['__GFP_MEMALLOC', GFP_NOIO | __GFP_MEMALLOC, 0, false, true],
    ['plain', GFP_NOIO, 0, false, false],
    ['PF_MEMALLOC + __GFP_NOMEMALLOC', GFP_NOIO | __GFP_NOMEMALLOC, PF_MEMALLOC, false, false],
    ['TIF_MEMDIE + __GFP_NOMEMALLOC', GFP_NOIO | __GFP_NOMEMALLOC, 0, true, false],
    ['__GFP_MEMALLOC + __GFP_NOMEMALLOC', GFP_NOIO | __GFP_MEMALLOC | __GFP_NOMEMALLOC, 0, false, false],
  ];
  for (const [name, gfp, pf, memdie, noWmarks] of cases)
    it(`${name} → ${noWmarks ? '' : 'no '}ALLOC_NO_WATERMARKS`, () => {
      expect(Boolean(gfpToAllocFlags(gfp, { pf, memdie }, t) & ALLOC_NO_WATERMARKS)).toBe(noWmarks);
    });
});
