/** The plain-text citation of a watermark ladder, reproducible with `fpsim zones`. */
import { PAGE_KIB } from '@forward-progress/model';
import { foldCommand } from '@forward-progress/model/report/citation';
import type { ControlValues } from '../controls.ts';
import type { CiteContext } from '../definition.ts';
import type { DataTable } from '../data.ts';
import type { WatermarkResult } from './compute.ts';

/** The `npx fpsim zones …` command that prints the same zones. */
export function zonesCommand(values: ControlValues): string {
  const parts = ['npx fpsim zones', `--ram ${Number(values.ramMiB)}M`];
  if (!values.deriveMinFree) parts.push(`--min-free-kbytes ${Number(values.minFreeKbytes)}`);
  if (Number(values.watermarkScaleFactor) !== 10) parts.push(`--watermark-scale-factor ${Number(values.watermarkScaleFactor)}`);
  parts.push(`--kernel ${String(values.kernel)}`);
  return parts.join(' ');
}

export function watermarkCite(result: WatermarkResult, values: ControlValues, query: string, context: CiteContext): string {
  const s = result.setup;
  const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(7) : String(c).padStart(9))).join('');
  return [
    `Forward Progress: zone watermarks (${s.rule === 'v4.5' ? 'v4.5' : 'v4.6+'} formula, kernel ${String(values.kernel)})`,
    `RAM ${Number(values.ramMiB)} MiB; min_free_kbytes ${s.minFreeKbytes}${s.minFreeKbytesDerived ? ' (derived)' : ''}; watermark_scale_factor ${s.watermarkScaleFactor}`,
    '',
    row(['zone', 'managed', 'min', 'low', 'high']),
    ...result.watermarks.map((z) => row([z.name, z.managed, z.min, z.low, z.high])),
    `(pages of ${PAGE_KIB} KiB; kswapd wakes below low, sleeps at high)`,
    '',
    `Link: ${context.siteUrl}${context.page}${query ? `?${query}` : ''}#${context.anchor}`,
    ...foldCommand(zonesCommand(values), 72, 'Reproduce: '),
  ].join('\n');
}

export function watermarkData(result: WatermarkResult, values: ControlValues): DataTable {
  return {
    meta: { ramMiB: Number(values.ramMiB), minFreeKbytes: result.setup.minFreeKbytes, watermarkScaleFactor: result.setup.watermarkScaleFactor, kernel: String(values.kernel), reproduce: zonesCommand(values) },
    columns: ['zone', 'managed', 'min', 'low', 'high', 'context', 'floor_pages'],
    rows: result.ladders.flatMap((l) => l.rungs.map((r) => [l.zone.name, l.zone.managed, l.zone.min, l.zone.low, l.zone.high, r.context.label, r.floor])),
  };
}
