/**
 * How the kernel sizes its free-page reserves: min_free_kbytes, the per-zone
 * min/low/high watermarks, lowmem_reserve, and the watermark test every
 * allocation passes through. All counts are in 4 KiB pages unless a name says
 * otherwise.
 */
import { ALLOC_HARDER, ALLOC_HIGH, formatAllocFlags } from './flags.ts';
import { src, type SourceRef } from '../kernel/versions.ts';
import type { TraceStep } from '../runtime/trace.ts';

export type { TraceStep };

export const PAGE_KIB = 4;

/** x86_64 zone names in zone-index order (ZONE_MOVABLE is never populated here). */
export const ZONE_NAMES = ['DMA', 'DMA32', 'Normal'] as const;
export type ZoneName = (typeof ZONE_NAMES)[number];

export interface ZoneSpec {
  name: ZoneName;
  /** Pages the buddy allocator manages when the watermarks are computed. */
  managed: number;
  /** Pages of RAM the zone spans, holes excluded. */
  present: number;
}

export interface ZoneWatermarks {
  name: ZoneName;
  managed: number;
  min: number;
  low: number;
  high: number;
  /** lowmemReserve[j]: pages this zone keeps back from an allocation whose highest usable zone is j. */
  lowmemReserve: number[];
}

/** The watermark formula changed in v4.6 (795ae7a0de6b, watermark_scale_factor). */
export type WatermarkRule = 'v4.5' | 'v4.6+';

export function watermarkRuleFor(kernel: string): WatermarkRule {
  return kernel === 'v4.5' ? 'v4.5' : 'v4.6+';
}

/** sysctl_lowmem_reserve_ratio for DMA, DMA32 and Normal. */
export const LOWMEM_RESERVE_RATIO = [256, 256, 32] as const;
export const MIN_FREE_KBYTES_FLOOR = 128;
export const MIN_FREE_KBYTES_CEILING = 65536;
export const DEFAULT_WATERMARK_SCALE_FACTOR = 10;

/** Where each formula lives, per version, for doc links and traces. */
export const WATERMARK_SOURCES = {
  initPerZoneWmarkMin: {
    'v4.6': src('v4.6', 'mm/page_alloc.c', 6464),
    'v4.7-rc6': src('v4.7-rc6', 'mm/page_alloc.c', 6908),
    'v4.8': src('v4.8', 'mm/page_alloc.c', 6745),
  },
  setupPerZoneWmarks: {
    'v4.6': src('v4.6', 'mm/page_alloc.c', 6318, 6381),
    'v4.7-rc6': src('v4.7-rc6', 'mm/page_alloc.c', 6805),
    'v4.8': src('v4.8', 'mm/page_alloc.c', 6646),
  },
  setupPerZoneLowmemReserve: src('v4.6', 'mm/page_alloc.c', 6285, 6316),
  calculateTotalreservePages: src('v4.6', 'mm/page_alloc.c', 6248, 6278),
  zoneWatermarkOk: src('v4.6', 'mm/page_alloc.c', 2503, 2566),
  nrFreeZonePages: src('v4.6', 'mm/page_alloc.c', 3683, 3700),
} as const;

