import { defineWidget } from '../definition.ts';
import { valuesToQuery } from '../controls.ts';
import { todayControls } from './controls.ts';
import { computeToday, type TodayResult } from './compute.ts';
import { todayFigure, TODAY_PANELS } from './figure.ts';
import { todaySummary, traceName, traceOutcome } from './summary.ts';
import { pinnedFor } from '../../figures/pinned.ts';
import type { DataTable } from '../data.ts';
import { todayCite } from './cite.ts';
import { labCommand } from './traceNames.ts';

/** "Today": the same test on Debian's 6.1 and 6.12 under QEMU, from the lab's recorded traces (each loaded when a state shows it). */
export default defineWidget<TodayResult, true>({
  id: 'today',
  controls: todayControls,
  // Not heavy (no worker): a state loads two recorded traces, and the
  // model's line was computed when the site was built (modelLine.ts).
  compute: computeToday,
  figure: (result, values, doc, compare, options) => todayFigure(result, doc, options?.width, pinnedFor(todayControls, values, compare)),
  // A recording, not a model run: no scenario id, and the lab's command reproduces it.
  digest: (result) => (result.trace ? [{ label: 'recorded run', outcome: `${traceName(result.trace)}, ${traceOutcome(result.trace)}`, reproduce: labCommand(result.trace) }] : []),
  summary: (result) => todaySummary(result),
  cite: (result, values, context) => todayCite(result, valuesToQuery(todayControls, values), context),
  data: (result): DataTable => {
    const t = result.trace;
    if (!t) return { meta: { note: 'no recorded run matches these settings' }, columns: [], rows: [] };
    return {
      meta: { trace: t.run, kernelPackage: t.provenance.kernelPackage, qemu: t.provenance.qemuVersion, accelerator: t.provenance.accelerator, recorded: t.provenance.date, outcome: t.result.kind, reproduce: labCommand(t) },
      columns: ['t_s', ...TODAY_PANELS.map((p) => p.label)],
      rows: t.series.t.map((time, i) => [time, ...TODAY_PANELS.map((p) => {
        const v = p.trace(t, i);
        return v === null ? null : Math.round(v * 1000) / 1000;
      })]),
    };
  },
});
