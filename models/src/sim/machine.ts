/**
 * The simulated machine: zones, pools, caches, queues, tasks, counters. Built
 * from a scenario; the twins act on it through a SimCtx (it is their
 * MachineEnv, env/machineEnv.ts).
 */
import { Engine, waitQueue, type Task, type Wait, type WaitQueue } from '../runtime/engine.ts';
import { streamFor, type Rng } from '../runtime/rng.ts';
import { Fifo } from '../runtime/fifo.ts';
import { DISCARDED_STEPS, type TraceStep } from '../runtime/trace.ts';
import { buildKernel, type Kernel } from '../kernel/kernels.ts';
import { treeFor, type Tree } from '../kernel/trees.ts';
import type { Scenario } from '../scenario/scenarios.ts';
import type { Params } from '../scenario/params.ts';
import type { MachineEnv, QueueName, SimCtx } from '../env/machineEnv.ts';
import type { SwapIo } from '../block/swapIo.ts';
import { computeWatermarks, totalreservePages, zonesForRam } from '../mm/watermarks.ts';
import { drainAllPages, freePage, getPageFromFreelist, makeZone, markFor, takePage, watermarkOk, zoneReclaimablePages, type PcpConfig, type Zone } from '../mm/zone.ts';
import { ALLOC_CPUSET, ALLOC_NO_WATERMARKS, ALLOC_WMARK_LOW, PF_MEMALLOC, __GFP_DIRECT_RECLAIM, __GFP_KSWAPD_RECLAIM } from '../mm/flags.ts';
import { allocPagesSlowpath, gfpToAllocFlags, slowpathFreelist, type AllocEnv, type CtxWithTree, type RetryZone } from '../mm/pageAlloc.ts';
import { makeSlabCache, slabAddPage, slabAlloc, slabFree, slabTakeFree, type SlabCache } from '../mm/slab.ts';
import type { Mempool } from '../mm/mempool.ts';
import { writebackSetRatelimit, type WritebackState } from '../mm/pageWriteback.ts';
import { pfmemallocWatermarkOk, tryToFreePages, wakeupKswapdWakes } from '../mm/vmscan.ts';
import { makeOomState, outOfMemory, type OomKill, type OomState } from '../mm/oomKill.ts';
import { makeVmEvents } from '../mm/vmEvents.ts';

export type { SimCtx, SwapIo, OomKill };

/** A twin context on this machine (the workload, which is part of the machine, uses the machine's own methods). */
export interface MachineCtx extends SimCtx {
  m: Machine;
}

/**
 * The slow path's view of the machine (AllocEnv). A class rather than an
 * object of closures made per machine, so the slow path's calls into it see
 * the same functions from one run to the next.
 */
class SlowpathEnv implements AllocEnv {
  constructor(private readonly m: Machine) {}

  getPageFromFreelist(allocFlags: number): number {
    const m = this.m;
    const z = getPageFromFreelist(m.zones, allocFlags, m.pcp);
    if (z >= 0 && allocFlags & ALLOC_NO_WATERMARKS && m.reservesExhaustedAt < 0 && m.zones[z]!.free === 0 && z === m.zones.length - 1) m.reservesExhaustedAt = m.engine.now;
    return z;
  }

  wakeAllKswapds(): void {
    this.m.wakeAllKswapds();
  }

  drainAllPages(): void {
    const m = this.m;
    drainAllPages(m.zones, m.kernel.policy.reclaimUnit === 'node');
  }

  tryToFreePages(ctx: CtxWithTree, gfp: number): Generator<Wait, number, void> {
    return tryToFreePages(ctx as SimCtx, gfp);
  }

  zonesForRetry(): RetryZone[] {
    const m = this.m;
    const swap = m.swapAvailable();
    return m.zones.map((z) => ({ name: z.name, free: z.free, min: z.min, lowmemReserve: z.lowmemReserve, reclaimable: zoneReclaimablePages(z, swap), writeback: z.anonWb, dirty: 0 }));
  }

