/**
 * The simulated machine: zones, pools, caches, queues, tasks, counters. Built
 * from a scenario; the twins act on it through a SimCtx.
 */
import { Engine, waitQueue, type Task, type Wait, type WaitQueue } from './engine.ts';
import { streamFor, type Rng } from './rng.ts';
import { buildKernel, type Kernel } from '../kernel/kernels.ts';
import { treeFor, type Tree } from '../kernel/refs.ts';
import type { Scenario } from '../scenario/scenarios.ts';
import type { Params } from '../scenario/params.ts';
import { computeWatermarks, totalreservePages, zonesForRam } from './../mm/watermarks.ts';
import { freePage, getPageFromFreelist, makeZone, takePage, zoneReclaimablePages, type PcpConfig, type Zone } from '../mm/zone.ts';
import { ALLOC_CPUSET, ALLOC_NO_WATERMARKS, ALLOC_WMARK_LOW } from '../mm/flags.ts';
import { allocPagesSlowpath, slowpathFreelist, type AllocEnv, type CtxWithTree, type RetryZone } from '../mm/pageAlloc.ts';
import { makeSlabCache, slabAlloc, slabFree, type SlabCache } from '../mm/slab.ts';
import type { Mempool } from '../mm/mempool.ts';
import type { WritebackState } from '../mm/pageWriteback.ts';
import type { TwinCtx } from './trace.ts';

/** The context the simulation passes to twins: the calling task and the machine. */
export interface SimCtx extends CtxWithTree {
  task: Task;
  m: Machine;
}

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

export interface OomKill {
  t: number;
  victim: string;
  swapFreePct: number;
  freeKiB: number;
  reason: string;
}

