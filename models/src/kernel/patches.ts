/**
 * The patches of the thread (and the ones that ended it), each a named
 * override of one policy. Togglable on any base.
 */
import type { KernelPolicy } from './kernels.ts';

export const PATCH_IDS = [
  'revert-f9054c70',
  'throttle-noretry',
  'kcryptd-less-throttle',
  'mempool-less-throttle',
  'throttle-skip-less-throttle',
  'mempool-memdie-only',
  'mempool-no-direct-reclaim',
  'remove-throttle-vm-writeout',
  'dm-crypt-min-ios-64',
  'oom-writeback-progress',
  'dm-swap-bios-limit',
] as const;
export type PatchId = (typeof PATCH_IDS)[number];

export interface Patch {
  id: PatchId;
  /** Commit hash or Message-ID. */
  origin: string;
  author: string;
  summary: string;
  apply(p: KernelPolicy): KernelPolicy;
}

const patch = (id: PatchId, author: string, origin: string, summary: string, apply: (p: KernelPolicy) => KernelPolicy): Patch => ({
  id, author, origin, summary, apply,
});

export const PATCHES: Record<PatchId, Patch> = {
  'revert-f9054c70': patch('revert-f9054c70', 'Michal Hocko', 'commit 4e390b2b2f34b8daaabf2df1df0cf8f798b87ddb',
    'mempool_alloc always sets __GFP_NOMEMALLOC again (the revert merged for v4.8-rc1)',
    (p) => ({ ...p, mempoolNomemallocRule: 'always' })),
  'throttle-noretry': patch('throttle-noretry', 'Mikulas Patocka', 'alpine.LRH.2.02.1607131021410.31769 (13 Jul 2016, against 4.7-rc7)',
    'throttle_vm_writeout returns at once for __GFP_NORETRY allocations (every mempool attempt)',
    (p) => ({ ...p, throttleEarlyReturn: { ...p.throttleEarlyReturn, noretry: true } })),
  'kcryptd-less-throttle': patch('kcryptd-less-throttle', 'Michal Hocko', '20160713111006.GF28723@dhcp22.suse.cz (13 Jul 2016)',
    'kcryptd_crypt runs with PF_LESS_THROTTLE (+25% dirty thresholds for it)',
    (p) => ({ ...p, kcryptdLessThrottle: true })),
  'mempool-less-throttle': patch('mempool-less-throttle', 'Michal Hocko', '20160714125129.GA12289@dhcp22.suse.cz (14 Jul 2016)',
    'mempool_alloc sets PF_LESS_THROTTLE while it may block (flag only: the one Ondrej saw freeze)',
    (p) => ({ ...p, mempoolSetsLessThrottle: true })),
  'throttle-skip-less-throttle': patch('throttle-skip-less-throttle', 'Ondrej Kozina (first tested, 14 Jul 17:25); Michal Hocko (an alternative one-liner, 19:36; RFC 2/2)', '8ada6905-ffd2-46c7-7ca1-861fac7e6264@redhat.com; 20160714173659.GA29355@dhcp22.suse.cz; RFC 2/2 <1468831285-27242-2-git-send-email-mhocko@kernel.org>',
    'throttle_vm_writeout returns at once for PF_LESS_THROTTLE tasks (with mempool-less-throttle = RFC 2/2)',
    (p) => ({ ...p, throttleEarlyReturn: { ...p.throttleEarlyReturn, lessThrottle: true } })),
  'mempool-memdie-only': patch('mempool-memdie-only', 'Michal Hocko', 'RFC 1/2 <1468831285-27242-1-git-send-email-mhocko@kernel.org>',
    'mempool_alloc drops __GFP_NOMEMALLOC only for an OOM victim (TIF_MEMDIE) whose pool is empty',
    (p) => ({ ...p, mempoolNomemallocRule: 'tif-memdie-only' })),
  'mempool-no-direct-reclaim': patch('mempool-no-direct-reclaim', 'NeilBrown', '87oa5q5abi.fsf@notabene.neil.brown.name (22 Jul 2016)',
    'mempool_alloc masks out __GFP_DIRECT_RECLAIM for the allocator: it falls back to the pool and waits',
    (p) => ({ ...p, mempoolDirectReclaim: false })),
  'remove-throttle-vm-writeout': patch('remove-throttle-vm-writeout', 'Michal Hocko', 'commit bf48438354a7 (v4.9-rc1); <1471171473-21418-1-git-send-email-mhocko@kernel.org>',
    'throttle_vm_writeout is gone',
    (p) => ({ ...p, throttleVmWriteout: 'removed' })),
  'dm-crypt-min-ios-64': patch('dm-crypt-min-ios-64', 'not recorded in our sources', 'commit 0a83df6c8cac (v4.8)',
    'dm-crypt MIN_IOS 16 → 64: larger bioset and req_pool reserves',
    (p) => ({ ...p, dmCryptMinIos: 64 })),
  'oom-writeback-progress': patch('oom-writeback-progress', 'Mikulas Patocka (idea, no patch posted)', 'alpine.LRH.2.02.1607131021410.31769@file01.intranet.prod.int.rdu2.redhat.com (13 Jul 2016)',
    'a counter of finished writebacks: the allocator does not OOM while it keeps moving',
    (p) => ({ ...p, oomWritebackProgress: true })),
  'dm-swap-bios-limit': patch('dm-swap-bios-limit', 'Mikulas Patocka', 'commit a666e5c05e7c4aaabb2c5d58117b0946803d03d2 (2021, v5.12-rc1)',
    'dm core lets at most dmSwapBios swap bios into dm-crypt at once; the submitter sleeps until one completes',
    (p) => ({ ...p, dmLimitsSwapBios: true })),
};

export function isPatchId(id: string): id is PatchId {
  return (PATCH_IDS as readonly string[]).includes(id);
}
