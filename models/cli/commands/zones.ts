/**
 * fpsim zones: the zones of a machine and the watermarks the kernel gives
 * them. With no flags it prints Ondrej's 1 GiB VM as the May 2016 dmesg shows
 * it; --ram derives a layout (and min_free_kbytes) for another size.
 */
import type { Command } from '../command.ts';
import { choice, formatHelp, lastValue, numberInRange, parseArgs, parseMiB, UsageError, type FlagSpec } from '../args.ts';
import { BASE_KERNELS } from '../../src/kernel/versions.ts';
import {
  MAY_2016_DMESG, PAGE_KIB, ZONE_NAMES, computeWatermarks, zonesForRam, type ZoneName, type ZoneSpec,
} from '../../src/mm/watermarks.ts';

const FLAGS: FlagSpec[] = [
  { name: 'ram', takesValue: true, metavar: 'SIZE', help: 'derive zones for this much RAM, e.g. 1024M or 4G (64M..64G)' },
  { name: 'managed', takesValue: true, metavar: 'ZONE=N,...', help: 'managed pages per zone, e.g. DMA=3977,DMA32=249568' },
  { name: 'min-free-kbytes', takesValue: true, metavar: 'N', help: 'override vm.min_free_kbytes (128..65536); derived otherwise' },
  { name: 'watermark-scale-factor', takesValue: true, metavar: 'N', help: 'vm.watermark_scale_factor (1..1000, default 10; v4.6+)' },
  { name: 'kernel', takesValue: true, metavar: 'ID', help: `kernel whose formula to use: ${BASE_KERNELS.join(', ')}` },
  { name: 'format', takesValue: true, metavar: 'json|text', help: 'output format (default text)' },
  { name: 'help', takesValue: false, help: 'show this help' },
];

function parseManaged(value: string): ZoneSpec[] {
  const seen = new Map<ZoneName, number>();
  for (const part of value.split(',')) {
    const m = /^\s*([A-Za-z0-9]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--managed ${JSON.stringify(part)} is not ZONE=PAGES; zones: ${ZONE_NAMES.join(', ')}`);
    const name = ZONE_NAMES.find((z) => z.toLowerCase() === m[1]!.toLowerCase());
    if (!name) throw new UsageError(`--managed zone ${JSON.stringify(m[1])} is unknown; zones: ${ZONE_NAMES.join(', ')}`);
    const pages = Number(m[2]);
    if (pages < 1 || pages > 64 * 1024 * 256) throw new UsageError(`--managed ${name}=${m[2]} is out of range (1..16777216 pages)`);
    seen.set(name, pages);
  }
  return ZONE_NAMES.filter((z) => seen.has(z)).map((name) => ({ name, managed: seen.get(name)!, present: seen.get(name)! }));
}

export const command: Command = {
  name: 'zones',
  summary: 'zones and their min/low/high watermarks (default: the May 2016 1 GiB VM)',
  async run(argv, io) {
    const args = parseArgs(argv, FLAGS);
    if (args.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    if (args.values.has('help')) {
      io.out(formatHelp('usage: fpsim zones [flags]', FLAGS));
      return 0;
    }
    const ram = lastValue(args, 'ram');
    const managed = lastValue(args, 'managed');
    if (ram && managed) throw new UsageError('give --ram or --managed, not both');
    const kernel = choice('kernel', lastValue(args, 'kernel') ?? 'v4.6', BASE_KERNELS);
    const format = choice('format', lastValue(args, 'format') ?? 'text', ['json', 'text'] as const);
    const mfkFlag = lastValue(args, 'min-free-kbytes');
    const wsfFlag = lastValue(args, 'watermark-scale-factor');

    const preset = !ram && !managed;
    const zones = managed ? parseManaged(managed) : zonesForRam(ram ? parseMiB('ram', ram, 64, 65536) : MAY_2016_DMESG.ramMiB);
    const minFreeKbytes = mfkFlag !== undefined
      ? numberInRange('min-free-kbytes', mfkFlag, 128, 65536)
      : preset ? MAY_2016_DMESG.minFreeKbytes : undefined;
    const watermarkScaleFactor = wsfFlag !== undefined ? numberInRange('watermark-scale-factor', wsfFlag, 1, 1000) : undefined;
    const { setup, watermarks } = computeWatermarks(zones, { minFreeKbytes, watermarkScaleFactor, kernel });

    if (format === 'json') {
      io.out(JSON.stringify({
        kernel,
        minFreeKbytes: setup.minFreeKbytes,
        minFreeKbytesDerived: setup.minFreeKbytesDerived,
        watermarkScaleFactor: setup.watermarkScaleFactor,
        zones: watermarks.map((z) => ({ name: z.name, managed: z.managed, min: z.min, low: z.low, high: z.high, lowmemReserve: z.lowmemReserve })),
      }, null, 2));
      return 0;
    }
    const source = preset
      ? 'Ondrej Kozina\'s 1 GiB VM, May 2016 (min_free_kbytes inverted from its dmesg)'
      : ram ? `${ram} of RAM, zones derived` : 'zones as given';
    const lines = [
      `${source}; kernel ${kernel}`,
      `min_free_kbytes ${setup.minFreeKbytes}${setup.minFreeKbytesDerived ? ' (derived: int_sqrt(16 x lowmem kB))' : ''}, watermark_scale_factor ${setup.watermarkScaleFactor}${setup.rule === 'v4.5' ? ' (unused before v4.6)' : ''}`,
      '',
      `${'zone'.padEnd(6)}${'managed'.padStart(10)}${'min'.padStart(16)}${'low'.padStart(16)}${'high'.padStart(16)}`,
      ...watermarks.map((z) =>
        `${z.name.padEnd(6)}${String(z.managed).padStart(10)}` +
        [z.min, z.low, z.high].map((p) => `${p} [${p * PAGE_KIB} kB]`.padStart(16)).join('')),
      '',
      'Counts are 4 KiB pages. kswapd wakes below low and sleeps again at high.',
    ];
    io.out(lines.join('\n'));
    return 0;
  },
};
