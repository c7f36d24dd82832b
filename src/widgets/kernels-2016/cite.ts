/** The plain-text citation of a 2016 run (≤ 72 columns, like a model run's). */
import { asciiChart } from '@forward-progress/model/report/asciiChart';
import { wrap } from '@forward-progress/model/report/citation';
import type { CiteContext } from '../definition.ts';
import type { Kernels2016Result } from './compute.ts';
import { labCommand2016, machineName } from './traces.ts';
import { dumpSentence, runOutcome } from './summary.ts';
import { memPoints } from './analysis.ts';

export function kernels2016Cite(r: Kernels2016Result, query: string, context: CiteContext): string {
  const t = r.trace;
  if (!t) return 'No recorded run has this name.';
  const b = t.provenance.kernelBuild;
  // The host's reports go on where a frozen sampler stops: chart both, in time order.
  const points = [
    ...t.series.t.map((time, i) => ({ t: time, v: t.series.writebackKiB[i]! / 1024 })),
    ...memPoints(t).filter((p) => p.writebackKiB !== null && p.t > (t.series.t.at(-1) ?? 0)).map((p) => ({ t: p.t, v: p.writebackKiB! / 1024 })),
  ];
  const lines = [
    `Forward Progress lab trace ${t.run}`,
    ...wrap(`${b.id}, built from ${b.mirror} at ${b.commit.slice(0, 12)} (${b.uname.replace(/^Linux \(none\) /, '')}); QEMU ${t.provenance.accelerator}; recorded ${t.provenance.date}`, 72, 'Kernel:    ', '           '),
    ...wrap(`${machineName(t.scenario)} RAM, ${t.scenario.cpus} vCPUs, ${t.scenario.swapGiB} GiB swap ${t.scenario.swap === 'crypt' ? 'on dm-crypt (aes-xts-plain64)' : 'on the bare disk'}; ${t.scenario.touchMiB} MiB touched${t.scenario.writer ? `; a collector writes a sample every ${t.scenario.writer} s to a second disk` : ''}`, 72, 'Machine:   ', '           '),
    ...wrap(runOutcome(t), 72, 'Outcome:   ', '           '),
    ...wrap(dumpSentence(r), 72, 'Blocked:   ', '           '),
    '',
    ...asciiChart(points.map((p) => p.t), points.map((p) => p.v), { width: 70, height: 6, yLabel: 'under writeback, MiB', xLabel: 'seconds since boot' }).map((l) => `  ${l}`),
    '',
    `Link: ${context.siteUrl}${context.page}${query ? `?${query}` : ''}#${context.anchor}`,
    `Reproduce: ${labCommand2016(t)}`,
  ];
  return lines.map((l) => l.trimEnd()).join('\n');
}
