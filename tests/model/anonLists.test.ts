// The kernel's two anon lists: inactive_list_is_low for anon per version, shrink_active_list
// moving what it ages to the inactive list, and a batch of the inactive list that meets its
// resident and written pages as they are mixed there.
import { describe, expect, it } from 'vitest';
import { inactiveAnonIsLow } from '../../models/src/mm/scanCount.ts';
import { Machine } from '../../models/src/sim/machine.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';
import { shrinkActiveList, shrinkInactiveList, inactiveAnonPages, activeAnonPages } from '../../models/src/mm/shrinkList.ts';
import { DEF_PRIORITY, SWAP_CLUSTER_MAX, type ScanControl } from '../../models/src/mm/scanCount.ts';
import { sleeps } from '../../models/src/runtime/maySleep.ts';
import { GFP_NOIO } from '../../models/src/mm/flags.ts';
import { removeResidentAnon } from '../../models/src/mm/zone.ts';

describe('inactive_list_is_low for anon (4.6 vmscan.c:1886, 4.7.4:1891, 4.8:2010)', () => {
  // [tree, swap pages, inactive, active, the zone's inactive_ratio, low?]
  const rows: [string, 'v4.6' | 'v4.7-rc6' | 'v4.8', number, number, number, number, boolean][] = [
    ['no swap: never low', 'v4.6', 0, 0, 1000, 1, false],
    ['v4.6, ratio 1: inactive below active', 'v4.6', 1, 999, 1000, 1, true],
    ['v4.6, ratio 1: equal is not low', 'v4.6', 1, 1000, 1000, 1, false],
    ['v4.6 takes the zone ratio (3 for a 1–2 GiB zone): 500 × 3 ≥ 1000, not low', 'v4.6', 1, 500, 1000, 3, false],
    ['v4.7 takes the lists\' size instead: under 1 GiB, ratio 1, 500 < 1000', 'v4.7-rc6', 1, 500, 1000, 3, true],
    ['v4.7, 1 GiB of anon or more: ratio int_sqrt(10) = 3, 60,000 × 3 < 200,000', 'v4.7-rc6', 1, 60_000, 200_000, 1, true],
    ['v4.8, the same rule', 'v4.8', 1, 60_000, 200_000, 1, true],
    ['v4.8, 88,000 × 3 > 200,000: not low', 'v4.8', 1, 88_000, 200_000, 1, false],
  ];
  for (const [name, tree, swap, inactive, active, ratio, want] of rows) it(name, () => expect(inactiveAnonIsLow(tree, swap, inactive, active, ratio)).toBe(want));
});

function setup(kernel: 'v4.6' | 'v4.8' = 'v4.6') {
  const { scenario } = resolveScenario({ kernel });
  const m = new Machine(scenario, 1000);
  const z = m.zones[m.zones.length - 1]!;
  const task = m.engine.task('kcryptd/0', 0);
  return { m, z, ctx: { ...m.ctx(task), trace: null } };
}

const scan = (gfp: number): ScanControl => ({ gfp, nrToReclaim: SWAP_CLUSTER_MAX, priority: DEF_PRIORITY, mayThrash: false, nrReclaimed: 0, nrScanned: 0, kswapd: false });

describe('the two lists', () => {
  it('shrink_active_list deactivates every page it ages, referenced or not; the young ones count as rotated', () => {
    const { z, ctx } = setup();
    z.anon = 1000; z.anonYoung = 10; z.free -= 1000;
    const rotated0 = z.stat.recentRotated[0];
    expect(shrinkActiveList(ctx, z, false, 32)).toBe(32);
    expect(z.anonInactive).toBe(32);
    expect(activeAnonPages(z)).toBe(968);
    expect(z.anonYoung).toBe(0);
    expect(z.stat.recentRotated[0] - rotated0).toBe(10);
  });

  it('a batch meets resident and written pages in proportion, the fraction carried to the next batch', () => {
    const { z, ctx } = setup();
    z.anon = 1000; z.anonInactive = 1000; z.anonWb = 3000; z.free -= 4000;
    const batch = () => {
      const r = shrinkInactiveList(ctx, [z], z, false, 32, scan(0x24200ca));
      if (sleeps(r)) for (let s = r.next(); !s.done; s = r.next());
    };
    // 1 resident in 4: 8 of the 32 are resident and go to swap (GFP_HIGHUSER_MOVABLE has __GFP_IO).
    batch();
    expect([z.anonInactive, z.anonWb]).toEqual([992, 3008]);
    // Then 32 × 992/4000 = 7.936: 7 met, 0.936 carried; then 32 × 985/4000 + 0.936 = 8.816: 8 met.
    batch();
    expect(z.anonInactive).toBe(985);
    expect(z.anonScanCarry).toBeCloseTo(0.936, 9);
    batch();
    expect(z.anonInactive).toBe(977);
  });

  it('GFP_NOIO keeps the resident pages it meets: the lists stay as they were', () => {
    const { z, ctx } = setup();
    z.anon = 1000; z.anonInactive = 1000; z.anonWb = 3000; z.free -= 4000;
    const r = shrinkInactiveList(ctx, [z], z, false, 32, scan(GFP_NOIO));
    expect(sleeps(r)).toBe(false);
    expect([z.anon, z.anonInactive, z.anonWb, inactiveAnonPages(z)]).toEqual([1000, 1000, 3000, 4000]);
  });

  it('a lone resident page among many written ones is still met, within a list\'s length', () => {
    const { z, ctx } = setup();
    z.anon = 1; z.anonInactive = 1; z.anonWb = 6400; z.free -= 6401;
    let batches = 0;
    // With __GFP_IO the resident page goes to swap when met: count the batches until then.
    while (z.anonInactive === 1 && batches < 400) {
      const r = shrinkInactiveList(ctx, [z], z, false, 32, scan(0x24200ca));
      if (sleeps(r)) for (let s = r.next(); !s.done; s = r.next());
      batches++;
    }
    expect(z.anonInactive).toBe(0);
    expect(batches).toBeLessThanOrEqual(201);
  });

  it('an exit takes resident pages from both lists in proportion, young ones from the active part', () => {
    const { z } = setup();
    z.anon = 1000; z.anonInactive = 400; z.anonYoung = 300; z.free -= 1000;
    removeResidentAnon(z, 500);
    expect(z.anon).toBe(500);
    expect(z.anonInactive).toBe(200);
    expect(z.anonYoung).toBe(150);
    removeResidentAnon(z, 500);
    expect([z.anon, z.anonInactive, z.anonYoung]).toEqual([0, 0, 0]);
  });
});
