/**
 * Line numbers of the kernel code each twin follows, per source tree we read
 * (kernel-facts.md §6): 4.6.2 for v4.6 (and v4.5, whose files we did not
 * read: the v4.6 lines are the nearest verified), 4.7.4 for v4.7-rc6
 * (unconfirmed for rc6 outside mempool.c and page-writeback.c), 4.8.15 for
 * v4.8 (and v4.9, where throttle_vm_writeout is gone). mempool_alloc follows
 * the code variant, not the version: the always-__GFP_NOMEMALLOC body is cited
 * from v4.8, the f9054c70 body from v4.6 / v4.7-rc6.
 */
import { src, type SourceRef } from './versions.ts';
import type { BaseKernel } from './versions.ts';

export type Tree = 'v4.6' | 'v4.7-rc6' | 'v4.8';

export function treeFor(base: BaseKernel): Tree {
  return base === 'v4.5' || base === 'v4.6' ? 'v4.6' : base === 'v4.7-rc6' ? 'v4.7-rc6' : 'v4.8';
}

type Lines = Record<Tree, number>;
const L = (a: number, b: number, c: number): Lines => ({ 'v4.6': a, 'v4.7-rc6': b, 'v4.8': c });

const FILES = {
  pageAlloc: 'mm/page_alloc.c',
  vmscan: 'mm/vmscan.c',
  writeback: 'mm/page-writeback.c',
  backingDev: 'mm/backing-dev.c',
  mempool: 'mm/mempool.c',
  dmCrypt: 'drivers/md/dm-crypt.c',
  dm: 'drivers/md/dm.c',
  pageIo: 'mm/page_io.c',
  oomKill: 'mm/oom_kill.c',
} as const;

