import { describe, expect, it } from 'vitest';
import { Machine } from '../../models/src/sim/machine.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';
import { shrinkInactiveList, tooManyIsolated, inactiveAnonPages } from '../../models/src/mm/shrinkList.ts';
import { DEF_PRIORITY, SWAP_CLUSTER_MAX, type ScanControl } from '../../models/src/mm/scanCount.ts';
import { explain } from '../../models/src/runtime/trace.ts';
import { sleeps } from '../../models/src/runtime/maySleep.ts';
import { GFP_HIGHUSER_MOVABLE, GFP_KERNEL, GFP_NOIO } from '../../models/src/mm/flags.ts';
import { ref } from '../../models/src/kernel/refs.ts';

function setup() {
  const { scenario } = resolveScenario({ kernel: 'v4.6' });
  const m = new Machine(scenario, 1000);
  const z = m.zones[m.zones.length - 1]!;
  // 8000 resident anon pages, half of them deactivated onto the inactive list.
  z.anon = 8000;
  z.anonInactive = 4000;
  m.zones[m.zones.length - 1]!.free -= 8000;
  const task = m.engine.task('test', 0);
  return { m, z, task };
}

const scan = (gfp: number, kswapd = false): ScanControl => ({ gfp, nrToReclaim: SWAP_CLUSTER_MAX, priority: DEF_PRIORITY, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd });

// too_many_isolated, vmscan.c 4.6:1465 (4.7:1462, 4.8:1557 on node counters): isolated > inactive,
// the inactive count taken >> 3 for a caller with both __GFP_IO and __GFP_FS; kswapd never waits.
describe('too_many_isolated decision table', () => {
  const rows: [string, number, number, boolean, boolean][] = [
    // [caller, gfp, isolated anon, kswapd, too many?]   inactive anon = 4000
    ['GFP_KERNEL, isolated 501 > 4000 >> 3 = 500', GFP_KERNEL, 501, false, true],
    ['GFP_KERNEL, isolated 500 = 500', GFP_KERNEL, 500, false, false],
    ['GFP_HIGHUSER_MOVABLE (IO|FS), isolated 501', GFP_HIGHUSER_MOVABLE, 501, false, true],
    ['GFP_NOIO may isolate up to the whole inactive list: 4000', GFP_NOIO, 4000, false, false],
    ['GFP_NOIO, isolated 4001 > 4000', GFP_NOIO, 4001, false, true],
    ['kswapd is never throttled here', GFP_KERNEL, 100_000, true, false],
  ];
  for (const [name, gfp, isolated, kswapd, want] of rows)
    it(name, () => {
      const { z } = setup();
      expect(inactiveAnonPages(z)).toBe(4000);
      z.nrIsolated[0] = isolated;
      expect(tooManyIsolated([z], false, gfp, kswapd)).toBe(want);
    });

  it('the file list counts its own isolated pages against its own inactive list', () => {
    const { z } = setup();
    const inactiveFile = z.file - z.activeFile;
    z.nrIsolated[1] = (inactiveFile >> 3) + 1;
    expect(tooManyIsolated([z], true, GFP_KERNEL, false)).toBe(true);
    expect(tooManyIsolated([z], false, GFP_KERNEL, false)).toBe(false);
  });

  it('shrink_inactive_list waits in congestion_wait(HZ/10) while it holds (4.6:1585)', () => {
    const { m, z, task } = setup();
    z.nrIsolated[0] = 600;
    const ctx = { ...m.ctx(task), trace: [] as never[] };
    const r = shrinkInactiveList(ctx, [z], z, false, SWAP_CLUSTER_MAX, scan(GFP_KERNEL));
    expect(sleeps(r)).toBe(true);
    const e = explain(ctx, r);
    expect(e.outcome).toEqual({ kind: 'wait', site: 'congestion_wait', timeoutUs: 100_000 });
    expect(e.steps[0]!.ref).toEqual(ref('v4.6', 'tooManyIsolated'));
  });

  it('a task with a fatal signal returns SWAP_CLUSTER_MAX after the sleep, as if it had reclaimed (4.6:1589)', () => {
    const { m, z, task } = setup();
    z.nrIsolated[0] = 600;
    const sc = scan(GFP_KERNEL);
    const r = shrinkInactiveList(m.ctx(task), [z], z, false, SWAP_CLUSTER_MAX, sc);
    if (!sleeps(r)) throw new Error('did not sleep');
    expect(r.next().done).toBe(false);
    task.killed = true;
    const end = r.next();
    expect(end.done).toBe(true);
    expect(end.value).toEqual({ reclaimed: SWAP_CLUSTER_MAX, sleepUs: 0 });
    expect(sc.nrReclaimed).toBe(SWAP_CLUSTER_MAX);
    expect(z.anon).toBe(8000);
  });

  it('once other reclaimers put their batches back, the batch goes on', () => {
    const { m, z, task } = setup();
    z.nrIsolated[0] = 600;
    const r = shrinkInactiveList(m.ctx(task), [z], z, false, SWAP_CLUSTER_MAX, scan(GFP_NOIO));
    // GFP_NOIO: 600 ≤ 4000, no wait; the batch takes 32 resident pages and (no __GFP_IO) writes none.
    expect(sleeps(r)).toBe(false);
    expect(z.pagesScanned).toBe(32);
  });
});
