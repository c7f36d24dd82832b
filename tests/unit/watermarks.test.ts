import { describe, expect, it } from 'vitest';
import {
  ALLOC_HARDER, ALLOC_HIGH, ALLOC_WMARK_MIN, MAY_2016_DMESG, computeWatermarks, intSqrt, minFreeKbytes,
  reserveLadders, setupPerZoneLowmemReserve, totalreservePages, zoneWatermarkOk, zonesForRam,
} from '@forward-progress/model';

describe('min_free_kbytes (init_per_zone_wmark_min)', () => {
  // The table in the kernel's own comment above init_per_zone_wmark_min.
  it.each([
    [16, 512], [64, 1024], [256, 2048], [1024, 4096], [4096, 8192], [16384, 16384],
  ])('%i MiB of low memory gives %i kB', (mib, kb) => {
    expect(minFreeKbytes(mib * 1024)).toBe(kb);
  });

  it('clamps to 128 kB and 64 MiB', () => {
    expect(minFreeKbytes(100)).toBe(128);
    expect(minFreeKbytes(1024 * 1024 * 1024)).toBe(65536);
  });

  it('uses an integer square root that rounds down', () => {
    expect(intSqrt(15)).toBe(3);
    expect(intSqrt(16)).toBe(4);
    expect(intSqrt(2 ** 52 + 1)).toBe(2 ** 26);
  });
});

describe("the May 2016 dmesg of Ondrej's 1 GiB VM", () => {
  const zones = zonesForRam(MAY_2016_DMESG.ramMiB);
  const { watermarks } = computeWatermarks(zones, { minFreeKbytes: MAY_2016_DMESG.minFreeKbytes, kernel: 'v4.6' });

  it('lays out DMA and DMA32 as the log printed them (present 1032184 kB; managed 1001260 kB once init memory is freed)', () => {
    expect(zones.map((z) => z.name)).toEqual(['DMA', 'DMA32']);
    expect(zones[1]!.present * 4).toBe(1032184);
    expect((zones[1]!.managed + 715) * 4).toBe(1001260);
  });

  it.each(['DMA', 'DMA32'] as const)('reproduces the printed %s min/low/high within one page', (name) => {
    const zone = watermarks.find((z) => z.name === name)!;
    const printed = MAY_2016_DMESG.printed[name];
    for (const key of ['min', 'low', 'high'] as const) expect(Math.abs(zone[key] - printed[key])).toBeLessThanOrEqual(1);
  });

  it('prints the same kB figures as the log: DMA 60/72/84, DMA32 3828/4824/5820', () => {
    const kb = watermarks.map((z) => [z.min, z.low, z.high].map((p) => p * 4));
    expect(kb).toEqual([[60, 72, 84], [3828, 4824, 5820]]);
  });

  it('derives a larger min_free_kbytes from these zones than the log implies, as the chapter explains', () => {
    const derived = computeWatermarks(zones, { kernel: 'v4.6' }).setup.minFreeKbytes;
    expect(derived).toBeGreaterThan(3895);
    expect(derived).toBeLessThan(4100);
  });
});

describe('__setup_per_zone_wmarks per version', () => {
  const zones = zonesForRam(1024);
  it('v4.5 uses low = min + min/4 and high = min + min/2', () => {
    const [, dma32] = computeWatermarks(zones, { minFreeKbytes: 3892, kernel: 'v4.5' }).watermarks;
    expect(dma32!.low).toBe(dma32!.min + (dma32!.min >> 2));
    expect(dma32!.high).toBe(dma32!.min + (dma32!.min >> 1));
  });

  it('v4.6 spaces the marks by watermark_scale_factor when that is larger than min/4', () => {
    const [, dma32] = computeWatermarks(zones, { minFreeKbytes: 3892, watermarkScaleFactor: 100, kernel: 'v4.6' }).watermarks;
    const gap = Math.floor((dma32!.managed * 100) / 10000);
    expect(dma32!.min).toBe(957);
    expect(dma32!.low - dma32!.min).toBe(gap);
    expect(dma32!.high - dma32!.min).toBe(2 * gap);
  });
});

describe('lowmem_reserve and totalreserve_pages', () => {
  it('makes DMA hold back DMA32 managed / 256 from allocations that could use DMA32', () => {
    const zones = zonesForRam(1024);
    const reserve = setupPerZoneLowmemReserve(zones);
    expect(reserve[0]).toEqual([0, Math.floor(zones[1]!.managed / 256), Math.floor(zones[1]!.managed / 256), Math.floor(zones[1]!.managed / 256)]);
    expect(reserve[1]).toEqual([0, 0, 0, 0]);
  });

  it('adds each zone its high mark plus its largest reserve', () => {
    const { watermarks } = computeWatermarks(zonesForRam(1024), { minFreeKbytes: 3892 });
    expect(totalreservePages(watermarks)).toBe(21 + 975 + 1455);
  });
});

describe('__zone_watermark_ok (order 0)', () => {
  const base = { mark: 1000, classzoneIdx: 1, lowmemReserve: [0, 0, 0, 0] };
  it.each([
    ['no privilege', ALLOC_WMARK_MIN, 1000, false],
    ['no privilege', ALLOC_WMARK_MIN, 1001, true],
    ['ALLOC_HIGH halves the mark', ALLOC_HIGH, 501, true],
    ['ALLOC_HIGH halves the mark', ALLOC_HIGH, 500, false],
    ['ALLOC_HIGH then ALLOC_HARDER takes a quarter more', ALLOC_HIGH | ALLOC_HARDER, 376, true],
    ['ALLOC_HIGH then ALLOC_HARDER takes a quarter more', ALLOC_HIGH | ALLOC_HARDER, 375, false],
    ['ALLOC_HARDER alone', ALLOC_HARDER, 751, true],
  ])('%s (flags %i, free %i) → %s', (_what, allocFlags, free, ok) => {
    expect(zoneWatermarkOk({ ...base, allocFlags, free }).ok).toBe(ok);
  });

  it('adds the lowmem reserve of the class zone and names each step with its source line', () => {
    const verdict = zoneWatermarkOk({ free: 990, mark: 15, classzoneIdx: 1, allocFlags: ALLOC_WMARK_MIN, lowmemReserve: [0, 975, 975, 975] });
    expect(verdict.ok).toBe(false);
    expect(verdict.floor).toBe(990);
    expect(verdict.steps.at(-1)!.ref).toMatchObject({ tag: 'v4.6', path: 'mm/page_alloc.c', line: 2538 });
  });
});

describe('reserve ladders', () => {
  it('order the contexts from the fast path down to ALLOC_NO_WATERMARKS', () => {
    const { watermarks } = computeWatermarks(zonesForRam(1024), { minFreeKbytes: 3892 });
    const dma32 = reserveLadders(watermarks).find((l) => l.zone.name === 'DMA32')!;
    const floors = Object.fromEntries(dma32.rungs.map((r) => [r.context.id, r.floor]));
    expect(floors).toEqual({ 'fast-path': 1206, ordinary: 957, nomemalloc: 957, 'gfp-high': 479, atomic: 360, memalloc: 0 });
    expect(dma32.kswapdWakesBelow).toBe(1206);
    expect(dma32.kswapdSleepsAt).toBe(1455);
  });
});
