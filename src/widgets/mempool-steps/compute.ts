/**
 * The step-through explorer drives the model's own mempoolAlloc generator on
 * a stub machine: one pool, the zones of Ondrej's VM with their free pages
 * set to the level the reader chose, and a page allocator made of the
 * model's functions (the fast path's watermark test, then the slow path
 * twin). Nothing of mempool_alloc's logic is restated here: the steps are
 * the ones the twin records, in the order it takes them. When the call goes
 * to sleep on the pool, the explorer plays the other half of the contract:
 * another task's mempool_free (the model's twin) returns one element and
 * wakes the sleeper, and the twin's next round is shown too, because what
 * the woken task does first is not to take that element (NeilBrown,
 * 22 Jul 2016, 87oa5q5abi.fsf@notabene.neil.brown.name).
 */
import { buildKernel } from '@forward-progress/model/kernel/kernels';
import { mempoolRef, ref, treeFor, type Tree } from '@forward-progress/model/kernel/refs';
import { elixirUrl, sourceLabel, src, type BaseKernel, type SourceRef } from '@forward-progress/model/kernel/versions';
import { mempoolAlloc, mempoolFree, type Mempool } from '@forward-progress/model/mm/mempool';
import { allocPagesSlowpath, slowpathFreelist, type AllocEnv, type CtxWithTree } from '@forward-progress/model/mm/pageAlloc';
import { throttleVmWriteout, type WritebackState } from '@forward-progress/model/mm/pageWriteback';
import { getPageFromFreelist, makeZone, type PcpConfig, type Zone } from '@forward-progress/model/mm/zone';
import { computeWatermarks, totalreservePages, zonesForRam } from '@forward-progress/model/mm/watermarks';
import { step, type TwinCtx } from '@forward-progress/model/runtime/trace';
import { untilDone } from '@forward-progress/model/runtime/maySleep';
import { waitQueue, type Wait } from '@forward-progress/model/runtime/engine';
import {
  ALLOC_CPUSET, ALLOC_NO_WATERMARKS, ALLOC_WMARK_LOW, GFP_KERNEL, GFP_NOIO, GFP_NOWAIT,
  PF_KSWAPD, PF_KTHREAD, PF_MEMALLOC, PF_SWAPWRITE, PF_WQ_WORKER, formatPf,
} from '@forward-progress/model/mm/flags';
import type { PatchId } from '@forward-progress/model/kernel/patches';
import type { ControlValues } from '../controls.ts';
import { CALLER_CHOICES, FREE_CHOICES, GFP_CHOICES, KERNEL_CHOICES } from './controls.ts';

/** The RAM of Ondrej's VM and the min_free_kbytes its May 2016 dmesg implies (as in the watermark chapter). */
const RAM_MIB = 1024;
const MIN_FREE_KBYTES = 3892;
/** The pool: 16 elements, like dm core's io_pool and bioset (RESERVED_BIO_BASED_IOS). */
const POOL_MIN_NR = 16;
const POOL_LEFT = 4;
/** From the sysrq log of 14 July 2016 (Michal's reading, 20160714173659.GA29355@dhcp22.suse.cz): pages. */
const JULY_WRITEBACK = 69824;
const JULY_FILE_LRU = 1086 + 1103;
/** A pool element, as opposed to a page fresh from the allocator (a zone index). */
const POOL_ELEMENT = -100;
/** The explorer stops a sleep that would repeat for ever after this many rounds. */
const REPEATS = 3;

export type Exit = 'allocator' | 'reserves' | 'pool' | 'null' | 'wait' | 'stall' | 'spin';

/** Thrown by the stub allocator when the twin calls it more often than any one mempool_alloc round can. */
class Spinning extends Error {}
/** Allocator calls after which the explorer calls the loop a busy loop (a round makes at most two). */
const MAX_ALLOCATOR_CALLS = 8;

export type Row =
  | { kind: 'step'; say: string; url: string; source: string }
  | { kind: 'sleep'; site: string; ms: number }
  /** The pool's wait, ended by another task's mempool_free (not a step of mempool_alloc). */
  | { kind: 'wake'; say: string; url: string; source: string };

/** One pool->alloc call, as the stub page allocator saw it. */
export interface Attempt {
  reclaim: boolean;
  result: 'page' | 'reserves' | 'failed' | 'stalled';
}

