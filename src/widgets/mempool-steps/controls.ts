import type { ControlSpec } from '../controls.ts';

/** The kernels and patches the explorer offers: a base, or a base with one mempool patch. */
export const KERNEL_CHOICES = [
  { value: 'v4.5', label: 'v4.5 (before f9054c70)', base: 'v4.5', patches: [] },
  { value: 'v4.6', label: 'v4.6 (f9054c70)', base: 'v4.6', patches: [] },
  { value: 'v4.7-rc6', label: 'v4.7-rc6 (f9054c70)', base: 'v4.7-rc6', patches: [] },
  { value: 'v4.8', label: 'v4.8 (the revert)', base: 'v4.8', patches: [] },
  { value: 'v4.6+revert-f9054c70', label: 'v4.6 + revert-f9054c70 (as in 4.6.7)', base: 'v4.6', patches: ['revert-f9054c70'] },
  { value: 'v4.7-rc6+mempool-memdie-only', label: 'v4.7-rc6 + mempool-memdie-only (RFC 1/2)', base: 'v4.7-rc6', patches: ['mempool-memdie-only'] },
  { value: 'v4.7-rc6+mempool-no-direct-reclaim', label: 'v4.7-rc6 + mempool-no-direct-reclaim (NeilBrown)', base: 'v4.7-rc6', patches: ['mempool-no-direct-reclaim'] },
  { value: 'v4.7-rc6+mempool-less-throttle', label: 'v4.7-rc6 + mempool-less-throttle (Michal, 14 Jul)', base: 'v4.7-rc6', patches: ['mempool-less-throttle'] },
] as const;

export const CALLER_CHOICES = [
  { value: 'kswapd', label: 'kswapd submitting a swap write (PF_MEMALLOC)' },
  { value: 'kcryptd', label: 'kcryptd worker (a kworker, no PF_MEMALLOC)' },
  { value: 'task', label: 'ordinary task (no PF_MEMALLOC)' },
  { value: 'victim', label: 'OOM victim (TIF_MEMDIE)' },
] as const;

export const GFP_CHOICES = [
  { value: 'GFP_NOIO', label: 'GFP_NOIO (dm core, bio clones)' },
  { value: 'GFP_NOWAIT', label: 'GFP_NOWAIT (dm-crypt’s first page try)' },
  { value: 'GFP_KERNEL', label: 'GFP_KERNEL' },
] as const;

export const FREE_CHOICES = [
  { value: 'above-low', label: 'above low (at high)' },
  { value: 'min-low', label: 'between min and low' },
  { value: 'below-min', label: 'below min (half of min)' },
  { value: 'zero', label: 'zero' },
] as const;

/** The explorer's inputs. The defaults are the case f9054c70 opened: kswapd, an empty pool, memory below min. */
export const mempoolStepControls: readonly ControlSpec[] = [
  { kind: 'select', name: 'kernel', label: 'Kernel or patch', default: 'v4.6', options: KERNEL_CHOICES.map(({ value, label }) => ({ value, label })),
    help: 'Steps link to the source of that version (v4.5 to the nearest tree we read: v4.6 for the allocator, the v4.8 body for mempool_alloc, which v4.5 shares).' },
  { kind: 'select', name: 'caller', label: 'Caller', default: 'kswapd', options: CALLER_CHOICES.map(({ value, label }) => ({ value, label })) },
  { kind: 'select', name: 'gfp', label: 'gfp mask passed to mempool_alloc', default: 'GFP_NOIO', options: GFP_CHOICES.map(({ value, label }) => ({ value, label })) },
  { kind: 'select', name: 'pool', label: 'Pool', default: 'empty', options: [
    { value: 'empty', label: 'empty (all 16 elements in use)' },
    { value: 'has', label: 'has elements (4 of 16 left)' },
  ] },
  { kind: 'select', name: 'free', label: 'Free memory in every zone', default: 'below-min', options: FREE_CHOICES.map(({ value, label }) => ({ value, label })) },
  { kind: 'checkbox', name: 'writeback', label: 'Writeback far above the dirty limit (as on 14 July 2016)', default: true,
    help: 'If the allocation enters direct reclaim, reclaim ends in throttle_vm_writeout. On: 69,824 pages under writeback and 2,189 file pages, from the log Michal read on 14 July; the global dirty limit taken as no higher than the threshold.' },
];
