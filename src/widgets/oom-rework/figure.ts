/**
 * Two kernels on one time axis: free memory; 2 × under writeback against
 * the reclaimable pages (when the first is above the second and reclaim made
 * no progress, v4.7's should_reclaim_retry waits in congestion_wait); and
 * kcryptd's rate. Under them, where the test program waited on each kernel,
 * should_reclaim_retry first.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { legendItem } from '../../figures/legend.ts';
import { pinnedLegendItem, pinnedNote, type Pinned } from '../../figures/pinned.ts';
import { color, pinnedStyle, plotBase } from '../../figures/theme.ts';
import { TEST_SITES, type ReworkResult, type ReworkRun } from './compute.ts';
import { stackedPanelOptions } from '../../figures/stackedPanel.ts';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const STYLE: Record<string, { stroke: string; dash: string | undefined }> = {
  'v4.6': { stroke: color.series[1], dash: '5,3' },
  'v4.7-rc6': { stroke: color.series[0], dash: undefined },
};
/** A kernel's colour; its dash only when nothing is pinned (then dashes mean the pinned runs). */
const strokeOf = (kernel: string) => STYLE[kernel]?.stroke ?? color.ink;
const dashOf = (kernel: string, pinned: Pinned<ReworkResult> | undefined) => (pinned ? undefined : STYLE[kernel]?.dash);

interface PanelSpec {
  label: string;
  value(run: ReworkRun, i: number): number;
  reference?(run: ReworkRun, i: number): number;
  /** A fixed y range with these ticks (a count that may stay at 0). */
  ticks?: number[];
}

const PANELS: PanelSpec[] = [
  { label: 'free memory (MiB)', value: (r, i) => r.freeMiB[i]! },
  { label: '2 × writeback (MiB)', value: (r, i) => r.twiceWritebackMiB[i]!, reference: (r, i) => r.reclaimableMiB[i]! },
  { label: 'kcryptd requests/s', value: (r, i) => r.kcryptdReqPerS[i]! },
  // MAX_RECLAIM_RETRIES is 16: the axis ends just above it, so a flat line at 0 reads as "never counted up".
  { label: 'no_progress_loops (v4.7-rc6)', value: (r, i) => (r.kernel === 'v4.6' ? NaN : r.noProgressLoops[i]!), ticks: [0, 8, 16] },
];

/** The pinned runs' ends: quieter than the current ones. */
const PINNED_MARK = { stroke: color.muted, strokeWidth: 1, strokeDasharray: '2,3', strokeOpacity: 0.8 } as const;

function endMarks(result: ReworkResult) {
  return result.runs.map((r) => ({ t: r.endT, kernel: r.kernel, kill: r.kind === 'oom-kill', label: r.kind === 'oom-kill' ? `${r.kernel} OOM kill` : r.kind === 'completed' ? `${r.kernel} done` : `${r.kernel} horizon` }));
}

function seriesRows(spec: PanelSpec, runs: ReworkRun[]) {
  const rows = runs.flatMap((run) => run.t.map((t, i) => ({ t, v: spec.value(run, i), kernel: run.kernel })));
  const refs = spec.reference ? runs.flatMap((run) => run.t.map((t, i) => ({ t, v: spec.reference!(run, i), kernel: run.kernel }))) : [];
  return { rows, refs };
}

function panel(spec: PanelSpec, result: ReworkResult, doc: Document, last: boolean, width: number, xMax: number, pinned?: Pinned<ReworkResult>): Element {
  const { rows, refs } = seriesRows(spec, result.runs);
  const marks = endMarks(result);
  const before = pinned && seriesRows(spec, pinned.result.runs);
  return Plot.plot({
    ...stackedPanelOptions({ doc, width, last, xMax, xLabel: 'simulated time (s) →' }),
    y: spec.ticks
      ? { label: spec.label, grid: true, domain: [0, spec.ticks[spec.ticks.length - 1]! + 1], ticks: spec.ticks }
      : { label: spec.label, grid: true, nice: true, zero: true, ticks: 4 },
    marks: [
      Plot.ruleY([0], { stroke: color.grid }),
      ...result.runs.map((run) => Plot.line(refs.filter((d) => d.kernel === run.kernel), { x: 't', y: 'v', stroke: color.low, strokeWidth: 1, strokeDasharray: '2,2' })),
      ...(pinned && before
        ? [
            ...pinned.result.runs.map((run) => Plot.line(before.refs.filter((d) => d.kernel === run.kernel), { x: 't', y: 'v', stroke: color.low, strokeWidth: 1, strokeDasharray: '2,2', strokeOpacity: 0.45 })),
            ...pinned.result.runs.map((run) => Plot.line(before.rows.filter((d) => d.kernel === run.kernel), { x: 't', y: 'v', stroke: strokeOf(run.kernel), strokeWidth: 1.5, ...pinnedStyle })),
            Plot.ruleX(endMarks(pinned.result), { x: 't', ...PINNED_MARK }),
          ]
        : []),
      ...result.runs.map((run) => Plot.line(rows.filter((d) => d.kernel === run.kernel), {
        x: 't', y: 'v', stroke: strokeOf(run.kernel), strokeWidth: 1.5, strokeDasharray: dashOf(run.kernel, pinned),
      })),
      Plot.ruleX(marks, { x: 't', stroke: (m: { kill: boolean }) => (m.kill ? color.danger : color.muted), strokeDasharray: '3,3' }),
    ],
  }) as unknown as Element;
}

interface StallRow { kernel: string; key: string; s: number }