export interface MempoolStepsResult {
  kernel: string;
  caller: string;
  callerFlags: string;
  gfp: string;
  pool: 'empty' | 'has';
  free: string;
  zones: { name: string; free: number; min: number; low: number; high: number }[];
  rows: Row[];
  attempts: Attempt[];
  tookFromPool: boolean;
  exit: Exit;
  /** The sleep that ends the call's first part (the pool's 5 s wait, or a throttle that would repeat). */
  sleep?: { site: string; ms: number };
  /**
   * Only when the call slept on the pool: the round after mempool_free put
   * one element back and woke it. The rows after the 'wake' row belong to it.
   */
  woken?: {
    /** The pool->alloc call the woken task makes before it looks at the pool. */
    attempt?: Attempt;
    /** Whether that call went into direct reclaim. */
    directReclaim: boolean;
    /** Time it slept inside that call (throttle_vm_writeout and the like), in ms. */
    sleptMs: number;
    sleepSites: string[];
    exit: Exit;
    steps: number;
  };
}

const GFP = { GFP_NOIO, GFP_NOWAIT, GFP_KERNEL } as const;

function callerTask(caller: string) {
  if (caller === 'kswapd') return { name: 'kswapd0', pf: PF_MEMALLOC | PF_SWAPWRITE | PF_KSWAPD | PF_KTHREAD, memdie: false, cpuDebtUs: 0 };
  if (caller === 'kcryptd') return { name: 'kcryptd', pf: PF_WQ_WORKER | PF_KTHREAD, memdie: false, cpuDebtUs: 0 };
  if (caller === 'victim') return { name: 'victim', pf: 0, memdie: true, cpuDebtUs: 0 };
  return { name: 'task', pf: 0, memdie: false, cpuDebtUs: 0 };
}

function freeFor(level: string, z: { min: number; low: number; high: number }): number {
  if (level === 'above-low') return z.high;
  if (level === 'min-low') return Math.floor((z.min + z.low) / 2);
  if (level === 'below-min') return Math.floor(z.min / 2);
  return 0;
}

/** The line of __alloc_pages_nodemask that sets the fast path's ALLOC_WMARK_LOW (kernel-facts §3e). */
function fastPathRef(tree: Tree): SourceRef {
  return src(tree, 'mm/page_alloc.c', tree === 'v4.6' ? 3322 : tree === 'v4.7-rc6' ? 3784 : 3633);
}

const label = <T extends { value: string; label: string }>(list: readonly T[], v: unknown) => list.find((c) => c.value === v) ?? list[0]!;