  writebacksDone(): number {
    return this.m.writebacksDone;
  }

  outOfMemory(ctx: CtxWithTree, gfp: number): Generator<Wait, boolean, void> {
    return outOfMemory(ctx as SimCtx, gfp);
  }

  noteRetry(loops: number, retry: boolean): void {
    const w = this.m.retryWindow;
    w.maxLoops = Math.max(w.maxLoops, loops);
    w.checks++;
    if (!retry) w.giveUps++;
  }
}

/** A generator that returns z at once (for a call that found its page without the slow path). */
function* pageFound(z: number): Generator<Wait, number, void> {
  return z;
}

/**
 * Slab object sizes on x86-64 in 4.6, counted by hand from the declarations
 * (Fedora config: CONFIG_BLK_CGROUP=y, CONFIG_BLK_DEV_INTEGRITY=y, no lock
 * debugging). struct bio is 136 bytes (blk_types.h 4.6:46). A bio_set's slab
 * holds sizeof(bio) + front_pad + 4 inline bio_vecs (64 bytes, bio.c 4.6:1875,
 * :73), rounded up to a 64-byte cache line (SLAB_HWCACHE_ALIGN).
 * - bio-0 (fs_bio_set and dm-crypt's cc->bs, both front_pad 0): 136 + 64 = 200 → 256.
 * - dm_io (KMEM_CACHE, no cache-line alignment, dm.c 4.6:69, :355): 56.
 * - a dm-linear tio (front_pad = offsetof(dm_target_io, clone) = 32, per_io_data_size 0,
 *   dm.c 4.6:3552; its own "bio-1" slab): 136 + 32 + 64 = 232 → 256.
 * The dm-crypt tio is in `slabBytesPerBio` (params.ts says how it is counted).
 */
export const BIO0_BYTES = 256;
export const DM_IO_BYTES = 56;
export const DM_LINEAR_TIO_BYTES = 256;

export class Machine implements MachineEnv {
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

  readonly caches: { bio0: SlabCache; dmIo: SlabCache; dmTio: SlabCache; lowerTio?: SlabCache };
  readonly pools: { fsBioSet: Mempool; dmIoPool: Mempool; dmBs: Mempool; cryptBs: Mempool; pagePool: Mempool; lowerIoPool?: Mempool; lowerBs?: Mempool };

  readonly kcryptdQueue = new Fifo<SwapIo>();
  readonly writeQueue = new Fifo<SwapIo>();
  readonly diskQueue = new Fifo<SwapIo>();
  diskBusyUntil = 0;
  diskInFlight = 0;
  completionPending = false;
  /** The disk's completion event (one closure per machine, made by block/disk.ts). */
  diskCompleteFn: (() => void) | null = null;
  /** Finished SwapIo records, reused for the next swap-out (no record outlives its completion). */
  private readonly freeIos: SwapIo[] = [];

  readonly q: Record<QueueName, WaitQueue>;
  /** Swap bios inside dm-crypt (counted only when the kernel limits them, a666e5c05e7c). */
  swapBiosInFlight = 0;
  bioAllocLockHeld = false;
  kswapdSleeping = true;
  kswapdWakeups = 0;
  fsThrottled = 0;

  writebacksDone = 0;
  readonly vmEvents = makeVmEvents();
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
  readonly oom: OomState;
  testReleased = 0;
  orphanWb = 0;
  /** When the victim had exited and its last page was free (µs; -1: not yet). */
  victimGoneAt = -1;
  /** What-if (oomLockHolder): the mutex the lock holder holds while it allocates and the victim needs on its way out. */
  exitMutexHeld = false;
  lockHolderTask: Task | null = null;
  oomReaperTask: Task | null = null;
  reservesExhaustedAt = -1;
  noProgressLoops = 0;
  /** should_reclaim_retry in the current sampling interval: the largest no_progress_loops seen, checks, and verdicts to stop. */
  retryWindow = { maxLoops: 0, checks: 0, giveUps: 0 };

