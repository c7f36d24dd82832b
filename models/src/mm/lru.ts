/**
 * The LRU's bookkeeping outside reclaim (mm/swap.c): a faulted-in anonymous
 * page joining the active anon list. (Pages leaving it for good: zone.ts removeResidentAnon.)
 */
import type { Zone } from './zone.ts';
import { lruvecStat } from './shrinkList.ts';
import type { SimCtx } from '../env/machineEnv.ts';

/**
 * n anonymous pages faulted into zone z: do_anonymous_page →
 * lru_cache_add_active_or_unevictable sets PG_active and adds them to the
 * active anon list, where __pagevec_lru_add_fn counts each one in the
 * lruvec's reclaim_stat as scanned and, being active, rotated
 * (update_page_reclaim_stat(lruvec, 0, 1)). The fault set the pte's accessed
 * bit, so each page is young until shrink_active_list ages it.
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/swap.c#L850
 * v4.7: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/swap.c#L868
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/swap.c#L870 (4.9: L868)
 */
export function lruAddActiveAnon(ctx: SimCtx, z: Zone, n: number): void {
  z.anon += n;
  z.anonYoung += n;
  const stat = lruvecStat(ctx, z);
  stat.recentScanned[0] += n;
  stat.recentRotated[0] += n;
}
