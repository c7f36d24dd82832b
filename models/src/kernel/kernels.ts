/**
 * A kernel = a base preset of policies + a series of patches. Each policy is
 * one small decision the code makes differently between versions; the twins
 * read the policy, never the version number.
 */
import { BASE_KERNELS, type BaseKernel } from './versions.ts';
import { PATCHES, type PatchId } from './patches.ts';

export interface KernelPolicy {
  /**
   * When mempool_alloc adds __GFP_NOMEMALLOC to its allocator attempts:
   * 'always' (≤ v4.5, and after the revert 4e390b2b2f34), 'when-pool-has-elements'
   * (f9054c70, v4.6 and v4.7-rc), 'tif-memdie-only' (RFC 1/2: always, except
   * for an OOM victim whose pool is empty).
   */
  mempoolNomemallocRule: 'always' | 'when-pool-has-elements' | 'tif-memdie-only';
  /** Michal, 14 Jul: mempool_alloc sets PF_LESS_THROTTLE while it may block. */
  mempoolSetsLessThrottle: boolean;
  /** false: mempool_alloc never lets the allocator direct-reclaim (NeilBrown, 22 Jul). */
  mempoolDirectReclaim: boolean;
  /** Michal, 13 Jul: kcryptd_crypt runs with PF_LESS_THROTTLE. */
  kcryptdLessThrottle: boolean;
  /** throttle_vm_writeout at the end of shrink_zone_memcg: present until v4.8, removed in v4.9 (bf48438354a7). */
  throttleVmWriteout: 'present' | 'removed';
  /** Early returns added at the top of throttle_vm_writeout by the thread's patches. */
  throttleEarlyReturn: { noretry: boolean; lessThrottle: boolean };
  /** OOM detection: did_some_progress + zone_reclaimable (≤ v4.6) or should_reclaim_retry (0a0337e0, v4.7). */
  oomDetection: 'v4.6-zone-reclaimable' | 'v4.7-should-reclaim-retry';
  /** Mikulas's idea: finished writebacks since the last check count as progress. */
  oomWritebackProgress: boolean;
  /** wait_iff_congested sleeps one jiffy for workqueue workers (564e81a57f97, v4.5-rc3; dropped by ede37713737 in v4.7). */
  waitIffCongestedWorkerSleep: boolean;
  /** dm-crypt MIN_IOS: bioset and req_pool reserves (16; 64 from 0a83df6c8cac in v4.8). */
  dmCryptMinIos: number;
  /** Reclaim walks zones (≤ v4.7) or the node (v4.8 node-based LRUs): how often throttle_vm_writeout is reached. */
  reclaimUnit: 'zone' | 'node';
  /** The watermark formula: v4.5 (5/4, 3/2 of min) or v4.6+ (watermark_scale_factor). */
  watermarkRule: 'v4.5' | 'v4.6+';
  /** domain_dirty_limits: plain percent and +1/4 for PF_LESS_THROTTLE (v4.6), or per-PAGE_SIZE ratios and +1/4 + dirty_limit/32 (v4.7, v4.8). */
  dirtyLimitsForm: 'v4.6' | 'v4.7+';
  /** dm core bounds swap bios in flight to a target (a666e5c05e7c, 2021): submitters sleep on a semaphore of dmSwapBios. */
  dmLimitsSwapBios: boolean;
  /**
   * The OOM reaper (aac453635549, v4.6) and what oom_reap_task does when it is
   * done: 'none' (≤ v4.5: no reaper; TIF_MEMDIE lasts until the victim exits);
   * 'v4.6' (a successful reap clears TIF_MEMDIE and sets oom_score_adj to the
   * minimum; after 10 failed tries TIF_MEMDIE stays); 'v4.7' (success sets
   * MMF_OOM_REAPED; TIF_MEMDIE is cleared after success and after failure);
   * 'v4.8' (as v4.7, and a second failed reap of the same mm marks it
   * MMF_OOM_REAPED so the scan passes over it); 'v4.9' (TIF_MEMDIE is not
   * cleared by the reaper; success or failure sets MMF_OOM_SKIP, which lets the
   * scan pass over the victim).
   */
  oomReaper: 'none' | 'v4.6' | 'v4.7' | 'v4.8' | 'v4.9';
}

