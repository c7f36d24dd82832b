import { describe, expect, it } from 'vitest';
import { buildKernel } from '../../models/src/kernel/kernels.ts';
import { ref, type Tree } from '../../models/src/kernel/refs.ts';
import { getScanCount, inactiveFileIsLow, type ScanBalance, type ScanCountInput } from '../../models/src/mm/scanCount.ts';
import type { TwinCtx } from '../../models/src/runtime/trace.ts';

const ctxFor = (tree: Tree) => ({
  task: { name: 't', pf: 0, memdie: false, cpuDebtUs: 0 },
  policy: buildKernel(tree).policy,
  hz: 1000,
  trace: [],
  tree,
}) as TwinCtx & { tree: Tree };

const stat = (s0 = 0, s1 = 0, r0 = 0, r1 = 0) => ({ recentScanned: [s0, s1] as [number, number], recentRotated: [r0, r1] as [number, number] });

/** A DMA32-sized lruvec: 100,000 inactive anon, 100,000 active anon, file as given. */
function input(over: Partial<ScanCountInput> & { file?: [number, number] }): ScanCountInput {
  const [inf, af] = over.file ?? [5120, 5120];
  return {
    lru: [100_000, 100_000, inf, af], free: 900, high: 1489, freeSwap: 500_000, swappiness: 60, priority: 12,
    kswapd: false, reclaimable: true, stat: stat(), ...over,
  };
}

// Each row: inputs → the balance get_scan_count chooses, the four targets (inactive anon, active anon,
// inactive file, active file) and the kernel line of the branch (4.6.2 / 4.7.4 / 4.8.15; 4.9 = 4.8.15).
type Row = [string, Partial<ScanCountInput> & { file?: [number, number] }, ScanBalance, number[], string];
const rows: Row[] = [
  ['no free swap → SCAN_FILE (4.6:2006)', { freeSwap: 0, priority: 4 }, 'SCAN_FILE', [0, 0, 320, 320], 'gscNoSwap'],
  ['priority 0 with swappiness → SCAN_EQUAL, every list whole (4.6:2028)', { priority: 0 }, 'SCAN_EQUAL', [100_000, 100_000, 5120, 5120], 'gscEqual'],
  ['file + free ≤ high → SCAN_ANON (4.6:2050)', { file: [300, 200], free: 900, priority: 6 }, 'SCAN_ANON', [1562, 1562, 0, 0], 'gscAnon'],
  ['inactive file ≥ active and inactive >> 12 > 0 → SCAN_FILE (4.6:2065)', { file: [5120, 5120] }, 'SCAN_FILE', [0, 0, 1, 1], 'gscFile'],
  ['inactive file ≥ active but inactive >> 12 = 0 → SCAN_FRACT (4.6:2071)', { file: [4000, 3000] }, 'SCAN_FRACT', [7, 7, 0, 0], 'gscFract'],
  ['inactive file < active → SCAN_FRACT by reclaim_stat (4.6:2071)', { file: [2000, 8000], priority: 4, stat: stat(1000, 1000, 900, 1000) }, 'SCAN_FRACT', [1992, 1992, 84, 338], 'gscFract'],
];

