/**
 * Real-kernel traces over time: the chosen run, the other kernel dashed,
 * and, where the quantity exists in the model, the model's v4.9 run dotted
 * (a 2016 kernel, simulated: a different kernel, labelled as one). With a
 * different recorded run pinned, that run is dashed instead of the other
 * kernel.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { legendItem } from '../../figures/legend.ts';
import { pinnedLegendItem, type Pinned } from '../../figures/pinned.ts';
import { color, pinnedStyle } from '../../figures/theme.ts';
import { decimate } from '../sim/runFigure.ts';
import { stackedPanelOptions } from '../../figures/stackedPanel.ts';
import type { LabTrace } from './traceNames.ts';
import type { TodayResult } from './compute.ts';
import type { ModelLine } from './modelLine.ts';
import { traceName, traceOutcome } from './summary.ts';

interface Panel {
  label: string;
  /** A symlog scale with these ticks, for quantities that span orders of magnitude. */
  logTicks?: number[];
  trace(t: LabTrace, i: number): number | null;
  model?(r: ModelLine, i: number): number;
}

/** Pages scanned per page reclaimed by direct reclaim over the last ~5 s (null when nothing was reclaimed). */
function scanStealRatio(t: LabTrace, i: number): number | null {
  const j = Math.max(0, i - 10);
  const scan = t.series.pgscanDirect[i]! - t.series.pgscanDirect[j]!;
  const steal = t.series.pgstealDirect[i]! - t.series.pgstealDirect[j]!;
  return steal > 0 ? scan / steal : null;
}

export const TODAY_PANELS: Panel[] = [
  { label: 'free memory (MiB)', trace: (t, i) => t.series.memFreeKiB[i]! / 1024, model: (r, i) => r.series.freeKiB[i]! / 1024 },
  { label: 'under writeback (MiB)', logTicks: [1, 8, 64, 512], trace: (t, i) => t.series.writebackKiB[i]! / 1024, model: (r, i) => r.series.writebackKiB[i]! / 1024 },
  { label: 'swap used (MiB)', trace: (t, i) => t.series.swapUsedKiB[i]! / 1024, model: (r, i) => r.series.swapUsedKiB[i]! / 1024 },
  { label: 'PSI memory full, avg10 (%)', trace: (t, i) => t.series.psiFullAvg10[i]! },
  { label: 'direct reclaim: scanned per reclaimed', logTicks: [1, 10, 100, 1000, 10000], trace: scanStealRatio },
];

interface Row { t: number; v: number; who: string }

function traceRows(panel: Panel, t: LabTrace, who: string): Row[] {
  const n = t.series.t.length;
  const rows: Row[] = [];
  for (const i of decimate(n, (j) => panel.trace(t, j) ?? 0)) {
    const v = panel.trace(t, i);
    if (v !== null && Number.isFinite(v)) rows.push({ t: t.series.t[i]!, v, who });
  }
  return rows;
}

function modelRows(panel: Panel, r: ModelLine): Row[] {
  if (!panel.model) return [];
  const n = r.series.t.length;
  return decimate(n, (j) => panel.model!(r, j)).map((i) => ({ t: r.series.t[i]!, v: panel.model!(r, i), who: 'model' }));
}

/** The legend while comparing: each recorded run with its outcome, then the model. */
function compareLegend(doc: Document, main: LabTrace, before: LabTrace, pinned: Pinned<TodayResult>): Element {
  const legend = doc.createElement('p');
  legend.setAttribute('class', 'fp-legend');
  legend.append(
    legendItem(doc, `solid: ${traceName(main)}, ${traceOutcome(main)}`, color.series[0]!, false),
    pinnedLegendItem(doc, { ...pinned, name: `${pinned.name}: ${traceName(before)}, ${traceOutcome(before)}` }, color.series[0]!),
    doc.createTextNode(' · dotted: the model\'s v4.9, a 2016 kernel, simulated (free memory, writeback and swap only); the other kernel is left out while comparing'),
  );
  return legend;
}

export function todayFigure(result: TodayResult, doc: Document, width = 640, pinned?: Pinned<TodayResult>): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-run-figure');
  if (!result.trace) {
    const p = doc.createElement('p');
    p.textContent = 'No recorded run matches these settings.';
    root.append(p);
    return root;
  }
  const main = result.trace;
  // A pinned run is drawn only when it is another recording than the current one.
  const pinnedTrace = pinned?.result.trace;
  const before = pinnedTrace && pinnedTrace.run !== main.run ? pinnedTrace : undefined;
  const other = before ? undefined : result.other;
  if (pinned && before) root.append(compareLegend(doc, main, before, pinned));
  else {
    const legend = doc.createElement('p');
    legend.setAttribute('class', 'fp-legend');
    legend.textContent = `solid: ${main.scenario.kernel} run ${main.rep}` +
      (other ? ` · dashed: ${other.scenario.kernel} run ${other.rep}` : '') +
      ' · dotted: the model\'s v4.9, a 2016 kernel, simulated (free memory, writeback and swap only)' +
      (pinned ? ` · ${pinned.name}: ${pinnedTrace ? 'the same recorded run' : 'no recorded run matches'}` : '');
    root.append(legend);
  }
  const xMax = Math.max(main.series.t.at(-1) ?? 1, other?.series.t.at(-1) ?? 0, before?.series.t.at(-1) ?? 0, result.model.series.t.at(-1) ?? 0);
  TODAY_PANELS.forEach((panel, k) => {
    const last = k === TODAY_PANELS.length - 1;
    const a = traceRows(panel, main, 'main');
    const b = other ? traceRows(panel, other, 'other') : [];
    const p = before ? traceRows(panel, before, 'pinned') : [];
    const m = modelRows(panel, result.model);
    const svg = Plot.plot({
      ...stackedPanelOptions({ doc, width, last, xMax, xLabel: 'seconds since boot (model: since the test started) →' }),
      y: panel.logTicks
        ? { label: panel.label, grid: true, type: 'symlog', ticks: panel.logTicks, tickFormat: (d: number) => d.toLocaleString('en-US') }
        : { label: panel.label, grid: true, nice: true, zero: true },
      marks: [
        Plot.line(m, { x: 't', y: 'v', stroke: color.muted, strokeWidth: 1.2, strokeDasharray: '1,3' }),
        ...(before ? [Plot.line(p, { x: 't', y: 'v', stroke: color.series[0]!, strokeWidth: 1.5, ...pinnedStyle })] : [Plot.line(b, { x: 't', y: 'v', stroke: color.series[1]!, strokeWidth: 1.3, strokeDasharray: '5,3' })]),
        Plot.line(a, { x: 't', y: 'v', stroke: color.series[0]!, strokeWidth: 1.6 }),
      ],
    }) as unknown as Element;
    finishFigure(svg, `${panel.label} over time for ${main.scenario.kernel}${other ? ` and ${other.scenario.kernel}` : ''}, swap ${main.scenario.swap}.` +
      (pinned && before ? ` Dashed, ${pinned.name}: ${traceName(before)}, ${traceOutcome(before)}; solid: ${traceName(main)}, ${traceOutcome(main)}.` : ''));
    root.append(svg);
  });
  return root;
}
