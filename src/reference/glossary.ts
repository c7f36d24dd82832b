/**
 * The glossary's entries: a few sentences in our words, the kernel definition
 * on elixir at v4.6 (line numbers read in the 4.6.2 tree, see sources.ts), and
 * for flags the bit value, taken from the model's own flag table so that the
 * numbers come from code. `match` finds the chapters that use a term.
 */
import * as F from '@forward-progress/model/mm/flags';
import { elixirSource } from './sources.ts';

export type GlossaryGroup = 'gfp' | 'pf' | 'alloc' | 'memory' | 'writeback' | 'oom' | 'dm';

export interface GlossaryEntry {
  /** The anchor: `glossary/#<id>`. */
  id: string;
  /** Further anchors that land on the same entry. */
  aliases?: string[];
  term: string;
  /** Show the term in code type. */
  code: boolean;
  group: GlossaryGroup;
  /** One to three sentences, in our words (inline `code` in backticks). */
  text: string;
  /** The flag's value: a mask, a bit or an index, with how to print it. */
  value?: { n: number; kind: 'gfp' | 'pf' | 'alloc' | 'index' };
  /** Kernel definitions at v4.6. */
  defs: { label: string; url: string }[];
  /** Patterns that find the term in a chapter's source. */
  match: RegExp[];
}

const v46 = (path: string, line: number, endLine?: number) => elixirSource('v4.6', path, line, endLine);
const GFP_H = 'include/linux/gfp.h';
const SCHED_H = 'include/linux/sched.h';
const INTERNAL_H = 'mm/internal.h';
const PAGE_ALLOC = 'mm/page_alloc.c';
const VMSCAN = 'mm/vmscan.c';
const WRITEBACK = 'mm/page-writeback.c';
const DM_CRYPT = 'drivers/md/dm-crypt.c';