/** A FIFO queue with O(1) shift. */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(x: T): void {
    this.items.push(x);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

export const PAGE_BYTES = 4096;
/** Scanning one LRU page in shrink_page_list: an assumed cost (no 2016 measurement). */
export const SCAN_US_PER_PAGE = 0.5;
/** add_to_swap + try_to_unmap + pageout of one anonymous page: assumed. */
export const SWAPOUT_US_PER_PAGE = 4;
/** Disk completions within this window are handled in one event. */
export const COMPLETION_BATCH_US = 1000;
/** Pages the test touches between two events. */
export const TOUCH_BATCH_PAGES = 64;

export class Machine {
  readonly engine: Engine;
  readonly kernel: Kernel;
  readonly tree: Tree;
  readonly p: Params;
  readonly zones: Zone[];
  readonly pcp: PcpConfig;
  readonly totalPages: number;
  readonly totalreserve: number;
  /** global_wb_domain.dirty_limit, pages. */
  readonly domainDirtyLimit: number;
  swapTotal: number;
  swapUsed = 0;

  readonly caches: { bio0: SlabCache; dmIo: SlabCache; dmTio: SlabCache };
  readonly pools: { fsBioSet: Mempool; dmIoPool: Mempool; dmBs: Mempool; cryptBs: Mempool; pagePool: Mempool; lowerIoPool?: Mempool; lowerBs?: Mempool };

  readonly kcryptdQueue = new Fifo<SwapIo>();
  readonly writeQueue = new Fifo<SwapIo>();
  readonly diskQueue = new Fifo<SwapIo>();
  diskBusyUntil = 0;
  diskInFlight = 0;
  completionPending = false;

  readonly q: Record<'kswapd' | 'pfmemalloc' | 'kcryptd' | 'dmcryptWrite' | 'diskTag' | 'bioAllocLock' | 'swapBios', WaitQueue>;
  /** Swap bios inside dm-crypt (counted only when the kernel limits them, a666e5c05e7c). */
  swapBiosInFlight = 0;
  bioAllocLockHeld = false;
  kswapdSleeping = true;
  kswapdWakeups = 0;

  writebacksDone = 0;
  cryptDone = 0;
  swapOuts = 0;
  touched = 0;
  readonly touchTarget: number;
  testTask!: Task;
  kswapdTask!: Task;
  kcryptdTasks: Task[] = [];
  dmcryptWriteTask!: Task;
  testDone = false;
  testDoneAt = -1;
  oomKills: OomKill[] = [];
  reservesExhaustedAt = -1;
  noProgressLoops = 0;
  /** should_reclaim_retry in the current sampling interval: the largest no_progress_loops seen, checks, and verdicts to stop. */
  retryWindow = { maxLoops: 0, checks: 0, giveUps: 0 };

  readonly rng: { disk: Rng; test: Rng; crypt: Rng[] };
  readonly ctxCache = new Map<Task, SimCtx>();
  readonly env: AllocEnv;

  constructor(scenario: Scenario, maxEvents: number) {
    this.p = scenario.params;
    const p = this.p;
    this.kernel = buildKernel(scenario.kernel, scenario.patches);
    this.tree = treeFor(scenario.kernel);
    this.engine = new Engine(maxEvents, Math.round(p.horizonS * 1e6));
    const specs = zonesForRam(p.ramMiB);
    const { watermarks } = computeWatermarks(specs, {
      minFreeKbytes: p.minFreeKbytes > 0 ? p.minFreeKbytes : undefined,
      watermarkScaleFactor: p.watermarkScaleFactor,
      kernel: this.kernel.policy.watermarkRule === 'v4.5' ? 'v4.5' : 'v4.6',
    });
    this.zones = watermarks.map((w, i) => makeZone(w, i));
    this.totalreserve = totalreservePages(watermarks);
    this.totalPages = this.zones.reduce((s, z) => s + z.managed, 0);
    const top = this.zones[this.zones.length - 1]!;
    // The largest zone's share of the per-cpu lists: zone_batchsize (≤ 31 pages here), high = 6 × batch, per CPU.
    const batch = Math.max(1, Math.min(31, Math.floor(top.managed / 1024 / 4)));
    this.pcp = { batch, high: 6 * batch * p.cpus };
    this.swapTotal = p.swapMiB * 256;
    this.touchTarget = p.touchMiB * 256;

    // Boot-time memory: kernel, then the file cache, in the highest zones first.
    this.place('other', p.kernelMiB * 256);
    this.place('file', p.fileCacheMiB * 256);

    const nZ = this.zones.length;
    const tio = Math.max(64, p.slabBytesPerBio - 256 - 128);
    this.caches = { bio0: makeSlabCache('bio-0', 256, nZ), dmIo: makeSlabCache('dm_io', 128, nZ), dmTio: makeSlabCache('dm tio', tio, nZ) };
    this.q = {
      kswapd: waitQueue('kswapd_wait'), pfmemalloc: waitQueue('pfmemalloc_wait'), kcryptd: waitQueue('kcryptd'),
      dmcryptWrite: waitQueue('dmcrypt_write'), diskTag: waitQueue('bt_get'), bioAllocLock: waitQueue('bio_alloc_lock'),
      swapBios: waitQueue('swap_bios'),
    };
    this.pools = {
      fsBioSet: this.slabPool('fs_bio_set', 2, this.caches.bio0),
      dmIoPool: this.slabPool('md->io_pool', 16, this.caches.dmIo),
      dmBs: this.slabPool('md->bs', 16, this.caches.dmTio),
      cryptBs: this.slabPool('cc->bs', this.kernel.policy.dmCryptMinIos, this.caches.bio0),
      pagePool: this.pagePool('cc->page_pool', 256),
    };
    if (p.lowerDmLayers > 0) {
      this.pools.lowerIoPool = this.slabPool('lower md->io_pool', 16, this.caches.dmIo);
      this.pools.lowerBs = this.slabPool('lower md->bs', 16, this.caches.dmTio);
    }
    const dirtyableAtBoot = this.zones.reduce((s, z) => s + z.free + z.file, 0) - this.totalreserve;
    this.domainDirtyLimit = p.globalDirtyLimitMiB > 0 ? p.globalDirtyLimitMiB * 256 : Math.floor((p.dirtyRatio * dirtyableAtBoot) / 100);
    this.rng = {
      disk: streamFor(p.seed, 'disk'),
      test: streamFor(p.seed, 'test'),
      crypt: Array.from({ length: p.cpus }, (_, i) => streamFor(p.seed, `kcryptd/${i}`)),
    };
    this.env = this.makeEnv();
  }

  /** Takes n boot-time pages of a kind from the zones, highest first, leaving each zone its high mark. */
  private place(kind: 'other' | 'file', n: number): void {
    for (let i = this.zones.length - 1; i >= 0 && n > 0; i--) {
      const z = this.zones[i]!;
      const take = Math.max(0, Math.min(n, z.free - z.high * 4));
      z.free -= take;
      z[kind] += take;
      n -= take;
    }
  }

  /** A page at boot (mempool_create): straight from the highest zone with room. */
  private bootPage(): number {
    for (let i = this.zones.length - 1; i >= 0; i--) if (this.zones[i]!.free > this.zones[i]!.high) {
      this.zones[i]!.free--;
      return i;
    }
    throw new Error('no memory at boot');
  }

  private slabPool(name: string, minNr: number, cache: SlabCache): Mempool {
    for (let i = 0; i < minNr; i++) {
      if (cache.freeObjects === 0) {
        const z = this.bootPage();
        this.zones[z]!.slab++;
        cache.pagesByZone[z]!++;
        cache.freeObjects += cache.objectsPerPage;
      }
      cache.freeObjects--;
    }
    const m = this;
    return {
      name, minNr, elements: new Array(minNr).fill(-1), wait: waitQueue(name),
      *alloc(ctx, gfp) {
        return yield* slabAlloc(cache, () => m.allocPages(ctx as SimCtx, gfp), (z) => m.zones[z]!.slab++);
      },
      tryAlloc(ctx, gfp) {
        if (cache.freeObjects > 0) {
          cache.freeObjects--;
          return -1;
        }
        const z = m.allocPagesNoReclaim(ctx as SimCtx, gfp);
        if (z < 0) return null;
        cache.pagesByZone[z]!++;
        m.zones[z]!.slab++;
        cache.freeObjects += cache.objectsPerPage - 1;
        return -1;
      },
      free() {
        const z = slabFree(cache);
        if (z >= 0) {
          m.zones[z]!.slab--;
          freePage(m.zones[z]!, m.pcp);
        }
      },
    };
  }

  private pagePool(name: string, minNr: number): Mempool {
    const elements: number[] = [];
    for (let i = 0; i < minNr; i++) {
      const z = this.bootPage();
      this.zones[z]!.crypt++;
      elements.push(z);
    }
    const m = this;
    return {
      name, minNr, elements, wait: waitQueue(name),
      *alloc(ctx, gfp) {
        const z = yield* m.allocPages(ctx as SimCtx, gfp);
        if (z < 0) return null;
        m.zones[z]!.crypt++;
        return z;
      },
      tryAlloc(ctx, gfp) {
        const z = m.allocPagesNoReclaim(ctx as SimCtx, gfp);
        if (z < 0) return null;
        m.zones[z]!.crypt++;
        return z;
      },
      free(z) {
        m.zones[z]!.crypt--;
        freePage(m.zones[z]!, m.pcp);
      },
    };
  }

  ctx(task: Task): SimCtx {
    let c = this.ctxCache.get(task);
    if (!c) {
      c = { task, m: this, policy: this.kernel.policy, hz: this.p.hz, trace: null, tree: this.tree };
      this.ctxCache.set(task, c);
    }
    return c;
  }

  /** alloc_pages for order 0: the fast path at the low mark, else the slow path. Zone index or -1. */
  *allocPages(ctx: SimCtx, gfp: number): Generator<Wait, number, void> {
    // The fast path and the slow path's first freelist tries never sleep; the slow path repeats them (no side effect but waking kswapd again).
    const z = this.allocPagesNoReclaim(ctx, gfp);
    if (z >= 0) return z;
    return yield* allocPagesSlowpath(ctx, this.env, gfp);
  }

  /** alloc_pages with a mask that cannot direct-reclaim: the fast path, then the slow path's freelist tries. Never sleeps. */
  allocPagesNoReclaim(ctx: SimCtx, gfp: number): number {
    const z = getPageFromFreelist(this.zones, ALLOC_WMARK_LOW | ALLOC_CPUSET, this.pcp);
    if (z >= 0) return z;
    return slowpathFreelist(ctx, this.env, gfp).z;
  }

  writeback(): number {
    let n = 0;
    for (const z of this.zones) n += z.anonWb;
    return n;
  }

  freePages(): number {
    let n = 0;
    for (const z of this.zones) n += z.free;
    return n;
  }

  private readonly wbState: WritebackState = { writeback: 0, free: 0, fileLru: 0, totalreserve: 0, dirtyRatio: 0, dirtyBackgroundRatio: 0, domainDirtyLimit: 0 };

  /** The global counters throttle_vm_writeout reads (one object, refreshed on every call). */
  writebackState(): WritebackState {
    let free = 0, file = 0, wb = 0;
    for (const z of this.zones) {
      free += z.free;
      file += z.file;
      wb += z.anonWb;
    }
    const s = this.wbState;
    s.writeback = wb; s.free = free; s.fileLru = file; s.totalreserve = this.totalreserve;
    s.dirtyRatio = this.p.dirtyRatio; s.dirtyBackgroundRatio = this.p.dirtyBackgroundRatio; s.domainDirtyLimit = this.domainDirtyLimit;
    return s;
  }

  swapAvailable(): boolean {
    return this.swapUsed < this.swapTotal;
  }

  /** pfmemalloc_watermark_ok: free pages above half the sum of the min marks. */
  pfmemallocWatermarkOk(): boolean {
    let reserve = 0, free = 0;
    for (const z of this.zones) {
      reserve += z.min;
      free += z.free;
    }
    return free > Math.floor(reserve / 2);
  }

  /** wakeup_kswapd for every zone of the zonelist: unless already balanced at high. */
  wakeAllKswapds(): void {
    if (!this.kswapdSleeping) return;
    if (this.zones.every((z) => z.free > z.high)) return;
    this.kswapdSleeping = false;
    this.kswapdWakeups++;
    this.engine.wake(this.q.kswapd);
  }

  private makeEnv(): AllocEnv {
    const m = this;
    return {
      getPageFromFreelist(allocFlags) {
        const z = getPageFromFreelist(m.zones, allocFlags, m.pcp);
        if (z >= 0 && allocFlags & ALLOC_NO_WATERMARKS && m.reservesExhaustedAt < 0 && m.zones[z]!.free === 0 && z === m.zones.length - 1) m.reservesExhaustedAt = m.engine.now;
        return z;
      },
      wakeAllKswapds: () => m.wakeAllKswapds(),
      tryToFreePages: (ctx, gfp) => m.hooks.tryToFreePages(ctx as SimCtx, gfp),
      zonesForRetry(): RetryZone[] {
        const swap = m.swapAvailable();
        return m.zones.map((z) => ({ name: z.name, free: z.free, min: z.min, lowmemReserve: z.lowmemReserve, reclaimable: zoneReclaimablePages(z, swap), writeback: z.anonWb, dirty: 0 }));
      },
      writebacksDone: () => m.writebacksDone,
      outOfMemory: (ctx, gfp) => m.hooks.outOfMemory(ctx as SimCtx, gfp),
      noteRetry(loops, retry) {
        m.retryWindow.maxLoops = Math.max(m.retryWindow.maxLoops, loops);
        m.retryWindow.checks++;
        if (!retry) m.retryWindow.giveUps++;
      },
    };
  }

  /** Set by simulate(): the reclaim and OOM entry points (kept here to avoid an import cycle). */
  hooks!: {
    tryToFreePages(ctx: SimCtx, gfp: number): Generator<Wait, number, void>;
    outOfMemory(ctx: SimCtx, gfp: number): Generator<Wait, boolean, void>;
  };

  takeFromZone(z: number): boolean {
    return takePage(this.zones[z]!, this.pcp);
  }
}

export type { TwinCtx };
