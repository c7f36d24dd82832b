/**
 * One swapped-out page on its way to the disk (through dm and dm-crypt, or,
 * with swap on the bare disk, straight to it), and the end of its write.
 */
import { mempoolFree } from '../mm/mempool.ts';
import { freePage } from '../mm/zone.ts';
import type { MachineEnv } from '../env/machineEnv.ts';

export interface SwapIo {
  /** Zone of the anonymous page under writeback. */
  zone: number;
  /** Zone of the ciphertext page, -1 until allocated (or with plain swap). */
  cryptZone: number;
  /** When its encryption is finished (the worker's owed CPU time); with plain swap, when it was submitted. */
  readyAt: number;
  /** Completion time at the disk. */
  doneAt: number;
  /** Swap on the bare disk: no dm, no dm-crypt. */
  plain: boolean;
}

/**
 * end_swap_bio_write → end_page_writeback for the page of one write: it is
 * no longer under writeback and stays in the swap cache as a clean page
 * (PG_reclaim rotates it to the tail of the inactive list), unless its owner
 * is gone (an exited OOM victim: its slot is freed with it) or the test is
 * over.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_io.c#L75
 */
export function endSwapWrite(m: MachineEnv, io: SwapIo): void {
  const z = m.zones[io.zone]!;
  z.anonWb--;
  m.writebacksDone++;
  if (m.orphanWb > 0) {
    // The page of an exited OOM victim: out of the swap cache, and its slot freed.
    m.orphanWb--;
    m.swapUsed--;
    freePage(z, m.pcp);
    if (m.orphanWb === 0 && m.oom.mm.exited) m.victimMemoryReleased();
  } else if (m.testDone) freePage(z, m.pcp);
  else z.swapClean++;
}

/** The completion of a write to swap on the bare disk: bio_put of the fs_bio_set bio, then the page's writeback ends. */
export function plainSwapEndio(m: MachineEnv, io: SwapIo): void {
  mempoolFree(m.pools.fsBioSet, -1, m.engine);
  endSwapWrite(m, io);
}
