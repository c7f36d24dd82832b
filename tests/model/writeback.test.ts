import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildKernel } from '../../models/src/kernel/kernels.ts';
import { globalDirtyableMemory, throttleVmWriteout, throttleVmWriteoutCheck, type WritebackState } from '../../models/src/mm/pageWriteback.ts';
import { explain } from '../../models/src/runtime/trace.ts';
import { untilDone } from '../../models/src/runtime/maySleep.ts';
import { GFP_KERNEL, GFP_NOIO, __GFP_NORETRY, PF_LESS_THROTTLE } from '../../models/src/mm/flags.ts';
import { shouldReclaimRetry } from '../../models/src/mm/pageAlloc.ts';
import { zoneReclaimable } from '../../models/src/mm/vmscan.ts';
import { watermarkOk } from '../../models/src/mm/zone.ts';
import { zoneWatermarkOk } from '../../models/src/mm/watermarks.ts';

const ctxFor = (kernel: 'v4.6' | 'v4.7-rc6' | 'v4.8' | 'v4.9', patches: string[] = [], pf = 0) => ({
  task: { name: 't', pf, memdie: false, cpuDebtUs: 0 },
  policy: buildKernel(kernel, patches as never).policy,
  hz: 1000,
  trace: [] as { say: string; ref: { path: string; line: number; tag: string } }[],
  tree: (kernel === 'v4.9' ? 'v4.8' : kernel) as 'v4.6' | 'v4.7-rc6' | 'v4.8',
});

// Michal, 14 Jul (#34): free 701, file LRU 1086 + 1103, writeback 69824 pages; totalreserve about 2450 (kernel-facts §3d).
const july14: WritebackState = { writeback: 69824, free: 701, fileLru: 2189, totalreserve: 2450, dirtyRatio: 20, dirtyBackgroundRatio: 10, domainDirtyLimit: 0 };

describe('dirty threshold from the 14 Jul numbers', () => {
  it('global_dirtyable_memory excludes anon and the reserves: about 2190 pages', () => {
    expect(globalDirtyableMemory(701, 2189, 2450)).toBe(2190);
  });
  it('throttle threshold near 480 pages against 69824 under writeback', () => {
    const c = throttleVmWriteoutCheck(ctxFor('v4.7-rc6'), july14);
    expect(c.limit).toBeGreaterThan(470);
    expect(c.limit).toBeLessThan(490);
    expect(c.over).toBe(true);
  });
  it('PF_LESS_THROTTLE (+25%) cannot help: still ~100x below writeback', () => {
    const c = throttleVmWriteoutCheck(ctxFor('v4.7-rc6', [], PF_LESS_THROTTLE), july14);
    expect(c.limit).toBeLessThan(610);
    expect(c.over).toBe(true);
  });
  it('only a domain dirty_limit above ~63500 pages would have stopped the throttling', () => {
    expect(throttleVmWriteoutCheck(ctxFor('v4.7-rc6'), { ...july14, domainDirtyLimit: 63000 }).over).toBe(true);
    expect(throttleVmWriteoutCheck(ctxFor('v4.7-rc6'), { ...july14, domainDirtyLimit: 63500 }).over).toBe(false);
  });
});

describe('throttleVmWriteout', () => {
  it('GFP_NOIO sleeps once, after the sleep the gfp check ends it', () => {
    const ctx = ctxFor('v4.7-rc6');
    const gen = untilDone(throttleVmWriteout(ctx, GFP_NOIO, () => july14));
    const first = gen.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ op: 'sleep', us: 100_000, site: 'throttle_vm_writeout' });
    const second = gen.next();
    expect(second).toEqual({ done: true, value: 1 });
  });
  it('GFP_KERNEL loops while writeback stays high', () => {
    const gen = untilDone(throttleVmWriteout(ctxFor('v4.6'), GFP_KERNEL, () => july14));
    for (let i = 0; i < 5; i++) expect(gen.next().done).toBe(false);
  });
  it('patches: __GFP_NORETRY early return, PF_LESS_THROTTLE early return, removal', () => {
    expect(explain(ctxFor('v4.7-rc6', ['throttle-noretry']), throttleVmWriteout(ctxFor('v4.7-rc6', ['throttle-noretry']), GFP_NOIO | __GFP_NORETRY, () => july14)).outcome).toEqual({ kind: 'returned', value: 0 });
    const lt = ctxFor('v4.7-rc6', ['throttle-skip-less-throttle'], PF_LESS_THROTTLE);
    expect(explain(lt, throttleVmWriteout(lt, GFP_NOIO, () => july14)).outcome).toEqual({ kind: 'returned', value: 0 });
    const flagOnly = ctxFor('v4.7-rc6', ['mempool-less-throttle'], PF_LESS_THROTTLE);
    expect(explain(flagOnly, throttleVmWriteout(flagOnly, GFP_NOIO, () => july14)).outcome.kind).toBe('wait');
    const v49 = ctxFor('v4.9');
    expect(explain(v49, throttleVmWriteout(v49, GFP_NOIO, () => july14)).outcome).toEqual({ kind: 'returned', value: 0 });
  });
  it('steps cite page-writeback.c at the version', () => {
    const ctx = ctxFor('v4.6');
    explain(ctx, throttleVmWriteout(ctx, GFP_NOIO, () => july14));
    expect(ctx.trace.some((s) => s.ref.path === 'mm/page-writeback.c' && s.ref.line === 1954 && s.ref.tag === 'v4.6')).toBe(true);
  });
});

describe('OOM decisions', () => {
  it('zone_reclaimable: pages_scanned < 6 × reclaimable', () => {
    expect(zoneReclaimable(0, 0)).toBe(false);
    expect(zoneReclaimable(599, 100)).toBe(true);
    expect(zoneReclaimable(600, 100)).toBe(false);
  });
  const zone = { name: 'DMA32', free: 700, min: 957, lowmemReserve: [0, 0, 0, 0], reclaimable: 200000, writeback: 69824, dirty: 0 };
  const c = { tree: 'v4.7-rc6' as const, trace: null, task: { name: 't', pf: 0, memdie: false, cpuDebtUs: 0 } };
  it('should_reclaim_retry gives up after 16 loops without progress', () => {
    expect(shouldReclaimRetry(c, [zone], 0, false, 17)).toEqual({ retry: false });
  });
  it('no progress and lots of writeback: congestion_wait then retry', () => {
    expect(shouldReclaimRetry(c, [{ ...zone, reclaimable: 100000 }], 0, false, 3)).toEqual({ retry: true, sleep: 'congestion_wait' });
  });
  it('the available estimate shrinks with the loops', () => {
    const small = { ...zone, reclaimable: 1000, writeback: 0 };
    expect(shouldReclaimRetry(c, [small], 0, false, 1).retry).toBe(true);
    expect(shouldReclaimRetry(c, [small], 0, false, 16).retry).toBe(false);
  });
});

describe('the hot-path watermark check agrees with zoneWatermarkOk', () => {
  it('for any free, mark, flags and reserve', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300000 }), fc.integer({ min: 0, max: 5000 }), fc.constantFrom(0, 0x10, 0x20, 0x30), fc.integer({ min: 0, max: 2000 }), (free, mark, flags, reserve) => {
        const lr = [0, reserve, reserve, reserve];
        return watermarkOk(free, mark, 1, flags, lr) === zoneWatermarkOk({ free, mark, classzoneIdx: 1, allocFlags: flags, lowmemReserve: lr }).ok;
      }),
    );
  });
});