/** A whole-word pattern for an identifier (no letter, digit or _ on either side). */
export function word(ident: string, flags = ''): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])${ident.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`, flags);
}

const flag = (
  term: string, group: 'gfp' | 'pf', n: number, text: string, defs: { label: string; url: string }[],
): GlossaryEntry => {
  const id = term.toLowerCase();
  const bare = id.replace(/^_+/, '');
  return { id, aliases: bare !== id ? [bare] : undefined, term, code: true, group, text, value: { n, kind: group }, defs, match: [word(term)] };
};

export const GLOSSARY: readonly GlossaryEntry[] = [
  // ---- GFP: how an allocation may behave
  flag('GFP_KERNEL', 'gfp', F.GFP_KERNEL,
    'The ordinary mask for kernel allocations in process context: the caller may sleep, reclaim directly, start I/O and call into filesystems. kswapd reclaims with this mask too, which is why it loops in `throttle_vm_writeout`.',
    [{ label: `${GFP_H}:246`, url: v46(GFP_H, 246) }]),
  flag('GFP_NOIO', 'gfp', F.GFP_NOIO,
    'Like `GFP_KERNEL` but without `__GFP_IO` and `__GFP_FS`: the caller may reclaim, but only what needs no I/O to free, so it cannot start swap-out. Block and device-mapper code, dm-crypt included, allocates with it.',
    [{ label: `${GFP_H}:249`, url: v46(GFP_H, 249) }]),
  flag('GFP_NOWAIT', 'gfp', F.GFP_NOWAIT,
    'Never sleep and never reclaim directly; only wake kswapd. dm-crypt asks for its ciphertext pages this way first, and falls back to its page pool.',
    [{ label: `${GFP_H}:248`, url: v46(GFP_H, 248) }]),
  flag('GFP_ATOMIC', 'gfp', F.GFP_ATOMIC,
    'For callers that cannot sleep at all: no reclaim, but a deeper dip below the min watermark than ordinary allocations (`__GFP_HIGH` and `__GFP_ATOMIC`).',
    [{ label: `${GFP_H}:245`, url: v46(GFP_H, 245) }]),
  flag('__GFP_DIRECT_RECLAIM', 'gfp', F.__GFP_DIRECT_RECLAIM,
    'The caller may reclaim memory itself when the free lists run short. `mempool_alloc` strips it from its first attempt; dm-crypt adds it back when its pool is empty.',
    [{ label: `${GFP_H}:152`, url: v46(GFP_H, 152) }]),
  flag('__GFP_KSWAPD_RECLAIM', 'gfp', F.__GFP_KSWAPD_RECLAIM,
    'The allocator may wake kswapd when a zone falls below its low watermark.',
    [{ label: `${GFP_H}:153`, url: v46(GFP_H, 153) }]),
  flag('__GFP_IO', 'gfp', F.__GFP_IO,
    'Reclaim on behalf of this allocation may start physical I/O, such as writing an anonymous page to swap. Without it a reclaimer can only drop clean pages.',
    [{ label: `${GFP_H}:150`, url: v46(GFP_H, 150) }]),
  flag('__GFP_FS', 'gfp', F.__GFP_FS,
    'Reclaim may call into filesystems. `throttle_vm_writeout` loops only for callers that have both `__GFP_FS` and `__GFP_IO`; everyone else sleeps at most once per call.',
    [{ label: `${GFP_H}:151`, url: v46(GFP_H, 151) }]),
  flag('__GFP_NORETRY', 'gfp', F.__GFP_NORETRY,
    'Try reclaim once and then fail; never call the OOM killer. `mempool_alloc` sets it on every attempt, because the pool is its fallback. Mikulas\'s patch let such allocations skip `throttle_vm_writeout`.',
    [{ label: `${GFP_H}:157`, url: v46(GFP_H, 157) }]),
  flag('__GFP_HIGH', 'gfp', F.__GFP_HIGH,
    'A high-priority allocation: the allocator lets it go halfway below the min watermark (`ALLOC_HIGH`).',
    [{ label: `${GFP_H}:110`, url: v46(GFP_H, 110) }]),
  flag('__GFP_MEMALLOC', 'gfp', F.__GFP_MEMALLOC,
    'Grants this one allocation all of memory, reserves included, for callers that will free more memory very soon. Michal\'s 13 July message names `__GFP_NOMEMALLOC` where this flag was meant.',
    [{ label: `${GFP_H}:111`, url: v46(GFP_H, 111) }]),
  flag('__GFP_NOMEMALLOC', 'gfp', F.__GFP_NOMEMALLOC,
    'Forbids the reserves even to a caller that would otherwise get them (`PF_MEMALLOC`, `TIF_MEMDIE`); it always wins. f9054c70 stopped `mempool_alloc` from setting it when the pool is empty; the revert restored it.',
    [{ label: `${GFP_H}:112`, url: v46(GFP_H, 112) }]),

  // ---- PF: what kind of task is allocating
  flag('PF_MEMALLOC', 'pf', F.PF_MEMALLOC,
    'A task flag for "I am freeing memory": kswapd carries it always, a task in direct reclaim while it reclaims. Its allocations may ignore the watermarks (unless they carry `__GFP_NOMEMALLOC`), and it never enters direct reclaim again. The kcryptd worker does not have it.',
    [{ label: `${SCHED_H}:2117`, url: v46(SCHED_H, 2117) }, { label: `${PAGE_ALLOC}:2996 (set in __perform_reclaim)`, url: v46(PAGE_ALLOC, 2996) }]),
  flag('PF_LESS_THROTTLE', 'pf', F.PF_LESS_THROTTLE,
    '"Throttle me less: I clean memory." In 4.6 it raises the task\'s dirty thresholds by a quarter and spares it some congestion waits in reclaim, but `throttle_vm_writeout` does not look at it. Setting it, on kcryptd or inside `mempool_alloc`, left that stall in place: Ondrej\'s test of the mempool variant froze.',
    [{ label: `${SCHED_H}:2126`, url: v46(SCHED_H, 2126) }, { label: `${WRITEBACK}:366 (domain_dirty_limits)`, url: v46(WRITEBACK, 366) }]),
  flag('PF_KSWAPD', 'pf', F.PF_KSWAPD,
    'Marks the kswapd threads.',
    [{ label: `${SCHED_H}:2124`, url: v46(SCHED_H, 2124) }]),
  flag('PF_WQ_WORKER', 'pf', F.PF_WQ_WORKER,
    'Marks a workqueue worker (a kworker), such as the ones that run dm-crypt\'s encryption. In 4.5 and 4.6 such a worker sleeps a jiffy in `wait_iff_congested` even when nothing is congested.',
    [{ label: `${SCHED_H}:2111`, url: v46(SCHED_H, 2111) }]),

  // ---- ALLOC: what the allocator lets one attempt take
  { id: 'alloc_wmark', aliases: ['alloc_wmark_min', 'alloc_wmark_low', 'alloc_wmark_high'], term: 'ALLOC_WMARK_MIN / LOW / HIGH', code: true, group: 'alloc',
    text: 'Which watermark an attempt must stay above, stored as an index in the low bits of the allocator\'s flags. The fast path checks low; the slow path min.',
    value: { n: F.ALLOC_WMARK_HIGH, kind: 'index' },
    defs: [{ label: `${INTERNAL_H}:451–453`, url: v46(INTERNAL_H, 451, 453) }], match: [word('ALLOC_WMARK_MIN'), word('ALLOC_WMARK_LOW'), word('ALLOC_WMARK_HIGH')] },
  { id: 'alloc_high', term: 'ALLOC_HIGH', code: true, group: 'alloc',
    text: 'Set for `__GFP_HIGH`: the min watermark is halved for this attempt.',
    value: { n: F.ALLOC_HIGH, kind: 'alloc' }, defs: [{ label: `${INTERNAL_H}:460`, url: v46(INTERNAL_H, 460) }], match: [word('ALLOC_HIGH')] },
  { id: 'alloc_harder', term: 'ALLOC_HARDER', code: true, group: 'alloc',
    text: 'Set for atomic and real-time callers: the min watermark is lowered by a quarter for this attempt.',
    value: { n: F.ALLOC_HARDER, kind: 'alloc' }, defs: [{ label: `${INTERNAL_H}:459`, url: v46(INTERNAL_H, 459) }], match: [word('ALLOC_HARDER')] },
  { id: 'alloc_no_watermarks', term: 'ALLOC_NO_WATERMARKS', code: true, group: 'alloc',
    text: 'No watermark at all: the attempt may take the last free page. `gfp_to_alloc_flags` grants it to `PF_MEMALLOC` and `TIF_MEMDIE` tasks and to `__GFP_MEMALLOC`, unless `__GFP_NOMEMALLOC` is set.',
    value: { n: F.ALLOC_NO_WATERMARKS, kind: 'alloc' },
    defs: [{ label: `${INTERNAL_H}:454`, url: v46(INTERNAL_H, 454) }, { label: `${PAGE_ALLOC}:3056 (gfp_to_alloc_flags)`, url: v46(PAGE_ALLOC, 3056) }], match: [word('ALLOC_NO_WATERMARKS')] },

  // ---- memory and reclaim
  { id: 'watermarks', term: 'watermarks', code: false, group: 'memory',
    text: 'Three levels of free pages per zone, min, low and high. Below low the allocator wakes kswapd, which reclaims until high; below min only privileged callers may allocate; the pages under min are the reserves.',
    defs: [{ label: 'include/linux/mmzone.h:241 (enum zone_watermarks)', url: v46('include/linux/mmzone.h', 241) }, { label: `${PAGE_ALLOC}:6318 (__setup_per_zone_wmarks)`, url: v46(PAGE_ALLOC, 6318) }, { label: `${PAGE_ALLOC}:2503 (__zone_watermark_ok)`, url: v46(PAGE_ALLOC, 2503) }],
    match: [/watermark/i] },
  { id: 'lowmem_reserve', term: 'lowmem_reserve', code: true, group: 'memory',
    text: 'Extra pages a lower zone keeps back from allocations that could have been served by a higher zone, so DMA memory is not used up by ordinary requests. It adds to the watermark in the check.',
    defs: [{ label: 'include/linux/mmzone.h:348', url: v46('include/linux/mmzone.h', 348) }, { label: `${PAGE_ALLOC}:6285 (setup_per_zone_lowmem_reserve)`, url: v46(PAGE_ALLOC, 6285) }],
    match: [/lowmem_reserve|lowmem reserve/i] },
  { id: 'min_free_kbytes', term: 'min_free_kbytes', code: true, group: 'memory',
    text: 'The size of the whole reserve, set at boot from the square root of low memory and shared among the zones as their min watermarks.',
    defs: [{ label: `${PAGE_ALLOC}:250`, url: v46(PAGE_ALLOC, 250) }, { label: `${PAGE_ALLOC}:6464 (init_per_zone_wmark_min)`, url: v46(PAGE_ALLOC, 6464) }],
    match: [word('min_free_kbytes')] },
  { id: 'mempool', term: 'mempool', code: false, group: 'memory',
    text: 'A subsystem\'s private stock of preallocated objects, so that it can always make progress: `mempool_alloc` tries the allocator first, then the stock, then waits for an object to come back. `mempool_free` refills the stock before anything goes back to the allocator.',
    defs: [{ label: 'include/linux/mempool.h:14', url: v46('include/linux/mempool.h', 14) }, { label: 'mm/mempool.c:315 (mempool_alloc)', url: v46('mm/mempool.c', 315) }, { label: 'mm/mempool.c:404 (mempool_free)', url: v46('mm/mempool.c', 404) }],
    match: [/mempool/i] },
  { id: 'kswapd', term: 'kswapd', code: false, group: 'memory',
    text: 'The per-node kernel thread that reclaims in the background when a zone falls below its low watermark, until it is back above high. It runs with `PF_MEMALLOC`, so the swap-out it starts can use the reserves.',
    defs: [{ label: `${VMSCAN}:3384 (kswapd)`, url: v46(VMSCAN, 3384) }, { label: `${VMSCAN}:3476 (wakeup_kswapd)`, url: v46(VMSCAN, 3476) }],
    match: [word('kswapd')] },
  { id: 'direct-reclaim', term: 'direct reclaim', code: false, group: 'memory',
    text: 'Reclaim done by the allocating task itself, when the free lists cannot serve it. The task runs with `PF_MEMALLOC` for the duration, and anything it submits on the way, a swap write for example, inherits that.',
    defs: [{ label: `${PAGE_ALLOC}:2986 (__perform_reclaim)`, url: v46(PAGE_ALLOC, 2986) }, { label: `${VMSCAN}:2845 (try_to_free_pages)`, url: v46(VMSCAN, 2845) }],
    match: [/direct[- ]reclaim/i] },
  { id: 'zone_reclaimable', aliases: ['pages_scanned'], term: 'zone_reclaimable (pages_scanned)', code: true, group: 'memory',
    text: 'In 4.6, the OOM gate: a zone counts as reclaimable while the pages scanned since a page was last freed into it stay below six times its reclaimable pages. When no zone is, reclaim reports no progress and the allocator calls the OOM killer.',
    defs: [{ label: `${VMSCAN}:210`, url: v46(VMSCAN, 210) }],
    match: [word('zone_reclaimable'), word('pages_scanned'), word('zoneReclaimable')] },

  // ---- writeback and throttling
  { id: 'writeback', term: 'writeback', code: false, group: 'writeback',
    text: 'Writing a page\'s contents to its backing store, a file or swap. A page under writeback cannot be freed until the write completes; for swap on dm-crypt that means until kcryptd has encrypted it and the disk has written it.',
    defs: [{ label: 'mm/filemap.c:845 (end_page_writeback)', url: v46('mm/filemap.c', 845) }],
    match: [/writeback/i] },
  { id: 'nr_writeback', term: 'NR_WRITEBACK', code: true, group: 'writeback',
    text: 'The counter of pages under writeback, swap included. `throttle_vm_writeout` compares the global count with the dirty threshold; on 14 July it stood at 69,824 pages.',
    defs: [{ label: 'include/linux/mmzone.h:133', url: v46('include/linux/mmzone.h', 133) }],
    match: [word('NR_WRITEBACK')] },
  { id: 'dirtyable-memory', term: 'dirtyable memory', code: false, group: 'writeback',
    text: 'The base of the dirty limits: free pages above the reserves plus the file cache. Anonymous memory is left out, so on a machine full of anonymous pages the limit, and `throttle_vm_writeout`\'s threshold with it, is tiny.',
    defs: [{ label: `${WRITEBACK}:335 (global_dirtyable_memory)`, url: v46(WRITEBACK, 335) }, { label: `${WRITEBACK}:366 (domain_dirty_limits)`, url: v46(WRITEBACK, 366) }],
    match: [/dirtyable/i] },
  { id: 'throttle_vm_writeout', term: 'throttle_vm_writeout', code: true, group: 'writeback',
    text: 'Called at the end of each zone\'s reclaim pass: while pages under writeback exceed about 110% of the dirty threshold, sleep 100 ms. A `GFP_NOIO` caller sleeps once and returns; a `GFP_KERNEL` caller loops. Removed in v4.9.',
    defs: [{ label: `${WRITEBACK}:1936`, url: v46(WRITEBACK, 1936) }, { label: `${VMSCAN}:2311 (the call in shrink_zone_memcg)`, url: v46(VMSCAN, 2311) }],
    match: [word('throttle_vm_writeout'), word('throttleVmWriteout')] },
  { id: 'congestion_wait', term: 'congestion_wait', code: true, group: 'writeback',
    text: 'Sleep for the given timeout unless a device signals that its congestion cleared. It does not check whether anything is congested, so in a VM it very likely sleeps the whole 100 ms.',
    defs: [{ label: 'mm/backing-dev.c:931', url: v46('mm/backing-dev.c', 931) }, { label: 'mm/backing-dev.c:968 (wait_iff_congested)', url: v46('mm/backing-dev.c', 968) }],
    match: [word('congestion_wait'), word('wait_iff_congested')] },

  // ---- OOM
  { id: 'tif_memdie', term: 'TIF_MEMDIE', code: true, group: 'oom',
    text: 'The mark the OOM killer puts on its victim\'s thread: the victim may use the reserves so that it can exit and free its memory. David Rientjes wrote f9054c70 for a victim stuck in `mempool_alloc`.',
    defs: [{ label: 'arch/x86/include/asm/thread_info.h:104', url: v46('arch/x86/include/asm/thread_info.h', 104) }, { label: 'mm/oom_kill.c:590 (mark_oom_victim)', url: v46('mm/oom_kill.c', 590) }],
    match: [word('TIF_MEMDIE')] },
  { id: 'oom-killer', aliases: ['oom-reaper'], term: 'OOM killer and OOM reaper', code: false, group: 'oom',
    text: 'When the allocator decides no reclaim can help, the OOM killer picks a process and kills it. Since 4.6 the OOM reaper, a kernel thread, frees the victim\'s anonymous memory without waiting for the victim to exit.',
    defs: [{ label: 'mm/oom_kill.c:849 (out_of_memory)', url: v46('mm/oom_kill.c', 849) }, { label: 'mm/oom_kill.c:526 (oom_reaper)', url: v46('mm/oom_kill.c', 526) }, { label: `${PAGE_ALLOC}:2832 (__alloc_pages_may_oom)`, url: v46(PAGE_ALLOC, 2832) }],
    match: [/\bOOM[- ]kill|\bOOM reaper|oom_reaper|out_of_memory/i] },

  // ---- device mapper
  { id: 'dm-crypt', aliases: ['kcryptd', 'dmcrypt_write'], term: 'dm-crypt, kcryptd, dmcrypt_write', code: false, group: 'dm',
    text: 'dm-crypt is the device-mapper target that encrypts a block device. It hands each write to kcryptd, a workqueue whose kworkers allocate a ciphertext page and encrypt into it, and then to the dmcrypt_write thread, which sorts and submits the writes.',
    defs: [{ label: `${DM_CRYPT}:1392 (kcryptd_crypt)`, url: v46(DM_CRYPT, 1392) }, { label: `${DM_CRYPT}:1879 (the kcryptd workqueue)`, url: v46(DM_CRYPT, 1879) }, { label: `${DM_CRYPT}:1193 (dmcrypt_write)`, url: v46(DM_CRYPT, 1193) }],
    match: [/dm-crypt|kcryptd|dmcrypt_write/i] },
  { id: 'page_pool', term: 'page_pool', code: true, group: 'dm',
    text: 'dm-crypt\'s mempool of 256 pages for ciphertext. When the allocator refuses a `GFP_NOWAIT` page, kcryptd takes one from here; a completed write returns its page here first.',
    defs: [{ label: `${DM_CRYPT}:1799`, url: v46(DM_CRYPT, 1799) }, { label: `${DM_CRYPT}:990 (crypt_alloc_buffer)`, url: v46(DM_CRYPT, 990) }],
    match: [word('page_pool'), /page pool/i] },
  { id: 'bioset', term: 'bioset', code: false, group: 'dm',
    text: 'A mempool of bio structures (plus front padding) from which a layer allocates the bios it sends down. The swap bio comes from `fs_bio_set` (2 bios), device mapper\'s and dm-crypt\'s clones from their own biosets of 16.',
    defs: [{ label: 'block/bio.c:1927 (bioset_create)', url: v46('block/bio.c', 1927) }, { label: 'block/bio.c:429 (bio_alloc_bioset)', url: v46('block/bio.c', 429) }, { label: `${DM_CRYPT}:1805 (dm-crypt's bioset)`, url: v46(DM_CRYPT, 1805) }],
    match: [/bioset|bio_set/i] },
];

export const GROUPS: Record<GlossaryGroup, string> = {
  gfp: 'GFP flags',
  pf: 'Task flags',
  alloc: 'Allocator flags',
  memory: 'Memory and reclaim',
  writeback: 'Writeback and throttling',
  oom: 'Out of memory',
  dm: 'Device mapper and dm-crypt',
};

/** The value as a kernel developer reads it: `0x2400000 (__GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM)`. */
export function formatValue(value: NonNullable<GlossaryEntry['value']>): string {
  const hex = `0x${value.n.toString(16)}`;
  if (value.kind === 'index') return `min ${F.ALLOC_WMARK_MIN}, low ${F.ALLOC_WMARK_LOW}, high ${F.ALLOC_WMARK_HIGH} (an index, not a bit)`;
  if (value.kind === 'gfp') {
    const names = F.formatGfp(value.n);
    return names.includes('|') ? `${hex} = ${names}` : hex;
  }
  return hex;
}
