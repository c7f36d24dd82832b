import { describe, expect, it } from 'vitest';
import { Machine } from '../../models/src/sim/machine.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';
import { pfmemallocWatermarkOk, throttleDirectReclaim, tryToFreePages } from '../../models/src/mm/vmscan.ts';
import { oomKillProcess } from '../../models/src/mm/oomKill.ts';
import { explain } from '../../models/src/runtime/trace.ts';
import { GFP_HIGHUSER_MOVABLE, GFP_NOIO } from '../../models/src/mm/flags.ts';
import { ref } from '../../models/src/kernel/refs.ts';
import type { Zone } from '../../models/src/mm/zone.ts';

/** Two zones with the given min marks, free pages and reclaimable pages (anon, with swap). */
function zones(rows: [min: number, free: number, anon: number, file: number][]): Zone[] {
  return rows.map(([min, free, anon, file], idx) => ({ idx, min, free, anon, file, anonWb: 0, swapClean: 0 }) as unknown as Zone);
}

// pfmemalloc_watermark_ok, vmscan.c 4.6:2718 (4.7:2678, 4.8:2814): the zones up to ZONE_NORMAL
// with reclaimable pages; free > half the sum of their min marks; no reserve counted → true.
describe('pfmemalloc_watermark_ok decision table', () => {
  const rows: [string, [number, number, number, number][], boolean, 'zone' | 'node', boolean][] = [
    // [case, zones [min, free, anon, file], swap has room, unit, ok?]
    ['free 505 > (15 + 993) / 2 = 504', [[15, 5, 100, 0], [993, 500, 9000, 0]], true, 'zone', true],
    ['free 504 = 504: throttle', [[15, 4, 100, 0], [993, 500, 9000, 0]], true, 'zone', false],
    ['a zone with nothing reclaimable counts on neither side (v4.6)', [[15, 0, 0, 0], [993, 497, 9000, 0]], true, 'zone', true],
    ['the same zones, v4.8: the node has reclaimable pages, so every zone counts', [[15, 0, 0, 0], [993, 497, 9000, 0]], true, 'node', false],
    ['swap full and no file pages: no reserve counted, nobody is throttled', [[15, 0, 100, 0], [993, 0, 9000, 0]], false, 'zone', true],
    ['swap full, v4.8: the node has nothing reclaimable either', [[15, 0, 100, 0], [993, 0, 9000, 0]], false, 'node', true],
    ['swap full but file pages left: still throttled', [[15, 0, 100, 0], [993, 0, 9000, 10]], false, 'zone', false],
  ];
  for (const [name, zs, swap, unit, want] of rows)
    it(name, () => {
      expect(pfmemallocWatermarkOk(zones(zs), swap, unit)).toBe(want);
    });
});

function belowHalfMin() {
  const { scenario } = resolveScenario({ kernel: 'v4.6' });
  const m = new Machine(scenario, 1000);
  for (const z of m.zones) {
    z.anon += z.free;
    z.free = 0;
  }
  expect(m.pfmemallocWatermarkOk()).toBe(false);
  return m;
}

describe('throttle_direct_reclaim and a fatal signal', () => {
  it('a task with __GFP_FS waits without a timeout below half the min marks', () => {
    const m = belowHalfMin();
    const task = m.engine.task('test', 0);
    const ctx = { ...m.ctx(task), trace: [] as never[] };
    const e = explain(ctx, throttleDirectReclaim(ctx, GFP_HIGHUSER_MOVABLE));
    expect(e.outcome).toEqual({ kind: 'wait', site: 'throttle_direct_reclaim', timeoutUs: Infinity });
  });

  it('a task with a fatal signal pending is not throttled (4.6:2782)', () => {
    const m = belowHalfMin();
    const task = m.engine.task('test', 0);
    task.killed = true;
    const ctx = { ...m.ctx(task), trace: [] as never[] };
    const e = explain(ctx, throttleDirectReclaim(ctx, GFP_HIGHUSER_MOVABLE));
    expect(e.outcome).toEqual({ kind: 'returned', value: false });
    expect(e.steps.map((s) => s.ref)).toEqual([ref('v4.6', 'throttleDirectReclaimSignal')]);
  });

  it("the OOM killer's SIGKILL ends the killable wait, and try_to_free_pages returns 1 without reclaiming (4.6:2838, 2865)", () => {
    const m = belowHalfMin();
    const task = m.engine.task('test', 0);
    m.testTask = task;
    const ctx = m.ctx(task);
    let result: number | undefined;
    m.engine.start(task, (function* () {
      result = yield* tryToFreePages(ctx, GFP_HIGHUSER_MOVABLE);
    })());
    const scanned = m.zones.map((z) => z.pagesScanned);
    m.engine.at(1_000_000, () => {
      expect(task.sleepingOn).toBe(m.q.pfmemalloc);
      oomKillProcess(ctx, task, 'test');
    });
    m.engine.at(2_000_000, () => {
      m.engine.stopped = true;
    });
    m.engine.run();
    expect(result).toBe(1);
    expect(m.zones.map((z) => z.pagesScanned)).toEqual(scanned);
  });

  it('without __GFP_FS the wait is at most HZ, and then reclaim goes on', () => {
    const m = belowHalfMin();
    const task = m.engine.task('kworker', 0);
    const ctx = { ...m.ctx(task), trace: [] as never[] };
    const e = explain(ctx, throttleDirectReclaim(ctx, GFP_NOIO));
    expect(e.outcome).toEqual({ kind: 'wait', site: 'throttle_direct_reclaim', timeoutUs: 1_000_000 });
  });
});