/** Integer square root, rounding down, as the kernel's int_sqrt does. */
export function intSqrt(x: number): number {
  if (x <= 0) return 0;
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

/**
 * init_per_zone_wmark_min: min_free_kbytes = int_sqrt(16 · lowmem_kbytes),
 * clamped to [128, 65536], where lowmem_kbytes is nr_free_buffer_pages() in
 * KiB: the managed pages of every zone up to Normal, less their high marks
 * (zero when this first runs at boot).
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L6464
 * https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L6908 (line from 4.7.4)
 * https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L6745 (line from 4.8.15)
 */
export function minFreeKbytes(lowmemKbytes: number): number {
  const derived = intSqrt(Math.max(0, Math.floor(lowmemKbytes)) * 16);
  return Math.min(MIN_FREE_KBYTES_CEILING, Math.max(MIN_FREE_KBYTES_FLOOR, derived));
}

/** nr_free_buffer_pages() at boot, in KiB: every zone counts (no highmem on x86_64), high marks still zero. */
export function lowmemKbytesAtBoot(zones: readonly ZoneSpec[]): number {
  return zones.reduce((sum, z) => sum + z.managed, 0) * PAGE_KIB;
}

/**
 * A plausible x86_64 guest layout for a RAM size, calibrated on the May 2016
 * dmesg of Ondrej's 1 GiB VM: DMA below 16 MiB (3998 present, 3977 managed),
 * DMA32 up to 3 GiB (the PCI hole below 4 GiB), Normal above 4 GiB. DMA32
 * loses the struct page array (64 bytes a page) and about 14 MiB of kernel
 * image and boot data; init memory is still held when the watermarks are set.
 */
export function zonesForRam(ramMiB: number): ZoneSpec[] {
  const totalPages = Math.max(4096 + 1024, Math.round(ramMiB * 256));
  const dmaPresent = 3998;
  const dmaManaged = 3977;
  const below4gEnd = Math.min(totalPages, 3072 * 256);
  const firmwareTail = 2; // pages the firmware keeps at the top of low RAM (dmesg: present 1032184 kB)
  const dma32Present = below4gEnd - 4096 - firmwareTail;
  const memmapPages = Math.ceil((totalPages * 64) / 4096);
  const kernelReserved = 3635 + KERNEL_INIT_PAGES;
  const normalPresent = Math.max(0, totalPages - below4gEnd);
  const zones: ZoneSpec[] = [
    { name: 'DMA', present: dmaPresent, managed: dmaManaged },
    { name: 'DMA32', present: dma32Present, managed: Math.max(1024, dma32Present - memmapPages - kernelReserved) },
  ];
  if (normalPresent > 0) zones.push({ name: 'Normal', present: normalPresent, managed: normalPresent });
  return zones;
}

/** Init memory (about 2.8 MiB) released after boot; the watermarks were set while it was still reserved. */
export const KERNEL_INIT_PAGES = 715;

export interface WatermarkSettings {
  minFreeKbytes: number;
  watermarkScaleFactor: number;
  rule: WatermarkRule;
}

/**
 * __setup_per_zone_wmarks then setup_per_zone_lowmem_reserve. Each zone's min
 * is its share of min_free_kbytes by managed pages. From v4.6 the gaps
 * min→low and low→high are max(min/4, managed · watermark_scale_factor /
 * 10000); v4.5 used low = min + min/4 and high = min + min/2.
 * v4.5: https://elixir.bootlin.com/linux/v4.5/C/ident/__setup_per_zone_wmarks
 * v4.6: https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L6318
 * v4.7-rc6: https://elixir.bootlin.com/linux/v4.7-rc6/source/mm/page_alloc.c#L6805 (line from 4.7.4)
 * v4.8: https://elixir.bootlin.com/linux/v4.8/source/mm/page_alloc.c#L6646 (line from 4.8.15)
 */
export function setupPerZoneWmarks(zones: readonly ZoneSpec[], settings: WatermarkSettings): ZoneWatermarks[] {
  const pagesMin = Math.floor(settings.minFreeKbytes / PAGE_KIB);
  const lowmemPages = zones.reduce((sum, z) => sum + z.managed, 0);
  const reserves = setupPerZoneLowmemReserve(zones);
  return zones.map((zone, i) => {
    const min = lowmemPages > 0 ? Math.floor((pagesMin * zone.managed) / lowmemPages) : 0;
    const gap =
      settings.rule === 'v4.5'
        ? null
        : Math.max(min >> 2, Math.floor((zone.managed * settings.watermarkScaleFactor) / 10000));
    const low = gap === null ? min + (min >> 2) : min + gap;
    const high = gap === null ? min + (min >> 1) : min + 2 * gap;
    return { name: zone.name, managed: zone.managed, min, low, high, lowmemReserve: reserves[i]! };
  });
}

/**
 * setup_per_zone_lowmem_reserve: a lower zone holds back, from allocations
 * that could have used a higher zone j, the managed pages of the zones above
 * it up to j divided by its own lowmem_reserve_ratio.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L6285
 */
export function setupPerZoneLowmemReserve(zones: readonly ZoneSpec[]): number[][] {
  const n = ZONE_NAMES.length + 1; // lowmem_reserve has MAX_NR_ZONES entries (Movable last)
  const reserve = zones.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let managed = zones[j]?.managed ?? 0;
    for (let idx = Math.min(j, zones.length) - 1; idx >= 0; idx--) {
      const ratio = Math.max(1, LOWMEM_RESERVE_RATIO[idx] ?? 32);
      reserve[idx]![j] = Math.floor(managed / ratio);
      managed += zones[idx]!.managed;
    }
  }
  return reserve;
}

/**
 * calculate_totalreserve_pages: per zone, its high mark plus its largest
 * lowmem reserve, capped at its managed pages. Dirty limits subtract this.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L6248
 */
export function totalreservePages(zones: readonly ZoneWatermarks[]): number {
  return zones.reduce((sum, z, i) => {
    const maxReserve = Math.max(0, ...z.lowmemReserve.slice(i));
    return sum + Math.min(z.managed, z.high + maxReserve);
  }, 0);
}

export interface WatermarkCheck {
  /** Free pages in the zone. */
  free: number;
  /** The watermark being tested, in pages (min, low or high of the zone). */
  mark: number;
  /** Index of the highest zone the allocation may use (0 DMA, 1 DMA32, 2 Normal). */
  classzoneIdx: number;
  allocFlags: number;
  lowmemReserve: readonly number[];
  /** Pages set aside for high-order atomic allocations (zero in the model). */
  reservedHighatomic?: number;
}

