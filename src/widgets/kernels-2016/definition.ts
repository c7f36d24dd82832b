import { defineWidget } from '../definition.ts';
import { valuesToQuery } from '../controls.ts';
import type { DataTable } from '../data.ts';
import { kernels2016Controls } from './controls.ts';
import { computeKernels2016, type Kernels2016Result } from './compute.ts';
import { kernels2016Figure, KERNELS_2016_PANELS } from './figure.ts';
import { kernels2016Summary } from './summary.ts';
import { kernels2016Cite } from './cite.ts';
import { labCommand2016 } from './traces.ts';
import { outcomeClass } from './analysis.ts';

/** "The 2016 kernels, run again": one recorded run of a kernel built from source (loaded when a state shows it), with its blocked-task dumps. */
export default defineWidget<Kernels2016Result, true>({
  id: 'kernels-2016',
  controls: kernels2016Controls,
  compute: computeKernels2016,
  figure: (result, _values, doc, _compare, options) => kernels2016Figure(result, doc, options?.width),
  summary: (result) => kernels2016Summary(result),
  cite: (result, values, context) => kernels2016Cite(result, valuesToQuery(kernels2016Controls, values), context),
  data: (result): DataTable => {
    const t = result.trace;
    if (!t) return { meta: { note: 'no recorded run has this name' }, columns: [], rows: [] };
    const b = t.provenance.kernelBuild;
    return {
      meta: { trace: t.run, kernel: b.id, source: b.source, uname: b.uname, qemu: t.provenance.qemuVersion, accelerator: t.provenance.accelerator, recorded: t.provenance.date, outcome: outcomeClass(t), reproduce: labCommand2016(t) },
      columns: ['t_s', ...KERNELS_2016_PANELS.map((p) => p.label)],
      rows: t.series.t.map((time, i) => [time, ...KERNELS_2016_PANELS.map((p) => {
        const v = p.sample(t, i);
        return v === null ? null : Math.round(v * 1000) / 1000;
      })]),
    };
  },
});