const TABLE: Record<string, [keyof typeof FILES, Lines]> = {
  performReclaim: ['pageAlloc', L(2986, 3344, 3191)],
  performReclaimSetsMemalloc: ['pageAlloc', L(2996, 3354, 3201)],
  directReclaim: ['pageAlloc', L(3015, 3373, 3220)],
  directReclaimNoProgress: ['pageAlloc', L(3023, 3381, 3228)],
  directReclaimDrain: ['pageAlloc', L(3037, 3395, 3241)],
  drainAllPages: ['pageAlloc', L(2098, 2305, 2302)],
  freePcppagesBulk: ['pageAlloc', L(827, 1077, 1069)],
  gfpToAllocFlags: ['pageAlloc', L(3056, 3414, 3264)],
  gfpToAllocFlagsMin: ['pageAlloc', L(3058, 3416, 3266)],
  gfpToAllocFlagsHarder: ['pageAlloc', L(3077, 3435, 3285)],
  gfpToAllocFlagsNoWmarks: ['pageAlloc', L(3086, 3444, 3303)],
  slowpath: ['pageAlloc', L(3114, 3567, 3412)],
  slowpathWakeKswapd: ['pageAlloc', L(3147, 3600, 3451)],
  slowpathNoDirect: ['pageAlloc', L(3188, 3635, 3526)],
  slowpathPfMemalloc: ['pageAlloc', L(3199, 3646, 3537)],
  slowpathMemdie: ['pageAlloc', L(3213, 3660, 3551)],
  slowpathNoretry: ['pageAlloc', L(3273, 3703, 3571)],
  slowpathRetry46: ['pageAlloc', L(3281, 3281, 3281)] /* v4.6 only */,
  slowpathNoProgress: ['pageAlloc', L(3273, 3721, 3589)],
  slowpathMayOom: ['pageAlloc', L(3286, 3740, 3608)],
  shouldReclaimRetry: ['pageAlloc', L(3489, 3489, 3336)],
  zoneWatermarkOk: ['pageAlloc', L(2503, 2752, 2766)],
  zoneReclaimable: ['vmscan', L(210, 210, 210)],
  doTryToFreePages: ['vmscan', L(2647, 2612, 2748)],
  throttleDirectReclaim: ['vmscan', L(2761, 2721, 2857)],
  shrinkZoneMemcg: ['vmscan', L(2196, 2173, 2309)],
  shrinkZoneMemcgThrottle: ['vmscan', L(2311, 2288, 2422)],
  shrinkInactiveList: ['vmscan', L(1568, 1565, 1684)],
  shrinkInactiveCongestion: ['vmscan', L(1691, 1687, 1806)],
  shrinkInactiveWaitIff: ['vmscan', L(1702, 1698, 1817)],
  shrinkPageList: ['vmscan', L(879, 879, 900)],
  kswapd: ['vmscan', L(3384, 3344, 3403)],
  balancePgdat: ['vmscan', L(3162, 3122, 3193)],
  wakeupKswapd: ['vmscan', L(3476, 3436, 3489)],
  throttleVmWriteout: ['writeback', L(1936, 1943, 1968)],
  throttleHardLimit: ['writeback', L(1943, 1950, 1975)],
  throttleSlack: ['writeback', L(1949, 1956, 1981)],
  throttleTest: ['writeback', L(1952, 1959, 1984)],
  throttleSleep: ['writeback', L(1954, 1961, 1986)],
  throttleGfpBreak: ['writeback', L(1961, 1968, 1993)],
  globalDirtyableMemory: ['writeback', L(335, 339, 361)],
  domainDirtyLimits: ['writeback', L(366, 370, 392)],
  domainDirtyLimitsLessThrottle: ['writeback', L(409, 416, 438)],
  hardDirtyLimit: ['writeback', L(691, 698, 723)],
  writebackSetRatelimit: ['writeback', L(2038, 2045, 2070)],
  congestionWait: ['backingDev', L(931, 950, 950)],
  waitIffCongested: ['backingDev', L(968, 986, 986)],
  cryptAllocBuffer: ['dmCrypt', L(990, 990, 989)],
  cryptFreeBufferPages: ['dmCrypt', L(1040, 1040, 1039)],
  cryptEndio: ['dmCrypt', L(1105, 1105, 1104)],
  dmcryptWrite: ['dmCrypt', L(1193, 1193, 1192)],
  kcryptdCryptWriteConvert: ['dmCrypt', L(1291, 1291, 1292)],
  kcryptdCrypt: ['dmCrypt', L(1392, 1392, 1393)],
  cryptMap: ['dmCrypt', L(1908, 1908, 1904)],
  allocIo: ['dm', L(667, 667, 667)],
  allocTio: ['dm', L(1592, 1592, 1592)],
  splitAndProcessBio: ['dm', L(1775, 1775, 1775)],
  swapWritepage: ['pageIo', L(234, 234, 234)],
  outOfMemory: ['oomKill', L(849, 913, 989)],
};

/** Source reference of one step of a twin, in the tree that speaks for a version. */
export function ref(tree: Tree, key: keyof typeof TABLE): SourceRef {
  const [file, lines] = TABLE[key]!;
  return src(tree, FILES[file], lines[tree]);
}

/** mempool_alloc / mempool_free lines by code variant. */
const MEMPOOL = {
  // f9054c70 body: v4.6 (4.6.2) and the rebuilt mid-July 4.7-rc mempool.c
  'v4.6': { fn: 315, noretry: 329, temp: 332, nomemalloc: 341, alloc: 344, pool: 349, retry: 366, noreclaim: 374, wait: 389, free: 404, refill: 444, freeToAlloc: 454 },
  'v4.7-rc6': { fn: 311, noretry: 325, temp: 328, nomemalloc: 337, alloc: 340, pool: 345, retry: 362, noreclaim: 370, wait: 385, free: 400, refill: 440, freeToAlloc: 450 },
  // always-__GFP_NOMEMALLOC body (≤ v4.5, revert): v4.8
  always: { fn: 311, noretry: 322, temp: 325, nomemalloc: 321, alloc: 329, pool: 335, retry: 351, noreclaim: 358, wait: 373, free: 388, refill: 428, freeToAlloc: 438 },
} as const;

export function mempoolRef(variant: 'v4.6' | 'v4.7-rc6' | 'always', key: keyof (typeof MEMPOOL)['always']): SourceRef {
  const tag = variant === 'always' ? 'v4.8' : variant;
  return src(tag, FILES.mempool, MEMPOOL[variant][key]);
}
