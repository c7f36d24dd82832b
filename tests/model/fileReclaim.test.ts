import { describe, expect, it } from 'vitest';
import { Machine } from '../../models/src/sim/machine.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';
import { shrinkInactiveList, shrinkActiveList } from '../../models/src/mm/shrinkList.ts';
import { DEF_PRIORITY, SWAP_CLUSTER_MAX, type ScanControl } from '../../models/src/mm/scanCount.ts';
import { zoneTotal } from '../../models/src/mm/zone.ts';
import { sleeps } from '../../models/src/runtime/maySleep.ts';
import { GFP_KERNEL, GFP_NOIO, PF_KTHREAD, PF_WQ_WORKER } from '../../models/src/mm/flags.ts';
import type { BaseKernel } from '../../models/src/kernel/versions.ts';

function setup(kernel: BaseKernel, pf = PF_WQ_WORKER | PF_KTHREAD) {
  const { scenario } = resolveScenario({ kernel });
  const m = new Machine(scenario, 1000);
  const z = m.zones[m.zones.length - 1]!;
  const ctx = m.ctx(m.engine.task('kcryptd/0', pf));
  return { m, z, ctx };
}

const scan = (gfp: number): ScanControl => ({ gfp, nrToReclaim: SWAP_CLUSTER_MAX, priority: DEF_PRIORITY, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd: false });

// shrink_inactive_list on the file list (4.6:1568): page_check_references (4.6:792) → a clean page without
// references is freed by __remove_mapping (4.6:1183), which needs no IO; referenced mapped pages are activated.
describe('file batches of shrink_inactive_list', () => {
  it('the default machine boots its file cache onto the inactive list, with no clean unreferenced pages', () => {
    const { m } = setup('v4.6');
    const file = m.zones.reduce((s, z) => s + z.file, 0);
    expect(file).toBe(m.p.fileCacheMiB * 256);
    expect(m.zones.every((z) => z.activeFile === 0 && z.fileCold === 0)).toBe(true);
  });

  for (const gfp of [GFP_NOIO, GFP_KERNEL])
    it(`clean, unreferenced file pages are freed under ${gfp === GFP_NOIO ? 'GFP_NOIO' : 'GFP_KERNEL'}`, () => {
      const { m, z, ctx } = setup('v4.6');
      z.fileCold = 100;
      const before = { file: z.file, free: z.free + z.pcp, total: zoneTotal(z), scanned: z.pagesScanned };
      const sc = scan(gfp);
      const r = shrinkInactiveList(ctx, [z], z, true, SWAP_CLUSTER_MAX, sc);
      expect(sleeps(r)).toBe(false);
      if (sleeps(r)) return;
      expect(r.reclaimed).toBe(32);
      expect(sc.nrReclaimed).toBe(32);
      expect(z.file).toBe(before.file - 32);
      expect(z.fileCold).toBe(68);
      expect(z.free + z.pcp).toBe(before.free + 32);
      expect(zoneTotal(z)).toBe(before.total);
      expect(z.pagesScanned).toBe(before.scanned + 32);
      void m;
    });

  it('the working set is activated, counted as rotated, and not freed', () => {
    const { z, ctx } = setup('v4.6');
    const file = z.file;
    const sc = scan(GFP_NOIO);
    const r = shrinkInactiveList(ctx, [z], z, true, SWAP_CLUSTER_MAX, sc);
    if (sleeps(r)) throw new Error('slept');
    expect(r.reclaimed).toBe(0);
    expect(z.file).toBe(file);
    expect(z.activeFile).toBe(32);
    expect(z.stat.recentScanned[1]).toBe(32);
    expect(z.stat.recentRotated[1]).toBe(32);
  });

  it('shrink_active_list deactivates the working set (referenced, but not VM_EXEC)', () => {
    const { z, ctx } = setup('v4.6');
    z.activeFile = 100;
    expect(shrinkActiveList(ctx, z, true, 32)).toBe(32);
    expect(z.activeFile).toBe(68);
    expect(z.stat.recentRotated[1]).toBe(32);
  });

  // wait_iff_congested after a file batch (4.6:1702): nothing is congested, so only a v4.5/v4.6 workqueue
  // worker sleeps (one jiffy, backing-dev.c 4.6:992); v4.7 dropped that sleep.
  for (const [kernel, us] of [['v4.5', 1000], ['v4.6', 1000], ['v4.7-rc6', 0], ['v4.8', 0]] as const)
    it(`${kernel}: a kcryptd worker's file batch owes wait_iff_congested ${us} µs`, () => {
      const { ctx, z } = setup(kernel);
      const r = shrinkInactiveList(ctx, [z], z, true, SWAP_CLUSTER_MAX, scan(GFP_NOIO));
      if (sleeps(r)) throw new Error('slept');
      expect(r.sleepUs).toBe(us);
    });

  it('a batch that takes no page returns before the stalls', () => {
    const { ctx, z } = setup('v4.6');
    z.activeFile = z.file;
    const r = shrinkInactiveList(ctx, [z], z, true, SWAP_CLUSTER_MAX, scan(GFP_NOIO));
    if (sleeps(r)) throw new Error('slept');
    expect(r).toEqual({ reclaimed: 0, sleepUs: 0 });
  });

  it('kswapd owes no wait_iff_congested', () => {
    const { ctx, z } = setup('v4.6');
    const sc = { ...scan(GFP_KERNEL), kswapd: true };
    const r = shrinkInactiveList(ctx, [z], z, true, SWAP_CLUSTER_MAX, sc);
    if (sleeps(r)) throw new Error('slept');
    expect(r.sleepUs).toBe(0);
  });
});
