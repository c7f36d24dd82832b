/**
 * The swap-out path as far as the block layer: swap_writepage →
 * __swap_writepage → get_swap_bio (a bio from fs_bio_set, GFP_NOIO) →
 * submit_bio → dm (alloc_io, alloc_tio, crypt_map). It runs in the
 * reclaimer's context, so with PF_MEMALLOC (kswapd, or a task inside
 * __perform_reclaim).
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_io.c#L234
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm.c#L1775
 */
import { GFP_NOIO } from '../mm/flags.ts';
import type { Wait } from '../sim/engine.ts';
import { mempoolAlloc, mempoolAllocFast, type Mempool } from '../mm/mempool.ts';
import { step } from '../sim/trace.ts';
import { ref } from '../kernel/refs.ts';
import { cryptMap } from '../dm/dmCrypt.ts';
import type { SimCtx } from '../sim/machine.ts';

type Stage = [Mempool, string, Parameters<typeof ref>[1]];
const STAGES = new WeakMap<SimCtx['m'], Stage[]>();

/** The three mempool allocations of one swap write, in the kernel's order (one list per machine). */
function stages(ctx: SimCtx): Stage[] {
  let list = STAGES.get(ctx.m);
  if (!list) {
    const p = ctx.m.pools;
    list = [
      [p.fsBioSet, 'swap_writepage: bio_alloc(GFP_NOIO) from fs_bio_set', 'swapWritepage'],
      [p.dmIoPool, 'alloc_io: mempool_alloc(md->io_pool, GFP_NOIO)', 'allocIo'],
      [p.dmBs, 'alloc_tio: bio_alloc_bioset(GFP_NOIO, md->bs)', 'allocTio'],
    ];
    STAGES.set(ctx.m, list);
  }
  return list;
}

/** With a666e5c05e7c, the swap bio must first get one of dm's swap_bios slots. */
function swapBiosFull(ctx: SimCtx): boolean {
  return ctx.policy.dmLimitsSwapBios && ctx.m.swapBiosInFlight >= ctx.m.p.dmSwapBios;
}

function mapSwapBio(ctx: SimCtx, zone: number): void {
  if (ctx.policy.dmLimitsSwapBios) ctx.m.swapBiosInFlight++;
  cryptMap(ctx.m, ctx.m.newSwapIo(zone));
}

/**
 * The part of swap_writepage that needs no sleep: returns how many of the
 * three allocations succeeded at once (4: the bio was also mapped and queued
 * to kcryptd). swapWritepage(ctx, zone, from) continues from there.
 */
export function swapWritepageFast(ctx: SimCtx, zone: number): number {
  if (ctx.trace) return 0;
  const p = ctx.m.pools;
  if (mempoolAllocFast(ctx, p.fsBioSet, GFP_NOIO) === undefined) return 0;
  if (mempoolAllocFast(ctx, p.dmIoPool, GFP_NOIO) === undefined) return 1;
  if (mempoolAllocFast(ctx, p.dmBs, GFP_NOIO) === undefined) return 2;
  if (swapBiosFull(ctx)) return 3;
  mapSwapBio(ctx, zone);
  return 4;
}

export function* swapWritepage(ctx: SimCtx, zone: number, from = 0): Generator<Wait, void, void> {
  const list = stages(ctx);
  for (let i = from; i < list.length; i++) {
    const [pool, say, key] = list[i]!;
    if (ctx.trace) step(ctx, ref(ctx.tree, key), say);
    yield* mempoolAlloc(ctx, pool, GFP_NOIO);
  }
  // a666e5c05e7c: down(&md->swap_bios_semaphore) before the target's map; no timeout.
  while (swapBiosFull(ctx)) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptMap'), `dm-swap-bios-limit: ${ctx.m.swapBiosInFlight} swap bios in flight: wait for one to complete`);
    yield { op: 'wait', queue: ctx.m.q.swapBios, timeoutUs: 3_600_000_000, site: 'dm swap_bios' };
  }
  if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptMap'), 'crypt_map: queue the write to kcryptd');
  mapSwapBio(ctx, zone);
}
