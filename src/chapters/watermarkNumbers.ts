/**
 * Every number the "Watermarks and reserves" chapter states, computed at
 * build time from the model's functions.
 */
import {
  KERNEL_INIT_PAGES, MAY_2016_DMESG, PAGE_KIB, computeWatermarks, lowmemKbytesAtBoot, minFreeKbytes, reserveLadders, zonesForRam,
} from '@forward-progress/model';

const zones = zonesForRam(MAY_2016_DMESG.ramMiB);
const may = computeWatermarks(zones, { minFreeKbytes: MAY_2016_DMESG.minFreeKbytes, kernel: 'v4.6' });
const v45 = computeWatermarks(zones, { minFreeKbytes: MAY_2016_DMESG.minFreeKbytes, kernel: 'v4.5' });
const scaled = computeWatermarks(zones, { minFreeKbytes: MAY_2016_DMESG.minFreeKbytes, watermarkScaleFactor: 100, kernel: 'v4.6' });
const derivedMfk = minFreeKbytes(lowmemKbytesAtBoot(zones));
const derived = computeWatermarks(zones, { kernel: 'v4.6' });

const byName = <T extends { name: string }>(list: readonly T[], name: string): T => list.find((z) => z.name === name)!;
const fmt = (n: number) => n.toLocaleString('en-US');

const dma = byName(may.watermarks, 'DMA');
const dma32 = byName(may.watermarks, 'DMA32');
const ladder = reserveLadders(may.watermarks);
const dma32Ladder = ladder.find((l) => l.zone.name === 'DMA32')!;
const dmaLadder = ladder.find((l) => l.zone.name === 'DMA')!;
const floorOf = (l: typeof dma32Ladder, id: string) => l.rungs.find((r) => r.context.id === id)!.floor;

/** Inverting the printed marks (see MAY_2016_DMESG): what each printed figure implies about its inputs. */
const printedGap = MAY_2016_DMESG.printed.DMA32.low - MAY_2016_DMESG.printed.DMA32.min;
const PRINTED_DMA_RESERVE = 977; // lowmem_reserve[] 0 977 977 977 in the May 2016 dmesg
const pagesMinPrinted = Math.floor(MAY_2016_DMESG.minFreeKbytes / PAGE_KIB);
const lowmemKbForMfk = Math.ceil((MAY_2016_DMESG.minFreeKbytes * MAY_2016_DMESG.minFreeKbytes) / 16);

export const w = {
  fmt,
  kib: (pages: number) => fmt(pages * PAGE_KIB),
  mfk: fmt(MAY_2016_DMESG.minFreeKbytes),
  pagesMin: fmt(Math.floor(MAY_2016_DMESG.minFreeKbytes / PAGE_KIB)),
  derivedMfk: fmt(derivedMfk),
  derivedDma32Min: fmt(byName(derived.watermarks, 'DMA32').min),
  lowmemMiB: fmt(Math.round(lowmemKbytesAtBoot(zones) / 1024)),
  dma,
  dma32,
  dmaManaged: fmt(dma.managed),
  dma32Managed: fmt(dma32.managed),
  dma32Gap: fmt(dma32.low - dma32.min),
  dmaReserve: fmt(dma.lowmemReserve[1]!),
  v45Dma32: byName(v45.watermarks, 'DMA32'),
  scaledDma32: byName(scaled.watermarks, 'DMA32'),
  floors: {
    ordinary: fmt(floorOf(dma32Ladder, 'ordinary')),
    gfpHigh: fmt(floorOf(dma32Ladder, 'gfp-high')),
    atomic: fmt(floorOf(dma32Ladder, 'atomic')),
    dmaOrdinary: fmt(floorOf(dmaLadder, 'ordinary')),
  },
  invert: {
    gapLo: fmt(printedGap * 1000),
    gapHi: fmt(printedGap * 1000 + 999),
    managedAfterBoot: fmt(dma32.managed + KERNEL_INIT_PAGES),
    mfkLo: fmt(pagesMinPrinted * PAGE_KIB),
    mfkHi: fmt(pagesMinPrinted * PAGE_KIB + PAGE_KIB - 1),
    missingMB: fmt(Math.round((lowmemKbytesAtBoot(zones) - lowmemKbForMfk) / 1000)),
    reserve: fmt(PRINTED_DMA_RESERVE),
    reserveNeeds: fmt(PRINTED_DMA_RESERVE * 256),
  },
  reserveBelowMinKiB: fmt((dma32.min + dma.min) * PAGE_KIB),
};
