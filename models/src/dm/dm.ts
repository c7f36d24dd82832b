/**
 * Device-mapper core on the submit side: __split_and_process_bio allocates a
 * struct dm_io (alloc_io, md->io_pool) and a target clone (alloc_tio,
 * md->bs), both GFP_NOIO mempools of RESERVED_BIO_BASED_IOS = 16, then calls
 * the target's map function (crypt_map). The submit side lives in
 * block/swap.ts (swapWritepage walks these allocations in order).
 * https://elixir.bootlin.com/linux/v4.6/source/drivers/md/dm.c#L1775
 */
import { mempoolFree } from '../mm/mempool.ts';
import type { MachineEnv } from '../env/machineEnv.ts';

export const RESERVED_BIO_BASED_IOS = 16;

/** The dm side of completion: free the clone, the dm_io, then the original bio (bio_put → fs_bio_set). */
export function dmEndio(m: MachineEnv): void {
  const w = m.engine;
  mempoolFree(m.pools.dmBs, -1, w);
  mempoolFree(m.pools.dmIoPool, -1, w);
  mempoolFree(m.pools.fsBioSet, -1, w);
}
