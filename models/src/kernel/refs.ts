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
import type { Tree } from './trees.ts';

export { treeFor, type Tree } from './trees.ts';

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
  swap: 'mm/swap.c',
  oomKill: 'mm/oom_kill.c',
  exit: 'kernel/exit.c',
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
  /** The TIF_MEMDIE half of the test (4.8: inside gfp_pfmemalloc_allowed). */
  gfpToAllocFlagsMemdie: ['pageAlloc', L(3093, 3451, 3312)],
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
  throttleDirectReclaimSignal: ['vmscan', L(2782, 2742, 2878)],
  throttleDirectReclaimPending: ['vmscan', L(2838, 2798, 2934)],
  tryToFreePagesThrottled: ['vmscan', L(2865, 2825, 2962)],
  pfmemallocWatermarkOk: ['vmscan', L(2718, 2678, 2814)],
  pfmemallocNoReserve: ['vmscan', L(2737, 2697, 2833)],
  shrinkZoneMemcg: ['vmscan', L(2196, 2173, 2309)],
  shrinkZoneMemcgThrottle: ['vmscan', L(2311, 2288, 2422)],
  shrinkInactiveList: ['vmscan', L(1568, 1565, 1684)],
  shrinkInactiveCongestion: ['vmscan', L(1691, 1687, 1806)],
  shrinkInactiveWaitIff: ['vmscan', L(1702, 1698, 1817)],
  shrinkPageList: ['vmscan', L(879, 879, 900)],
  // get_scan_count and its branches (4.9: the same lines as 4.8.15)
  getScanCount: ['vmscan', L(1968, 1945, 2088)],
  gscForceScan: ['vmscan', L(1996, 1973, 2116)],
  gscNoSwap: ['vmscan', L(2006, 1983, 2126)],
  gscEqual: ['vmscan', L(2028, 2005, 2148)],
  gscAnon: ['vmscan', L(2050, 2027, 2180)],
  gscFile: ['vmscan', L(2065, 2042, 2195)],
  gscFract: ['vmscan', L(2071, 2048, 2201)],
  gscTargets: ['vmscan', L(2126, 2103, 2256)],
  inactiveFileIsLow: ['vmscan', L(1921, 1891, 2010)],
  inactiveAnonIsLow: ['vmscan', L(1886, 1891, 2010)],
  shrinkList: ['vmscan', L(1940, 1917, 2060)],
  shrinkZoneMemcgLoop: ['vmscan', L(2231, 2208, 2342)],
  /** The proportional stop (4.9: 2359). */
  shrinkZoneMemcgProportional: ['vmscan', L(2246, 2223, 2357)],
  /** The anon aging after the loop (4.9: 2420). */
  shrinkZoneMemcgAgeAnon: ['vmscan', L(2307, 2284, 2418)],
  shrinkActiveList: ['vmscan', L(1768, 1764, 1884)],
  /** page_referenced in shrink_active_list: a referenced page counts in nr_rotated (4.9: the same lines as 4.8.15). */
  shrinkActiveListReferenced: ['vmscan', L(1825, 1822, 1941)],
  /** shrink_page_list: add_to_swap fails (no swap slot) → activate_locked, counted rotated by putback_inactive_pages. */
  addToSwapFailActivate: ['vmscan', L(1051, 1051, 1071)],
  /** __pagevec_lru_add_fn → update_page_reclaim_stat(active): a page added to an active list counts scanned and rotated (4.9: 868). */
  lruAddReclaimStat: ['swap', L(850, 868, 870)],
  tooManyIsolated: ['vmscan', L(1585, 1582, 1704)],
  tooManyIsolatedFatal: ['vmscan', L(1589, 1586, 1708)],
  tooManyIsolatedFn: ['vmscan', L(1465, 1462, 1557)],
  pageCheckReferences: ['vmscan', L(792, 792, 813)],
  /** referenced_ptes > 1: PAGEREF_ACTIVATE. */
  pageCheckReferencesActivate: ['vmscan', L(829, 829, 850)],
  /** No reference: PAGEREF_RECLAIM, then __remove_mapping frees the clean page. */
  pageCheckReferencesReclaim: ['vmscan', L(1183, 1183, 1209)],
  /** kswapd_shrink_zone clears ZONE_WRITEBACK (4.6, 4.7); 4.8 sets PGDAT_WRITEBACK here and clears it nowhere. */
  kswapdShrinkZoneClearWriteback: ['vmscan', L(3124, 3084, 1777)],
  kswapd: ['vmscan', L(3384, 3344, 3403)],
  /** balance_pgdat's end of a priority: 4.6/4.7 loop while !pgdat_balanced; 4.8 goes out at the top once one eligible zone is balanced. */
  balancePgdatBalanced: ['vmscan', L(3296, 3256, 3251)],
  /** pgdat_balanced (4.6, 4.7: a zone that is not zone_reclaimable counts as balanced); 4.8 prepare_kswapd_sleep: every zone up to the classzone balanced. */
  prepareKswapdSleep: ['vmscan', L(3037, 2997, 3104)],
  /** kswapd_try_to_sleep: prepare_kswapd_sleep, the HZ/10 nap, then schedule() until wakeup_kswapd. */
  kswapdTryToSleep: ['vmscan', L(3319, 3279, 3328)],
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