export interface BaseKernelInfo {
  id: BaseKernel;
  summary: string;
  policy: KernelPolicy;
}

const v45: KernelPolicy = {
  mempoolNomemallocRule: 'always',
  mempoolSetsLessThrottle: false,
  mempoolDirectReclaim: true,
  kcryptdLessThrottle: false,
  throttleVmWriteout: 'present',
  throttleEarlyReturn: { noretry: false, lessThrottle: false },
  oomDetection: 'v4.6-zone-reclaimable',
  oomWritebackProgress: false,
  waitIffCongestedWorkerSleep: true,
  dmCryptMinIos: 16,
  reclaimUnit: 'zone',
  watermarkRule: 'v4.5',
  dmLimitsSwapBios: false,
  dirtyLimitsForm: 'v4.6',
  oomReaper: 'none',
};

/** v4.8: the revert (mempool always sets __GFP_NOMEMALLOC again), 0a0337e0's OOM detection, MIN_IOS 64, node-based reclaim. */
const v48: KernelPolicy = {
  ...v45,
  watermarkRule: 'v4.6+',
  oomDetection: 'v4.7-should-reclaim-retry',
  waitIffCongestedWorkerSleep: false,
  dmCryptMinIos: 64,
  reclaimUnit: 'node',
  dirtyLimitsForm: 'v4.7+',
  oomReaper: 'v4.8',
};

export const BASES: Record<BaseKernel, BaseKernelInfo> = {
  'v4.5': { id: 'v4.5', summary: 'before f9054c70: mempool always sets __GFP_NOMEMALLOC; old OOM detection', policy: v45 },
  'v4.6': {
    id: 'v4.6',
    summary: 'f9054c70: mempool allocations may use the reserves when the pool is empty; old OOM detection',
    policy: { ...v45, mempoolNomemallocRule: 'when-pool-has-elements', watermarkRule: 'v4.6+', oomReaper: 'v4.6' },
  },
  'v4.7-rc6': {
    id: 'v4.7-rc6',
    summary: 'f9054c70 + 0a0337e0 (should_reclaim_retry) + ede37713737 (no jiffy sleep in wait_iff_congested)',
    policy: {
      ...v45,
      mempoolNomemallocRule: 'when-pool-has-elements',
      watermarkRule: 'v4.6+',
      oomDetection: 'v4.7-should-reclaim-retry',
      waitIffCongestedWorkerSleep: false,
      dirtyLimitsForm: 'v4.7+',
      oomReaper: 'v4.7',
    },
  },
  'v4.8': {
    id: 'v4.8',
    summary: 'revert of f9054c70 (4e390b2b2f34), dm-crypt MIN_IOS 64, node-based reclaim',
    policy: v48,
  },
  'v4.9': {
    id: 'v4.9',
    summary: 'as v4.8, and throttle_vm_writeout removed (bf48438354a7)',
    policy: { ...v48, throttleVmWriteout: 'removed', oomReaper: 'v4.9' },
  },
};

export interface Kernel {
  base: BaseKernel;
  patches: PatchId[];
  policy: KernelPolicy;
  /** `v4.7-rc6+throttle-noretry`. */
  label: string;
}

/** The policy of a base with patches applied in order. */
export function buildKernel(base: BaseKernel, patches: readonly PatchId[] = []): Kernel {
  let policy: KernelPolicy = { ...BASES[base].policy, throttleEarlyReturn: { ...BASES[base].policy.throttleEarlyReturn } };
  for (const id of patches) policy = PATCHES[id].apply(policy);
  return { base, patches: [...patches], policy, label: [base, ...patches].join('+') };
}

export { BASE_KERNELS };