function stallRows(runs: ReworkRun[], tag: (kernel: string) => string): StallRow[] {
  return runs.flatMap((run) => TEST_SITES.map((site) => ({ kernel: run.kernel, key: `${site} · ${tag(run.kernel)}`, s: run.testStalls[site] ?? 0 })));
}

/**
 * Seconds waited per site and kernel. With a pinned run each row holds two
 * bars: the current one above, the pinned one (paler, dashed edge) below.
 */
function stallPlot(result: ReworkResult, doc: Document, width: number, pinned?: Pinned<ReworkResult>): Element {
  const narrow = width < 480;
  const tag = (kernel: string) => (narrow ? kernel.replace(/^v/, '') : kernel);
  const rows = stallRows(result.runs, tag);
  const text = (d: { s: number }) => `${fmt(d.s)} s`;
  const fill = (d: { kernel: string }) => strokeOf(d.kernel);
  const base = {
    ...plotBase,
    style: { ...plotBase.style, fontSize: narrow ? '10px' : '12px' },
    document: doc,
    width,
    marginLeft: narrow ? 196 : 216,
    marginRight: 44,
    marginBottom: 36,
    x: { label: 'seconds the test program waited →', grid: true, ticks: narrow ? 3 : undefined },
    y: { label: null, domain: rows.map((r) => r.key) },
  };
  if (!pinned) {
    return Plot.plot({
      ...base,
      height: 40 + (narrow ? 22 : 26) * TEST_SITES.length * result.runs.length,
      marks: [
        Plot.barX(rows, { y: 'key', x: 's', fill }),
        Plot.text(rows, { y: 'key', x: 's', text, textAnchor: 'start', dx: 4, fill: color.ink }),
        Plot.ruleX([0]),
      ],
    }) as unknown as Element;
  }
  const before = stallRows(pinned.result.runs, tag).filter((r) => rows.some((now) => now.key === r.key));
  const step = narrow ? 30 : 34;
  const marginTop = 20;
  const height = 40 + step * rows.length;
  // Plot's band scale pads by 0.1 of a step inside and out; each bar takes a little under half a band.
  const band = (0.9 * (height - marginTop - base.marginBottom)) / (rows.length + 0.1);
  const half = band / 2;
  return Plot.plot({
    ...base,
    marginTop,
    height,
    marks: [
      Plot.barX(rows, { y: 'key', x: 's', fill, insetBottom: half + 1 }),
      Plot.barX(before, { y: 'key', x: 's', fill, fillOpacity: 0.3, stroke: fill, strokeWidth: 1, ...pinnedStyle, insetTop: half + 1 }),
      Plot.text(rows, { y: 'key', x: 's', text, textAnchor: 'start', dx: 4, dy: -half / 2, fill: color.ink }),
      // The pinned value in words only where it differs: a column of "0 s" twice over says nothing.
      Plot.text(before.filter((r) => text(r) !== text(rows.find((now) => now.key === r.key) ?? { s: NaN })), { y: 'key', x: 's', text, textAnchor: 'start', dx: 4, dy: half / 2, fill: color.muted }),
      Plot.ruleX([0]),
    ],
  }) as unknown as Element;
}

const endText = (run: ReworkRun) => (run.kill ? `OOM kill at ${fmt(run.kill.t)} s (${Math.round(run.kill.swapFreePct)}% swap free)` : run.kind === 'completed' ? `done at ${fmt(run.endT)} s` : `not done at ${fmt(run.endT)} s`);

function legend(result: ReworkResult, doc: Document, pinned?: Pinned<ReworkResult>): Element {
  const p = doc.createElement('p');
  p.setAttribute('class', 'fp-legend');
  for (const run of result.runs) {
    const before = pinned?.result.runs.find((r) => r.kernel === run.kernel);
    const end = endText(run);
    p.append(legendItem(doc, `${run.label}: ${end}${pinnedNote(end, before && endText(before))}`, strokeOf(run.kernel), Boolean(dashOf(run.kernel, pinned))));
  }
  if (pinned) p.append(pinnedLegendItem(doc, pinned));
  p.append(doc.createTextNode(' · dotted: reclaimable pages (the right side of the congestion_wait test)'));
  if (pinned) p.append(doc.createTextNode('; paler dotted: the pinned runs\' reclaimable pages'));
  return p;
}

export function reworkFigure(result: ReworkResult, doc: Document, describe: string, width = 640, pinned?: Pinned<ReworkResult>): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-run-figure fp-oom-rework');
  root.append(legend(result, doc, pinned));
  const xMax = Math.max(result.xMax, pinned?.result.xMax ?? 0);
  PANELS.forEach((spec, i) => {
    const svg = panel(spec, result, doc, i === PANELS.length - 1, width, xMax, pinned);
    finishFigure(svg, `${spec.label} over time, v4.6 against v4.7-rc6. ${describe}`);
    root.append(svg);
  });
  const title = doc.createElement('p');
  title.setAttribute('class', 'fp-legend');
  title.textContent = 'Where the test program waited, per kernel:' + (pinned ? ' now above, pinned below (paler, dashed edge; its seconds where they differ)' : '');
  const bars = stallPlot(result, doc, width, pinned);
  const stallsOf = (runs: ReworkRun[]) => runs.map((r) => `${r.kernel}: ${TEST_SITES.map((s) => `${s} ${fmt(r.testStalls[s] ?? 0)} s`).join(', ')}`).join('; ');
  finishFigure(bars, `Seconds the test program waited at each site. ${stallsOf(result.runs)}.` + (pinned ? ` ${pinned.name}: ${stallsOf(pinned.result.runs)}.` : ''));
  root.append(title, bars);
  return root;
}