  readonly rng: { disk: Rng; test: Rng; crypt: Rng[] };
  readonly ctxCache = new Map<Task, MachineCtx>();
  /** The zonelist as reclaim walks it (vmscan.ts reclaimUnits), built on first use. */
  reclaimUnits: Zone[][] | null = null;
  readonly env: AllocEnv;

  /** Steps of every task's ctx: none (null), or, in reference mode, DISCARDED_STEPS (no shortcuts taken). */
  private readonly ctxTrace: TraceStep[] | null;

  constructor(scenario: Scenario, maxEvents: number, opts: { reference?: boolean } = {}) {
    this.ctxTrace = opts.reference ? DISCARDED_STEPS : null;
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
    const tio = Math.max(64, p.slabBytesPerBio - BIO0_BYTES - DM_IO_BYTES);
    this.caches = { bio0: makeSlabCache('bio-0', BIO0_BYTES, nZ), dmIo: makeSlabCache('dm_io', DM_IO_BYTES, nZ), dmTio: makeSlabCache('dm-crypt tio', tio, nZ) };
    this.q = {
      kswapd: waitQueue('kswapd_wait'), pfmemalloc: waitQueue('pfmemalloc_wait'), kcryptd: waitQueue('kcryptd'),
      dmcryptWrite: waitQueue('dmcrypt_write'), diskTag: waitQueue('bt_get'), bioAllocLock: waitQueue('bio_alloc_lock'),
      swapBios: waitQueue('swap_bios'), oomReaper: waitQueue('oom_reaper_wait'), exitMutex: waitQueue('mutex'),
    };
    this.oom = makeOomState(this.q.oomReaper);
    this.pools = {
      fsBioSet: this.slabPool('fs_bio_set', 2, this.caches.bio0),
      dmIoPool: this.slabPool('md->io_pool', 16, this.caches.dmIo),
      dmBs: this.slabPool('md->bs', 16, this.caches.dmTio),
      cryptBs: this.slabPool('cc->bs', this.kernel.policy.dmCryptMinIos, this.caches.bio0),
      pagePool: this.pagePool('cc->page_pool', 256),
    };
    if (p.lowerDmLayers > 0) {
      this.pools.lowerIoPool = this.slabPool('lower md->io_pool', 16, this.caches.dmIo);
      this.caches.lowerTio = makeSlabCache('bio-1 (dm-linear tio)', DM_LINEAR_TIO_BYTES, nZ);
      this.pools.lowerBs = this.slabPool('lower md->bs', 16, this.caches.lowerTio);
    }
    // writeback_set_ratelimit at boot, on the machine as booted (free pages and the file cache; the
    // pools above are already allocated). No file writer ever runs balance_dirty_pages, so it stays.
    const bootFree = this.zones.reduce((s, z) => s + z.free, 0);
    const bootFile = this.zones.reduce((s, z) => s + z.file, 0);
    this.domainDirtyLimit = p.globalDirtyLimitMiB > 0
      ? p.globalDirtyLimitMiB * 256
      : writebackSetRatelimit(bootFree, bootFile, this.totalreserve, p.dirtyRatio, p.dirtyBackgroundRatio, this.kernel.policy.dirtyLimitsForm);
    this.rng = {
      disk: streamFor(p.seed, 'disk'),
      test: streamFor(p.seed, 'test'),
      crypt: Array.from({ length: p.cpus }, (_, i) => streamFor(p.seed, `kcryptd/${i}`)),
    };
    this.env = new SlowpathEnv(this);
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
    return new SlabPool(this, name, minNr, cache);
  }

  private pagePool(name: string, minNr: number): Mempool {
    const elements: number[] = [];
    for (let i = 0; i < minNr; i++) {
      const z = this.bootPage();
      this.zones[z]!.crypt++;
      elements.push(z);
    }
    return new PagePool(this, name, minNr, elements);
  }