export function computeMempoolSteps(values: ControlValues): MempoolStepsResult {
  const choice = label(KERNEL_CHOICES, values.kernel);
  const base = choice.base as BaseKernel;
  const kernel = buildKernel(base, choice.patches as readonly PatchId[]);
  const tree = treeFor(base);
  const gfpName = label(GFP_CHOICES, values.gfp).value;
  const caller = label(CALLER_CHOICES, values.caller);
  const level = label(FREE_CHOICES, values.free);
  const poolState = values.pool === 'has' ? 'has' : 'empty';

  const { watermarks } = computeWatermarks(zonesForRam(RAM_MIB), {
    minFreeKbytes: MIN_FREE_KBYTES, kernel: kernel.policy.watermarkRule === 'v4.5' ? 'v4.5' : 'v4.6',
  });
  const zones: Zone[] = watermarks.map((w, i) => ({ ...makeZone(w, i), free: freeFor(level.value, w) }));
  const startFree = zones.map((z) => ({ name: z.name, free: z.free, min: z.min, low: z.low, high: z.high }));
  const pcp: PcpConfig = { batch: 1, high: Number.MAX_SAFE_INTEGER };
  const writeback: WritebackState = {
    writeback: values.writeback ? JULY_WRITEBACK : 0,
    free: zones.reduce((s, z) => s + z.free, 0),
    fileLru: JULY_FILE_LRU,
    totalreserve: totalreservePages(watermarks),
    dirtyRatio: 20,
    dirtyBackgroundRatio: 10,
    domainDirtyLimit: 0,
  };

  const ctx: CtxWithTree = { task: callerTask(caller.value), policy: kernel.policy, hz: 1000, trace: [], tree };
  let lastFlags = 0;
  let reclaimPasses = 0;
  const env: AllocEnv = {
    getPageFromFreelist(allocFlags) {
      const z = getPageFromFreelist(zones, allocFlags, pcp);
      if (z >= 0) lastFlags = allocFlags;
      return z;
    },
    wakeAllKswapds() {},
    *tryToFreePages(c, gfp) {
      reclaimPasses++;
      const unit = c.tree === 'v4.8' ? 'shrink_node_memcg' : 'shrink_zone_memcg';
      step(c, ref(c.tree, 'doTryToFreePages'), 'direct reclaim: one pass of do_try_to_free_pages (this explorer assumes it frees nothing: free memory stays where you set it)');
      step(c, ref(c.tree, 'shrinkZoneMemcgThrottle'), `the end of ${unit}: throttle_vm_writeout`);
      yield* untilDone(throttleVmWriteout(c, gfp, () => writeback));
      return 0;
    },
    zonesForRetry: () => zones.map((z) => ({ name: z.name, free: z.free, min: z.min, lowmemReserve: z.lowmemReserve, reclaimable: 0, writeback: 0, dirty: 0 })),
    writebacksDone: () => 0,
    *outOfMemory() {
      return false;
    },
  };

  const attempts: Attempt[] = [];
  const page = (c: CtxWithTree, fast: () => number, slow: () => number | null): number | null => {
    lastFlags = 0;
    const z = fast();
    if (z >= 0) {
      step(c, fastPathRef(c.tree), 'page allocator fast path: a zone is above its low watermark, a page');
      return z;
    }
    step(c, fastPathRef(c.tree), 'page allocator fast path: no zone above its low watermark');
    return slow();
  };
  const record = (reclaim: boolean, z: number | null): number | null => {
    attempts.push({ reclaim, result: z === null || z < 0 ? 'failed' : lastFlags & ALLOC_NO_WATERMARKS ? 'reserves' : 'page' });
    return z === null || z < 0 ? null : z;
  };
  const fastPath = () => getPageFromFreelist(zones, ALLOC_WMARK_LOW | ALLOC_CPUSET, pcp);
  const pool: Mempool = {
    name: 'pool', minNr: POOL_MIN_NR, elements: new Array(poolState === 'has' ? POOL_LEFT : 0).fill(POOL_ELEMENT), wait: waitQueue('pool'),
    *alloc(c, gfp) {
      if (attempts.length >= MAX_ALLOCATOR_CALLS) throw new Spinning();
      attempts.push({ reclaim: true, result: 'stalled' });
      const at = attempts.length - 1;
      lastFlags = 0;
      let z = fastPath();
      if (z >= 0) step(c, fastPathRef(c.tree), 'page allocator fast path: a zone is above its low watermark, a page');
      else {
        step(c, fastPathRef(c.tree), 'page allocator fast path: no zone above its low watermark');
        z = yield* allocPagesSlowpath(c as CtxWithTree, env, gfp);
      }
      attempts[at] = { reclaim: true, result: z < 0 ? 'failed' : lastFlags & ALLOC_NO_WATERMARKS ? 'reserves' : 'page' };
      return z < 0 ? null : z;
    },
    tryAlloc(c, gfp) {
      if (attempts.length >= MAX_ALLOCATOR_CALLS) throw new Spinning();
      return record(false, page(c as CtxWithTree, fastPath, () => slowpathFreelist(c as CtxWithTree, env, gfp).z));
    },
    free() {},
  };

  // mempool_free by another task: the model's twin refills the pool and wakes the queue.
  const variant = kernel.policy.mempoolNomemallocRule === 'when-pool-has-elements' ? (tree === 'v4.7-rc6' ? 'v4.7-rc6' : 'v4.6') : 'always';
  const refill = mempoolRef(variant, 'refill');
  let attemptsBeforeWake = 0;
  let passesBeforeWake = 0;
  const wake = (): Row => {
    attemptsBeforeWake = attempts.length;
    passesBeforeWake = reclaimPasses;
    mempoolFree(pool, POOL_ELEMENT, { wake() {} });
    return {
      kind: 'wake', url: elixirUrl(refill), source: sourceLabel(refill),
      say: `asleep on pool->wait until another task's mempool_free gives an element back: the pool is below min_nr, so the element goes into the pool (now ${pool.elements.length} of ${POOL_MIN_NR}) and the sleeper is woken (this explorer assumes it comes back before the 5 s timeout). The woken task goes back to the top of the loop, but with the caller's full mask, the one step 3 used: gfp_temp was set to gfp_mask before it slept`,
    };
  };

  const { rows, end, woken } = drive(ctx, untilDone(mempoolAlloc(ctx as TwinCtx & { tree: Tree }, pool, GFP[gfpName as keyof typeof GFP])), wake);
  const exitOf = (e: DriveEnd, tries: Attempt[]): Exit => {
    if (e.kind !== 'returned') return e.kind;
    if (e.value === null) return 'null';
    if (e.value === POOL_ELEMENT) return 'pool';
    return tries.at(-1)?.result === 'reserves' ? 'reserves' : 'allocator';
  };
  const exit = exitOf(end, attempts.slice(0, woken ? attemptsBeforeWake : attempts.length));
  const sleep: MempoolStepsResult['sleep'] = end.kind === 'returned' ? undefined : { site: end.site, ms: end.ms };
  let afterWake: MempoolStepsResult['woken'];
  if (woken) {
    const later = rows.slice(woken.at + 1);
    const slept = later.filter((r): r is Extract<Row, { kind: 'sleep' }> => r.kind === 'sleep');
    afterWake = {
      attempt: attempts[attemptsBeforeWake],
      directReclaim: reclaimPasses > passesBeforeWake,
      sleptMs: slept.reduce((s, r) => s + r.ms, 0),
      sleepSites: [...new Set(slept.map((r) => r.site))],
      exit: exitOf(woken.end, attempts),
      steps: later.filter((r) => r.kind === 'step').length,
    };
  }
  return {
    kernel: choice.label,
    caller: caller.label,
    callerFlags: [formatPf(ctx.task.pf & ~PF_KTHREAD & ~PF_SWAPWRITE & ~PF_KSWAPD), ctx.task.memdie ? 'TIF_MEMDIE' : ''].filter((s) => s && s !== '0').join(', ') || 'none',
    gfp: gfpName,
    pool: poolState,
    free: level.label,
    zones: startFree,
    rows,
    attempts,
    tookFromPool: exit === 'pool',
    exit,
    sleep,
    woken: afterWake,
  };
}