export interface WatermarkVerdict {
  ok: boolean;
  /** The floor the free count had to stay above. */
  floor: number;
  steps: TraceStep[];
}

/**
 * __zone_watermark_ok for an order-0 request: ALLOC_HIGH halves the mark,
 * ALLOC_HARDER takes a further quarter off; without ALLOC_HARDER the
 * high-atomic reserve is not counted as free; then free must exceed the mark
 * plus the zone's lowmem_reserve for the class zone.
 * https://elixir.bootlin.com/linux/v4.6/source/mm/page_alloc.c#L2503
 * (the same steps in v4.5, v4.7 and v4.8: https://elixir.bootlin.com/linux/v4.8/C/ident/__zone_watermark_ok)
 */
export function zoneWatermarkOk(input: WatermarkCheck): WatermarkVerdict {
  const at = (line: number) => src('v4.6', 'mm/page_alloc.c', line);
  const steps: TraceStep[] = [];
  let min = input.mark;
  let free = input.free;
  steps.push({ say: `start from mark ${min} with ${formatAllocFlags(input.allocFlags)}`, ref: at(2507) });
  if (input.allocFlags & ALLOC_HIGH) {
    min -= Math.floor(min / 2);
    steps.push({ say: `ALLOC_HIGH: the mark drops by half to ${min}`, ref: at(2514) });
  }
  if (!(input.allocFlags & ALLOC_HARDER)) {
    free -= input.reservedHighatomic ?? 0;
  } else {
    min -= Math.floor(min / 4);
    steps.push({ say: `ALLOC_HARDER: a further quarter off, mark ${min}`, ref: at(2525) });
  }
  const reserve = input.lowmemReserve[input.classzoneIdx] ?? 0;
  const floor = min + reserve;
  const ok = free > floor;
  steps.push({
    say: ok
      ? `free ${free} > mark ${min} + lowmem_reserve ${reserve}: the zone may be used`
      : `free ${free} <= mark ${min} + lowmem_reserve ${reserve}: the zone is refused`,
    ref: at(2538),
  });
  return { ok, floor, steps };
}

/**
 * Ondrej's 1 GiB VM as its May 2016 dmesg printed it: DMA min/low/high
 * 60/72/84 kB, DMA32 3828/4824/5820 kB, lowmem_reserve[] 0 977 977 977.
 *
 * The dmesg gives the marks, not the inputs, so the inputs are inverted:
 * - DMA32's low−min gap of 249 pages is managed·10/10000, so DMA32 managed
 *   249,000–249,999 pages when the marks were set; the dmesg's own figure,
 *   250,315, is after boot freed init memory. zonesForRam(1024) gives
 *   249,568 (250,315 less 715 pages of init memory, about 2.8 MiB).
 * - The mins add up to 972 pages and DMA32's share forces pages_min = 973,
 *   so min_free_kbytes was 3892–3895. int_sqrt(16·lowmem_kB) gives that for
 *   about 946.7 MB of low memory: some 68 MB less than the zones manage, so it
 *   was computed while more memory was still reserved (an initrd, most likely).
 * - lowmem_reserve 977 = DMA32 managed / 256 needs at least 250,112 pages, so
 *   the reserve and the marks were not computed from the same count: the
 *   kernel refreshed one of them after boot. Which path did is unconfirmed.
 */
export const MAY_2016_DMESG = {
  ramMiB: 1024,
  minFreeKbytes: 3892,
  printed: {
    DMA: { min: 15, low: 18, high: 21 },
    DMA32: { min: 957, low: 1206, high: 1455 },
  },
} as const;

/** The zone layout and tunables that produced a set of watermarks. */
export interface ZoneSetup {
  zones: ZoneSpec[];
  minFreeKbytes: number;
  minFreeKbytesDerived: boolean;
  watermarkScaleFactor: number;
  rule: WatermarkRule;
}

/** Computes min_free_kbytes from the zones unless it is given, then every zone's marks. */
export function computeWatermarks(
  zones: readonly ZoneSpec[],
  opts: { minFreeKbytes?: number; watermarkScaleFactor?: number; kernel?: string } = {},
): { setup: ZoneSetup; watermarks: ZoneWatermarks[] } {
  const rule = watermarkRuleFor(opts.kernel ?? 'v4.6');
  const derived = opts.minFreeKbytes === undefined;
  const mfk = derived ? minFreeKbytes(lowmemKbytesAtBoot(zones)) : opts.minFreeKbytes!;
  const wsf = opts.watermarkScaleFactor ?? DEFAULT_WATERMARK_SCALE_FACTOR;
  const setup: ZoneSetup = {
    zones: zones.map((z) => ({ ...z })),
    minFreeKbytes: mfk,
    minFreeKbytesDerived: derived,
    watermarkScaleFactor: wsf,
    rule,
  };
  return { setup, watermarks: setupPerZoneWmarks(zones, { minFreeKbytes: mfk, watermarkScaleFactor: wsf, rule }) };
}