  ctx(task: Task): MachineCtx {
    let c = this.ctxCache.get(task);
    if (!c) {
      c = { task, m: this, policy: this.kernel.policy, hz: this.p.hz, trace: this.ctxTrace, tree: this.tree };
      this.ctxCache.set(task, c);
    }
    return c;
  }

  /**
   * alloc_pages for order 0: the fast path at the low mark, else the slow path. Zone index or -1.
   * Callers iterate the generator at once, so the fast path runs here, and a
   * slow path is returned as allocPagesSlowpath's own generator (no wrapper level).
   */
  allocPages(ctx: SimCtx, gfp: number): Generator<Wait, number, void> {
    // The fast path and the slow path's first freelist tries never sleep; the slow path repeats them (no side effect but waking kswapd again).
    const z = this.allocPagesNoReclaim(ctx, gfp);
    if (z >= 0) return pageFound(z);
    return allocPagesSlowpath(ctx, this.env, gfp);
  }

  /**
   * allocPages when its slow path cannot reach direct reclaim (no
   * __GFP_DIRECT_RECLAIM, PF_MEMALLOC or TIF_MEMDIE: allocPagesSlowpath returns
   * -1 after its freelist tries): the same calls, without generators. Returns
   * undefined, having done nothing, when allocPages could sleep.
   */
  allocPagesNoSleep(ctx: SimCtx, gfp: number): number | undefined {
    if ((gfp & __GFP_DIRECT_RECLAIM) && !(ctx.task.pf & PF_MEMALLOC) && !ctx.task.memdie) return undefined;
    const z = this.allocPagesNoReclaim(ctx, gfp);
    if (z >= 0) return z;
    return slowpathFreelist(ctx, this.env, gfp).z;
  }

  /**
   * Up to max consecutive allocPagesNoReclaim(ctx, gfp) calls, done at once
   * for as long as each would take its page from the highest zone and do
   * nothing else: either the fast path at the low mark passes there, or it
   * fails in every zone and the slow path's first try (kswapd already awake,
   * the alloc_flags of gfpToAllocFlags without ALLOC_NO_WATERMARKS) passes
   * there. The page that refills the per-cpu list is tested against the free
   * count before the refill; the pages after it, until the next refill, all
   * see the same free count, so they take the same path. Returns how many
   * pages were taken from the highest zone (0: take the next one the
   * ordinary way). Without a trace only.
   */
  allocPagesNoReclaimRun(ctx: SimCtx, gfp: number, max: number): number {
    if (ctx.trace) return 0;
    const zones = this.zones;
    const classzone = zones.length - 1;
    const top = zones[classzone]!;
    const fast = ALLOC_WMARK_LOW | ALLOC_CPUSET;
    // Whether the slow path's first try may be taken here: decided once, since nothing it depends on changes during the run.
    let slow = -1; // -1: not decided; 0: no; 1: yes
    let slowFlags = 0;
    let k = 0;
    while (k < max) {
      if (!watermarkOk(top.free, markFor(top, fast), classzone, fast, top.lowmemReserve)) {
        if (slow < 0) {
          slow = 0;
          let lowerFail = true;
          for (let i = classzone - 1; i >= 0; i--) {
            const z = zones[i]!;
            if (watermarkOk(z.free, markFor(z, fast), classzone, fast, z.lowmemReserve) && (z.pcp > 0 || z.free > 0)) lowerFail = false;
          }
          if (lowerFail && (!(gfp & __GFP_KSWAPD_RECLAIM) || !this.kswapdSleeping)) {
            slowFlags = gfpToAllocFlags(gfp, ctx.task, ctx) & ~ALLOC_NO_WATERMARKS;
            slow = 1;
          }
        }
        if (slow === 0 || !watermarkOk(top.free, markFor(top, slowFlags), classzone, slowFlags, top.lowmemReserve)) break;
      }
      if (top.pcp === 0) {
        // takePage's refill: this page only (the next one sees the new free count).
        const n = Math.min(this.pcp.batch, top.free);
        top.free -= n;
        top.pcp += n;
        if (top.pcp === 0) break;
        top.pcp--;
        k++;
        continue;
      }
      const take = Math.min(max - k, top.pcp);
      top.pcp -= take;
      k += take;
    }
    return k;
  }

