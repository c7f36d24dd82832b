/**
 * The swap-out path as far as the block layer: swap_writepage →
 * __swap_writepage → get_swap_bio (a bio from fs_bio_set, GFP_NOIO) →
 * submit_bio → dm (alloc_io, alloc_tio, crypt_map). It runs in the
 * reclaimer's context, so with PF_MEMALLOC (kswapd, or a task inside
 * __perform_reclaim). With swap on the bare disk (swapOnDmCrypt 0, the lab's
 * control) submit_bio goes straight to the disk's queue: the reclaimer
 * itself waits for a tag when the queue is full (blk_mq_get_request →
 * bt_get), and the write's completion ends the page's writeback.
 * A SIMPLIFICATION there: the dm and dm-crypt pools are still allocated at
 * boot (about 1 MiB, mostly cc->page_pool), though no write uses them.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_io.c#L234
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm.c#L1775
 */
import { GFP_NOIO } from '../mm/flags.ts';
import { mempoolAlloc, type Mempool } from '../mm/mempool.ts';
import { step } from '../runtime/trace.ts';
import { sleeps, type MaySleep, type Sleeping } from '../runtime/maySleep.ts';
import { ref } from '../kernel/refs.ts';
import { cryptMap } from '../dm/dmCrypt.ts';
import { diskSubmit } from './disk.ts';
import type { MachineEnv, SimCtx } from '../env/machineEnv.ts';

type Stage = [Mempool, string, Parameters<typeof ref>[1]];
const STAGES = new WeakMap<MachineEnv, Stage[]>();
/** The machine of the last lookup and its list (one run at a time asks for the same list a million times). */
let lastMachine: MachineEnv | null = null;
let lastList: Stage[] = [];

/** The mempool allocations of one swap write, in the kernel's order: three through dm, one to the bare disk (one list per machine). */
function stages(ctx: SimCtx): Stage[] {
  if (ctx.m === lastMachine) return lastList;
  let list = STAGES.get(ctx.m);
  if (!list) {
    const p = ctx.m.pools;
    list = [[p.fsBioSet, 'swap_writepage: bio_alloc(GFP_NOIO) from fs_bio_set', 'swapWritepage']];
    if (ctx.m.p.swapOnDmCrypt) {
      list.push([p.dmIoPool, 'alloc_io: mempool_alloc(md->io_pool, GFP_NOIO)', 'allocIo']);
      list.push([p.dmBs, 'alloc_tio: bio_alloc_bioset(GFP_NOIO, md->bs)', 'allocTio']);
    }
    STAGES.set(ctx.m, list);
  }
  lastMachine = ctx.m;
  lastList = list;
  return list;
}

/** With a666e5c05e7c, the swap bio must first get one of dm's swap_bios slots (only through dm). */
function swapBiosFull(ctx: SimCtx): boolean {
  return ctx.policy.dmLimitsSwapBios && ctx.m.p.swapOnDmCrypt === 1 && ctx.m.swapBiosInFlight >= ctx.m.p.dmSwapBios;
}

/** Plain swap: the disk's queue has no free tag, so submit_bio sleeps for one. */
function diskTagsFull(ctx: SimCtx): boolean {
  return ctx.m.p.swapOnDmCrypt === 0 && ctx.m.diskInFlight >= ctx.m.p.diskQueueDepth;
}

/**
 * swap_writepage of one page of zone `zone`: the three allocations, the
 * swap_bios slot when dm limits them, then crypt_map. Returns at once when no
 * step sleeps; else the generator that goes on from the step that sleeps.
 */
export function swapWritepage(ctx: SimCtx, zone: number): MaySleep<void> {
  const list = stages(ctx);
  for (let i = 0; i < list.length; i++) {
    const stage = list[i]!;
    if (ctx.trace) step(ctx, ref(ctx.tree, stage[2]), stage[1]);
    const r = mempoolAlloc(ctx, stage[0], GFP_NOIO);
    if (sleeps(r)) return swapWritepageFrom(ctx, zone, i, r);
  }
  if (swapBiosFull(ctx) || diskTagsFull(ctx)) return swapWritepageFrom(ctx, zone, list.length, null);
  mapSwapBio(ctx, zone);
}

/** swapWritepage from stage `from`, whose allocation (if any) is under way in `pending`. */
function* swapWritepageFrom(ctx: SimCtx, zone: number, from: number, pending: Sleeping<number | null> | null): Sleeping<void> {
  if (pending) yield* pending;
  const list = stages(ctx);
  for (let i = from + 1; i < list.length; i++) {
    const stage = list[i]!;
    if (ctx.trace) step(ctx, ref(ctx.tree, stage[2]), stage[1]);
    const r = mempoolAlloc(ctx, stage[0], GFP_NOIO);
    if (sleeps(r)) yield* r;
  }
  // a666e5c05e7c: down(&md->swap_bios_semaphore) before the target's map; no timeout.
  while (swapBiosFull(ctx)) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptMap'), `dm-swap-bios-limit: ${ctx.m.swapBiosInFlight} swap bios in flight: wait for one to complete`);
    yield { op: 'wait', queue: ctx.m.q.swapBios, timeoutUs: 3_600_000_000, site: 'dm swap_bios' };
  }
  while (diskTagsFull(ctx)) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'swapWritepage'), `plain swap: ${ctx.m.diskInFlight} requests queued at the disk: wait for a tag`);
    yield { op: 'wait', queue: ctx.m.q.diskTag, timeoutUs: Infinity, site: 'bt_get' };
  }
  mapSwapBio(ctx, zone);
}

/** crypt_map of the swap bio (after taking its swap_bios slot when dm limits them); with plain swap, the disk's queue. */
function mapSwapBio(ctx: SimCtx, zone: number): void {
  if (!ctx.m.p.swapOnDmCrypt) {
    if (ctx.trace) step(ctx, ref(ctx.tree, 'swapWritepage'), 'plain swap: submit_bio to the disk');
    const io = ctx.m.newSwapIo(zone);
    io.plain = true;
    io.readyAt = ctx.m.engine.now;
    ctx.m.cryptDone++;
    diskSubmit(ctx.m, io);
    return;
  }
  if (ctx.trace) step(ctx, ref(ctx.tree, 'cryptMap'), 'crypt_map: queue the write to kcryptd');
  if (ctx.policy.dmLimitsSwapBios) ctx.m.swapBiosInFlight++;
  cryptMap(ctx.m, ctx.m.newSwapIo(zone));
}
