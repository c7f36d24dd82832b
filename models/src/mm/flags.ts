/**
 * Allocation and task flags with the kernel's own bit values, so a trace can
 * print a mask the way a kernel developer reads it.
 *
 * GFP bits: include/linux/gfp.h, https://elixir.bootlin.com/linux/v4.6/source/include/linux/gfp.h#L18
 * PF bits: include/linux/sched.h, https://elixir.bootlin.com/linux/v4.6/source/include/linux/sched.h#L2111
 * ALLOC bits: mm/internal.h, https://elixir.bootlin.com/linux/v4.6/source/mm/internal.h#L451
 */

export const __GFP_DMA = 0x01;
export const __GFP_HIGHMEM = 0x02;
export const __GFP_DMA32 = 0x04;
export const __GFP_MOVABLE = 0x08;
export const __GFP_HIGH = 0x20;
export const __GFP_IO = 0x40;
export const __GFP_FS = 0x80;
export const __GFP_NOWARN = 0x200;
export const __GFP_NORETRY = 0x1000;
export const __GFP_MEMALLOC = 0x2000;
export const __GFP_ZERO = 0x8000;
export const __GFP_NOMEMALLOC = 0x10000;
export const __GFP_HARDWALL = 0x20000;
export const __GFP_ATOMIC = 0x80000;
export const __GFP_DIRECT_RECLAIM = 0x400000;
export const __GFP_KSWAPD_RECLAIM = 0x2000000;
export const __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;

export const GFP_ATOMIC = __GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM;
export const GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
export const GFP_NOWAIT = __GFP_KSWAPD_RECLAIM;
export const GFP_NOIO = __GFP_RECLAIM;
export const GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
export const GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL;
export const GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
export const GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;

export const PF_WQ_WORKER = 0x20;
export const PF_MEMALLOC = 0x800;
export const PF_KSWAPD = 0x40000;
export const PF_LESS_THROTTLE = 0x100000;
export const PF_KTHREAD = 0x200000;
export const PF_SWAPWRITE = 0x800000;

/** Watermark index carried in the low bits of alloc_flags. */
export const ALLOC_WMARK_MIN = 0;
export const ALLOC_WMARK_LOW = 1;
export const ALLOC_WMARK_HIGH = 2;
export const ALLOC_NO_WATERMARKS = 0x04;
export const ALLOC_WMARK_MASK = ALLOC_NO_WATERMARKS - 1;
export const ALLOC_HARDER = 0x10;
export const ALLOC_HIGH = 0x20;
export const ALLOC_CPUSET = 0x40;
export const ALLOC_FAIR = 0x100;

const GFP_NAMES: [number, string][] = [
  [__GFP_DMA, '__GFP_DMA'], [__GFP_HIGHMEM, '__GFP_HIGHMEM'], [__GFP_DMA32, '__GFP_DMA32'],
  [__GFP_MOVABLE, '__GFP_MOVABLE'], [__GFP_HIGH, '__GFP_HIGH'], [__GFP_IO, '__GFP_IO'],
  [__GFP_FS, '__GFP_FS'], [__GFP_NOWARN, '__GFP_NOWARN'], [__GFP_NORETRY, '__GFP_NORETRY'],
  [__GFP_MEMALLOC, '__GFP_MEMALLOC'], [__GFP_ZERO, '__GFP_ZERO'], [__GFP_NOMEMALLOC, '__GFP_NOMEMALLOC'],
  [__GFP_HARDWALL, '__GFP_HARDWALL'], [__GFP_ATOMIC, '__GFP_ATOMIC'],
  [__GFP_DIRECT_RECLAIM, '__GFP_DIRECT_RECLAIM'], [__GFP_KSWAPD_RECLAIM, '__GFP_KSWAPD_RECLAIM'],
];

const PF_NAMES: [number, string][] = [
  [PF_WQ_WORKER, 'PF_WQ_WORKER'], [PF_MEMALLOC, 'PF_MEMALLOC'], [PF_KSWAPD, 'PF_KSWAPD'],
  [PF_LESS_THROTTLE, 'PF_LESS_THROTTLE'], [PF_KTHREAD, 'PF_KTHREAD'], [PF_SWAPWRITE, 'PF_SWAPWRITE'],
];

const ALLOC_NAMES: [number, string][] = [
  [ALLOC_NO_WATERMARKS, 'ALLOC_NO_WATERMARKS'], [ALLOC_HARDER, 'ALLOC_HARDER'],
  [ALLOC_HIGH, 'ALLOC_HIGH'], [ALLOC_CPUSET, 'ALLOC_CPUSET'], [ALLOC_FAIR, 'ALLOC_FAIR'],
];

function namesOf(mask: number, table: [number, string][]): string[] {
  return table.filter(([bit]) => (mask & bit) === bit).map(([, name]) => name);
}

/** `GFP_NOIO|__GFP_NORETRY`-style text for a gfp mask (bits named one by one). */
export function formatGfp(mask: number): string {
  return namesOf(mask, GFP_NAMES).join('|') || '0';
}

export function formatPf(flags: number): string {
  return namesOf(flags, PF_NAMES).join('|') || '0';
}

export function formatAllocFlags(flags: number): string {
  const wmark = ['ALLOC_WMARK_MIN', 'ALLOC_WMARK_LOW', 'ALLOC_WMARK_HIGH'][flags & ALLOC_WMARK_MASK] ?? '?';
  return [(flags & ALLOC_NO_WATERMARKS) ? null : wmark, ...namesOf(flags, ALLOC_NAMES)].filter(Boolean).join('|');
}
