/** The plain-text citation of a recorded trace (≤ 72 columns, like a model run's). */
import { asciiChart } from '@forward-progress/model/report/asciiChart';
import { wrap } from '@forward-progress/model/report/citation';
import type { CiteContext } from '../definition.ts';
import type { TodayResult } from './compute.ts';
import { labCommand } from './traceNames.ts';
import { traceSentence } from './summary.ts';

export function todayCite(result: TodayResult, query: string, context: CiteContext): string {
  const t = result.trace;
  if (!t) return 'No recorded run matches these settings.';
  const lines = [
    `Forward Progress lab trace ${t.run}`,
    ...wrap(`${t.provenance.kernelPackage}; ${t.provenance.qemuVersion.replace('QEMU emulator version ', 'QEMU ')} (${t.provenance.accelerator}); recorded ${t.provenance.date}`, 72, 'Kernel:    ', '           '),
    ...wrap(`${t.scenario.memMiB} MiB RAM, 2 vCPUs, ${t.scenario.swapGiB} GiB swap ${t.scenario.swap === 'crypt' ? 'on dm-crypt' : 'on the bare disk'}; THP ${t.scenario.thp}, MGLRU ${t.scenario.mglru}`, 72, 'Machine:   ', '           '),
    ...wrap(traceSentence(t), 72, 'Outcome:   ', '           '),
    '',
    ...asciiChart(t.series.t, t.series.writebackKiB.map((k) => k / 1024), { width: 70, height: 6, yLabel: 'under writeback, MiB', xLabel: 'time (s)' }).map((l) => `  ${l}`),
    '',
    `Link: ${context.siteUrl}${context.page}${query ? `?${query}` : ''}#${context.anchor}`,
    `Reproduce: ${labCommand(t)}`,
  ];
  return lines.map((l) => l.trimEnd()).join('\n');
}
