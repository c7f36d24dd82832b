/**
 * The machine as the twins see it: the state and the services they act on.
 * sim/machine.ts implements it; no twin imports the machine itself. The
 * calling task comes with it in a SimCtx.
 */
import type { Engine, Task, WaitQueue } from '../runtime/engine.ts';
import type { Fifo } from '../runtime/fifo.ts';
import type { Rng } from '../runtime/rng.ts';
import type { Kernel } from '../kernel/kernels.ts';
import type { Params } from '../scenario/params.ts';
import type { Zone, PcpConfig } from '../mm/zone.ts';
import type { Mempool } from '../mm/mempool.ts';
import type { AllocEnv, CtxWithTree } from '../mm/pageAlloc.ts';
import type { WritebackState } from '../mm/pageWriteback.ts';
import type { OomEnv, OomKill, OomState } from '../mm/oomKill.ts';
import type { SwapIo } from '../block/swapIo.ts';
import type { VmEvents } from '../mm/vmEvents.ts';

/** The context the simulation passes to twins: the calling task and the machine. */
export interface SimCtx extends CtxWithTree {
  task: Task;
  m: MachineEnv;
}

export type QueueName = 'kswapd' | 'pfmemalloc' | 'kcryptd' | 'dmcryptWrite' | 'diskTag' | 'bioAllocLock' | 'swapBios' | 'oomReaper' | 'exitMutex';

export interface MachineEnv extends OomEnv {
  readonly engine: Engine;
  readonly kernel: Kernel;
  readonly p: Params;
  readonly zones: Zone[];
  readonly pcp: PcpConfig;
  readonly rng: { disk: Rng; test: Rng; crypt: Rng[] };
  /** The slow path's view of the machine. */
  readonly env: AllocEnv;
  readonly q: Record<QueueName, WaitQueue>;
  readonly pools: { fsBioSet: Mempool; dmIoPool: Mempool; dmBs: Mempool; cryptBs: Mempool; pagePool: Mempool; lowerIoPool?: Mempool; lowerBs?: Mempool };

  swapTotal: number;
  swapUsed: number;
  swapOuts: number;
  writebacksDone: number;
  /** pgscan and pgsteal, by kswapd and direct (mm/vmEvents.ts). */
  readonly vmEvents: VmEvents;
  /** Writes kcryptd has encrypted; with plain swap (swapOnDmCrypt 0), writes submitted to the disk. */
  cryptDone: number;
  touched: number;
  readonly touchTarget: number;
  testTask: Task;
  testDone: boolean;
  testDoneAt: number;
  oomKills: OomKill[];
  /** The OOM killer's state: victims, the reaper's list, the candidate's mm flags. */
  readonly oom: OomState;
  /** Pages of the test program given back by the reaper or its exit. */
  testReleased: number;
  /** Pages under writeback whose owner has exited: freed with their swap slot when the write ends. */
  orphanWb: number;
  /** Told when the victim has exited and the last of its pages is free (the run ends there). */
  victimMemoryReleased(): void;

  /** kswapd's state (wakeup_kswapd). */
  kswapdSleeping: boolean;
  /** Times wakeAllKswapds woke kswapd. */
  kswapdWakeups: number;
  /** Tasks waiting in throttle_direct_reclaim's unbounded (__GFP_FS) wait on pfmemalloc_wait. */
  fsThrottled: number;
  /** The zonelist as reclaim walks it (vmscan.ts reclaimUnits), built on first use. */
  reclaimUnits: Zone[][] | null;

  /** dm-crypt and the disk. */
  readonly kcryptdQueue: Fifo<SwapIo>;
  readonly writeQueue: Fifo<SwapIo>;
  readonly diskQueue: Fifo<SwapIo>;
  diskBusyUntil: number;
  diskInFlight: number;
  completionPending: boolean;
  /** The disk's completion event (one closure per machine, made by block/disk.ts). */
  diskCompleteFn: (() => void) | null;
  bioAllocLockHeld: boolean;
  /** Swap bios inside dm-crypt (counted only when the kernel limits them, a666e5c05e7c). */
  swapBiosInFlight: number;
  /** A SwapIo record for a page of zone `zone` entering dm-crypt. */
  newSwapIo(zone: number): SwapIo;
  /** Gives back the record of a completed write (after crypt_endio). */
  releaseSwapIo(io: SwapIo): void;

  wakeAllKswapds(): void;
  pfmemallocWatermarkOk(): boolean;
  swapAvailable(): boolean;
  /** NR_WRITEBACK, pages. */
  writeback(): number;
  /** The global counters throttle_vm_writeout reads (one object, refreshed on every call). */
  writebackState(): WritebackState;
  /** writebackState as a function value (one closure per machine). */
  readonly writebackStateFn: () => WritebackState;
}