type DriveEnd = { kind: 'returned'; value: number | null } | { kind: 'wait' | 'stall' | 'spin'; site: string; ms: number };

/**
 * Runs the twin as the simulation would, but on a frozen machine: a sleep
 * inside the allocator is recorded and resumed (nothing changes while it
 * sleeps); a sleep that would repeat for ever ends the run. The pool's own
 * wait ends the call's first part; then `wake` (mempool_free in another
 * task) puts an element back, and the woken round is run to its end.
 */
function drive(ctx: TwinCtx, gen: Generator<Wait, number | null, void>, wake: () => Row):
  { rows: Row[]; end: DriveEnd; woken?: { at: number; end: DriveEnd } } {
  const rows: Row[] = [];
  const trace = ctx.trace!;
  let seen = 0;
  const flush = () => {
    for (; seen < trace.length; seen++) {
      const s = trace[seen]!;
      rows.push({ kind: 'step', say: s.say, url: elixirUrl(s.ref), source: sourceLabel(s.ref) });
    }
  };
  const sleeps: Record<string, number> = {};
  const next = () => {
    try {
      return gen.next();
    } catch (e) {
      if (e instanceof Spinning) return null;
      throw e;
    }
  };
  let first: { end: DriveEnd; at: number } | undefined;
  const finish = (e: DriveEnd) => (first ? { rows, end: first.end, woken: { at: first.at, end: e } } : { rows, end: e });
  let r = next();
  for (let guard = 0; r && !r.done && guard < 100; guard++) {
    flush();
    const w = r.value;
    const ms = (w.op === 'sleep' ? w.us : w.timeoutUs) / 1000;
    if (w.site === 'mempool_alloc') {
      if (first) return finish({ kind: 'wait', site: w.site, ms });
      first = { end: { kind: 'wait', site: w.site, ms }, at: rows.length };
      rows.push(wake());
      for (const k of Object.keys(sleeps)) delete sleeps[k];
    } else {
      rows.push({ kind: 'sleep', site: w.site, ms });
      sleeps[w.site] = (sleeps[w.site] ?? 0) + 1;
      if (sleeps[w.site]! >= REPEATS) return finish({ kind: 'stall', site: w.site, ms });
    }
    r = next();
  }
  flush();
  if (!r) return finish({ kind: 'spin', site: 'mempool_alloc', ms: 0 });
  if (!r.done) return finish({ kind: 'stall', site: 'loop', ms: 0 });
  return finish({ kind: 'returned', value: r.value });
}