  /** alloc_pages with a mask that cannot direct-reclaim: the fast path, then the slow path's freelist tries. Never sleeps. */
  allocPagesNoReclaim(ctx: SimCtx, gfp: number): number {
    const z = this.allocPageFastPath();
    if (z >= 0) return z;
    return slowpathFreelist(ctx, this.env, gfp).z;
  }

  /** __alloc_pages_nodemask's first get_page_from_freelist: the low mark, whatever the mask; the zone it took a page from, or -1, having changed nothing. */
  allocPageFastPath(): number {
    return getPageFromFreelist(this.zones, ALLOC_WMARK_LOW | ALLOC_CPUSET, this.pcp);
  }

  /** allocPagesNoReclaim when its fast path is known to fail (it has no side effect then): the slow path's freelist tries. */
  allocPagesNoReclaimPastFast(ctx: SimCtx, gfp: number): number {
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

  /** writebackState as a function value, for throttleVmWriteout (one closure per machine). */
  readonly writebackStateFn = (): WritebackState => this.writebackState();

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

  /** pfmemalloc_watermark_ok of this machine's zones (the twin in vmscan.ts). */
  pfmemallocWatermarkOk(): boolean {
    return pfmemallocWatermarkOk(this.zones, this.swapAvailable(), this.kernel.policy.reclaimUnit);
  }

  /** wakeup_kswapd for every zone of the zonelist: unless already balanced at high. */
  wakeAllKswapds(): void {
    if (!this.kswapdSleeping) return;
    if (!wakeupKswapdWakes(this.kernel.policy.reclaimUnit, this.zones)) return;
    this.kswapdSleeping = false;
    this.kswapdWakeups++;
    this.engine.wake(this.q.kswapd);
  }

  /** A SwapIo record for a page of zone `zone` entering dm-crypt. */
  newSwapIo(zone: number): SwapIo {
    const io = this.freeIos.pop();
    if (!io) return { zone, cryptZone: -1, readyAt: 0, doneAt: 0, plain: false };
    io.zone = zone; io.cryptZone = -1; io.readyAt = 0; io.doneAt = 0; io.plain = false;
    return io;
  }

  /** Gives back the record of a completed write (after crypt_endio). */
  releaseSwapIo(io: SwapIo): void {
    this.freeIos.push(io);
  }

  /** The victim has exited and its last page is free: the run has told what happens after the kill, and ends. */
  victimMemoryReleased(): void {
    if (this.victimGoneAt < 0) this.victimGoneAt = this.engine.now;
    this.engine.stopped = true;
  }

  takeFromZone(z: number): boolean {
    return takePage(this.zones[z]!, this.pcp);
  }
}

/**
 * A mempool of slab objects (bios, dm_io, dm tio): pool->alloc is
 * kmem_cache_alloc on the cache, which takes a page from the allocator with
 * the pool's mask when it has no free object. A class, so every pool shares
 * its methods (and the hot call sites see one or two shapes, not a closure
 * per pool).
 */
class SlabPool implements Mempool {
  readonly wait: WaitQueue;
  readonly elements: number[];
  constructor(
    private readonly m: Machine,
    readonly name: string,
    readonly minNr: number,
    private readonly cache: SlabCache,
  ) {
    this.elements = new Array(minNr).fill(-1);
    this.wait = waitQueue(name);
  }