describe('get_scan_count decision table', () => {
  for (const tree of ['v4.6', 'v4.7-rc6', 'v4.8'] as const)
    for (const [name, over, balance, nr, key] of rows)
      it(`${tree}: ${name}`, () => {
        const ctx = ctxFor(tree);
        const out = [0, 0, 0, 0];
        expect(getScanCount(ctx, input(over), out)).toBe(balance);
        expect(out).toEqual(nr);
        expect(ctx.trace!.map((s) => s.ref)).toEqual([ref(tree, key as Parameters<typeof ref>[1])]);
      });

  it('SCAN_FRACT arithmetic: ap = 60·(1000+1)/(900+1) = 66, fp = 140·(1000+1)/(1000+1) = 140, denominator 207', () => {
    // 100,000 >> 4 = 6250 anon per list: 6250·66/207 = 1992; file 2000 >> 4 = 125 → 125·140/207 = 84, 8000 >> 4 = 500 → 338.
    const out = [0, 0, 0, 0];
    getScanCount(ctxFor('v4.6'), input({ file: [2000, 8000], priority: 4, stat: stat(1000, 1000, 900, 1000) }), out);
    // the anon average is older than a quarter of the anon LRU? 1000 > 50,000: no; file 1000 > 2500: no.
    expect(out).toEqual([Math.floor((6250 * 66) / 207), Math.floor((6250 * 66) / 207), Math.floor((125 * 140) / 207), Math.floor((500 * 140) / 207)]);
  });

  it('SCAN_FRACT halves an average older than a quarter of its LRU (4.6:2093–2101)', () => {
    const s = stat(60_000, 3000, 50_000, 2000);
    getScanCount(ctxFor('v4.6'), input({ file: [2000, 8000], priority: 4, stat: s }), [0, 0, 0, 0]);
    // anon 60,000 > 200,000/4 = 50,000 → halved; file 3000 > 10,000/4 = 2500 → halved.
    expect(s).toEqual(stat(30_000, 1500, 25_000, 1000));
  });

  it('swappiness 0 (global reclaim): no SCAN_EQUAL at priority 0, SCAN_FRACT gives anon nothing', () => {
    const out = [0, 0, 0, 0];
    expect(getScanCount(ctxFor('v4.6'), input({ swappiness: 0, priority: 0, file: [2000, 8000] }), out)).toBe('SCAN_FRACT');
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(0);
  });

  it('force_scan: kswapd on a zone that is no longer zone_reclaimable scans min(size, 32) when nothing else (4.6:1996, :2136)', () => {
    const small = { lru: [20, 40, 0, 0] as [number, number, number, number], file: undefined, free: 0, high: 21, priority: 12 };
    const out = [0, 0, 0, 0];
    expect(getScanCount(ctxFor('v4.6'), input({ ...small, kswapd: true, reclaimable: false }), out)).toBe('SCAN_ANON');
    expect(out).toEqual([20, 32, 0, 0]);
    getScanCount(ctxFor('v4.6'), input({ ...small, kswapd: true, reclaimable: true }), out);
    expect(out).toEqual([0, 0, 0, 0]);
    getScanCount(ctxFor('v4.6'), input({ ...small, kswapd: false, reclaimable: false }), out);
    expect(out).toEqual([0, 0, 0, 0]);
  });
});

describe('inactive_list_is_low for the file list', () => {
  it('4.6: active > inactive (inactive_file_is_low, 4.6:1921)', () => {
    expect(inactiveFileIsLow('v4.6', 1103, 1086)).toBe(false);
    expect(inactiveFileIsLow('v4.6', 1086, 1103)).toBe(true);
    expect(inactiveFileIsLow('v4.6', 300_000, 400_000)).toBe(true);
  });
  it('4.7 and 4.8: inactive × int_sqrt(10 × GiB) < active (4.7:1891, 4.8:2010)', () => {
    for (const tree of ['v4.7-rc6', 'v4.8'] as const) {
      expect(inactiveFileIsLow(tree, 1103, 1086)).toBe(false);
      expect(inactiveFileIsLow(tree, 1086, 1103)).toBe(true);
      // 300,000 pages = 1.14 GiB: ratio int_sqrt(10) = 3
      expect(inactiveFileIsLow(tree, 100_000, 200_000)).toBe(false);
      expect(inactiveFileIsLow(tree, 60_000, 200_000)).toBe(true);
    }
    // 4.6 compares the sizes alone
    expect(inactiveFileIsLow('v4.6', 100_000, 200_000)).toBe(true);
  });
});

describe('get_scan_count source lines per tree', () => {
  it('cites 4.6.2, 4.7.4 and 4.8.15', () => {
    const lines = (k: Parameters<typeof ref>[1]) => [ref('v4.6', k).line, ref('v4.7-rc6', k).line, ref('v4.8', k).line];
    expect(lines('getScanCount')).toEqual([1968, 1945, 2088]);
    expect(lines('gscNoSwap')).toEqual([2006, 1983, 2126]);
    expect(lines('gscEqual')).toEqual([2028, 2005, 2148]);
    expect(lines('gscAnon')).toEqual([2050, 2027, 2180]);
    expect(lines('gscFile')).toEqual([2065, 2042, 2195]);
    expect(lines('gscFract')).toEqual([2071, 2048, 2201]);
    expect(lines('shrinkZoneMemcgProportional')).toEqual([2246, 2223, 2357]);
    expect(lines('tooManyIsolated')).toEqual([1585, 1582, 1704]);
    expect(lines('kswapdShrinkZoneClearWriteback')).toEqual([3124, 3084, 1777]);
  });
});
