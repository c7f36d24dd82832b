/** One swapped-out page on its way through dm and dm-crypt to the disk. */
export interface SwapIo {
  /** Zone of the anonymous page under writeback. */
  zone: number;
  /** Zone of the ciphertext page, -1 until allocated. */
  cryptZone: number;
  /** When its encryption is finished (the worker's owed CPU time). */
  readyAt: number;
  /** Completion time at the disk. */
  doneAt: number;
}