/**
 * mm/oom_kill.c and kernel/exit.c lines by OOM-reaper variant (the policy's
 * `oomReaper`): the code differs more between 4.6, 4.7, 4.8 and 4.9 than the
 * Tree split says, so these follow the variant, as mempoolRef does. 'none'
 * (v4.5, whose files we did not read) cites the 4.6.2 lines of the steps it
 * shares; the reaper's own lines do not apply to it. 4.9 is linux-4.9
 * (Makefile 4.9.0). The 4.7 lines are from 4.7.4 (unconfirmed for rc6).
 */
export type OomVariant = 'v4.6' | 'v4.7' | 'v4.8' | 'v4.9';

const OOM_KEYS = [
  'outOfMemory', 'currentDying', 'selectBadProcess', 'scanAbort', 'badnessSkip', 'killProcess', 'sigkill', 'markCall',
  'markOomVictim', 'wakeReaperCall', 'wakeOomReaper', 'killableSleep', 'exitOomVictim', 'maxRetries', 'oomReapTask',
  'reapRetrySleep', 'reapUnable', 'reapNotReapable', 'reapClear', 'reapTask', 'reapMmapSem', 'reapUnmap', 'reapDone', 'exitMm', 'exitMmVictim',
] as const;
export type OomKey = (typeof OOM_KEYS)[number];

/** [oom_kill.c or exit.c, line] per key per variant; 0 = the step does not exist in that variant. */
const OOM: Record<OomVariant, Record<OomKey, number>> = {
  'v4.6': {
    outOfMemory: 849, currentDying: 873, selectBadProcess: 897, scanAbort: 281, badnessSkip: 178, killProcess: 677, sigkill: 755, markCall: 756,
    markOomVictim: 590, wakeReaperCall: 794, wakeOomReaper: 548, killableSleep: 910, exitOomVictim: 609, maxRetries: 507, oomReapTask: 508,
    reapRetrySleep: 514, reapUnable: 516, reapNotReapable: 0, reapClear: 0, reapTask: 426, reapMmapSem: 454, reapUnmap: 482, reapDone: 500, exitMm: 386, exitMmVictim: 438,
  },
  'v4.7': {
    outOfMemory: 913, currentDying: 937, selectBadProcess: 971, scanAbort: 286, badnessSkip: 182, killProcess: 740, sigkill: 819, markCall: 820,
    markOomVictim: 669, wakeReaperCall: 858, wakeOomReaper: 587, killableSleep: 984, exitOomVictim: 689, maxRetries: 537, oomReapTask: 538,
    reapRetrySleep: 544, reapUnable: 546, reapNotReapable: 0, reapClear: 559, reapTask: 442, reapMmapSem: 481, reapUnmap: 509, reapDone: 524, exitMm: 386, exitMmVictim: 438,
  },
  'v4.8': {
    outOfMemory: 989, currentDying: 1010, selectBadProcess: 1043, scanAbort: 290, badnessSkip: 184, killProcess: 813, sigkill: 892, markCall: 893,
    markOomVictim: 668, wakeReaperCall: 935, wakeOomReaper: 630, killableSleep: 1055, exitOomVictim: 688, maxRetries: 561, oomReapTask: 562,
    reapRetrySleep: 568, reapUnable: 570, reapNotReapable: 584, reapClear: 602, reapTask: 455, reapMmapSem: 494, reapUnmap: 532, reapDone: 547, exitMm: 462, exitMmVictim: 514,
  },
  'v4.9': {
    outOfMemory: 984, currentDying: 1004, selectBadProcess: 1037, scanAbort: 302, badnessSkip: 189, killProcess: 807, sigkill: 886, markCall: 887,
    markOomVictim: 652, wakeReaperCall: 929, wakeOomReaper: 607, killableSleep: 1050, exitOomVictim: 678, maxRetries: 556, oomReapTask: 557,
    reapRetrySleep: 564, reapUnable: 566, reapNotReapable: 0, reapClear: 581, reapTask: 464, reapMmapSem: 488, reapUnmap: 534, reapDone: 509, exitMm: 462, exitMmVictim: 514,
  },
};

const OOM_TAG: Record<OomVariant, string> = { 'v4.6': 'v4.6', 'v4.7': 'v4.7-rc6', 'v4.8': 'v4.8', 'v4.9': 'v4.9' };

/** Source reference of one OOM step in a variant (exit_mm's keys are kernel/exit.c). */
export function oomRef(variant: OomVariant, key: OomKey): SourceRef {
  const line = OOM[variant][key];
  const file = key === 'exitMm' || key === 'exitMmVictim' ? FILES.exit : FILES.oomKill;
  // A step a variant lacks cites the function it would be in.
  return src(OOM_TAG[variant], file, line || OOM[variant].oomReapTask);
}

/** The line table, for the tests that check it against the kernel trees. */
export const OOM_LINES = OOM;