  alloc(ctx: CtxWithTree, gfp: number): Generator<Wait, number | null, void> {
    // slabAlloc's generator itself (no wrapper generator around it).
    const m = this.m;
    return slabAlloc(this.cache, () => m.allocPages(ctx as SimCtx, gfp), (z) => m.zones[z]!.slab++);
  }

  allocNoSleep(ctx: CtxWithTree, gfp: number): number | null | undefined {
    // slabAlloc without a generator: a free object, else a page when allocPages cannot sleep.
    if (slabTakeFree(this.cache)) return -1;
    const z = this.m.allocPagesNoSleep(ctx as SimCtx, gfp);
    if (z === undefined) return undefined;
    return this.fromPage(z);
  }

  quickAlloc(): number | undefined {
    if (slabTakeFree(this.cache)) return -1;
    // tryAlloc's page when allocPagesNoReclaim finds it on its fast path (which fails without side effects).
    const z = this.m.allocPageFastPath();
    return z < 0 ? undefined : this.fromPage(z)!;
  }

  tryAllocAfterQuick(ctx: CtxWithTree, gfp: number): number | null {
    // No free object, and the fast path fails: tryAlloc from its slow path's freelist tries.
    return this.fromPage(this.m.allocPagesNoReclaimPastFast(ctx as SimCtx, gfp));
  }

  tryAlloc(ctx: CtxWithTree, gfp: number): number | null {
    if (slabTakeFree(this.cache)) return -1;
    return this.fromPage(this.m.allocPagesNoReclaim(ctx as SimCtx, gfp));
  }

  /** The object of a new slab page from zone z, or null if the allocator found none (z < 0). */
  private fromPage(z: number): number | null {
    if (z < 0) return null;
    slabAddPage(this.cache, z);
    this.m.zones[z]!.slab++;
    return -1;
  }

  free(): void {
    const z = slabFree(this.cache);
    if (z >= 0) {
      const m = this.m;
      m.zones[z]!.slab--;
      freePage(m.zones[z]!, m.pcp);
    }
  }
}

/** dm-crypt's page_pool: pool->alloc is alloc_page with the pool's mask; the element is the page's zone. */
class PagePool implements Mempool {
  readonly wait: WaitQueue;
  constructor(
    private readonly m: Machine,
    readonly name: string,
    readonly minNr: number,
    readonly elements: number[],
  ) {
    this.wait = waitQueue(name);
  }

  *alloc(ctx: CtxWithTree, gfp: number): Generator<Wait, number | null, void> {
    return this.taken(yield* this.m.allocPages(ctx as SimCtx, gfp));
  }

  allocNoSleep(ctx: CtxWithTree, gfp: number): number | null | undefined {
    const z = this.m.allocPagesNoSleep(ctx as SimCtx, gfp);
    return z === undefined ? undefined : this.taken(z);
  }

  quickAlloc(): number | undefined {
    // tryAlloc's page when allocPagesNoReclaim finds it on its fast path (which fails without side effects).
    const z = this.m.allocPageFastPath();
    return z < 0 ? undefined : this.taken(z)!;
  }

  tryAllocAfterQuick(ctx: CtxWithTree, gfp: number): number | null {
    // The fast path fails: tryAlloc from its slow path's freelist tries.
    return this.taken(this.m.allocPagesNoReclaimPastFast(ctx as SimCtx, gfp));
  }

  tryAlloc(ctx: CtxWithTree, gfp: number): number | null {
    return this.taken(this.m.allocPagesNoReclaim(ctx as SimCtx, gfp));
  }

  /** A page from zone z as the pool's element (counted as dm-crypt's), or null if the allocator found none (z < 0). */
  private taken(z: number): number | null {
    if (z < 0) return null;
    this.m.zones[z]!.crypt++;
    return z;
  }

  free(z: number): void {
    const m = this.m;
    m.zones[z]!.crypt--;
    freePage(m.zones[z]!, m.pcp);
  }
}

