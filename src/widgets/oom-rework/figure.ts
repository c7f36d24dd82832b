/**
 * Two kernels on one time axis: free memory; 2 × under writeback against
 * the reclaimable pages (when the first is above the second and reclaim made
 * no progress, v4.7's should_reclaim_retry waits in congestion_wait); and
 * kcryptd's rate. Under them, where the test program waited on each kernel,
 * should_reclaim_retry first.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { color, plotBase } from '../../figures/theme.ts';
import { TEST_SITES, type ReworkResult, type ReworkRun } from './compute.ts';
import { stackedPanelOptions } from '../../figures/stackedPanel.ts';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const STYLE: Record<string, { stroke: string; dash: string | undefined }> = {
  'v4.6': { stroke: color.series[1], dash: '5,3' },
  'v4.7-rc6': { stroke: color.series[0], dash: undefined },
};

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

function endMarks(result: ReworkResult) {
  return result.runs.map((r) => ({ t: r.endT, kernel: r.kernel, kill: r.kind === 'oom-kill', label: r.kind === 'oom-kill' ? `${r.kernel} OOM kill` : r.kind === 'completed' ? `${r.kernel} done` : `${r.kernel} horizon` }));
}

function panel(spec: PanelSpec, result: ReworkResult, doc: Document, last: boolean, width: number): Element {
  const rows = result.runs.flatMap((run) => run.t.map((t, i) => ({ t, v: spec.value(run, i), kernel: run.kernel })));
  const refs = spec.reference ? result.runs.flatMap((run) => run.t.map((t, i) => ({ t, v: spec.reference!(run, i), kernel: run.kernel }))) : [];
  const marks = endMarks(result);
  return Plot.plot({
    ...stackedPanelOptions({ doc, width, last, xMax: result.xMax, xLabel: 'simulated time (s) →' }),
    y: spec.ticks
      ? { label: spec.label, grid: true, domain: [0, spec.ticks[spec.ticks.length - 1]! + 1], ticks: spec.ticks }
      : { label: spec.label, grid: true, nice: true, zero: true, ticks: 4 },
    marks: [
      Plot.ruleY([0], { stroke: color.grid }),
      ...result.runs.map((run) => Plot.line(refs.filter((d) => d.kernel === run.kernel), { x: 't', y: 'v', stroke: color.low, strokeWidth: 1, strokeDasharray: '2,2' })),
      ...result.runs.map((run) => Plot.line(rows.filter((d) => d.kernel === run.kernel), {
        x: 't', y: 'v', stroke: STYLE[run.kernel]?.stroke ?? color.ink, strokeWidth: 1.5, strokeDasharray: STYLE[run.kernel]?.dash,
      })),
      Plot.ruleX(marks, { x: 't', stroke: (m: { kill: boolean }) => (m.kill ? color.danger : color.muted), strokeDasharray: '3,3' }),
    ],
  }) as unknown as Element;
}

function stallPlot(result: ReworkResult, doc: Document, width: number): Element {
  const narrow = width < 480;
  const tag = (kernel: string) => (narrow ? kernel.replace(/^v/, '') : kernel);
  const rows = result.runs.flatMap((run) => TEST_SITES.map((site) => ({ kernel: run.kernel, key: `${site} · ${tag(run.kernel)}`, s: run.testStalls[site] ?? 0 })));
  return Plot.plot({
    ...plotBase,
    style: { ...plotBase.style, fontSize: narrow ? '10px' : '12px' },
    document: doc,
    width,
    height: 40 + (narrow ? 22 : 26) * TEST_SITES.length * result.runs.length,
    marginLeft: narrow ? 196 : 216,
    marginRight: 44,
    marginBottom: 36,
    x: { label: 'seconds the test program waited →', grid: true, ticks: narrow ? 3 : undefined },
    y: { label: null, domain: rows.map((r) => r.key) },
    marks: [
      Plot.barX(rows, { y: 'key', x: 's', fill: (d: { kernel: string }) => STYLE[d.kernel]?.stroke ?? color.ink }),
      Plot.text(rows, { y: 'key', x: 's', text: (d: { s: number }) => `${fmt(d.s)} s`, textAnchor: 'start', dx: 4, fill: color.ink }),
      Plot.ruleX([0]),
    ],
  }) as unknown as Element;
}

function legend(result: ReworkResult, doc: Document): Element {
  const p = doc.createElement('p');
  p.setAttribute('class', 'fp-legend');
  for (const run of result.runs) {
    const item = doc.createElement('span');
    item.setAttribute('class', 'fp-legend-item');
    const mark = doc.createElement('span');
    mark.setAttribute('class', `fp-swatch${STYLE[run.kernel]?.dash ? ' fp-swatch-dashed' : ''}`);
    mark.setAttribute('style', `border-color: ${STYLE[run.kernel]?.stroke ?? color.ink}`);
    mark.setAttribute('aria-hidden', 'true');
    const end = run.kill ? `OOM kill at ${fmt(run.kill.t)} s (${Math.round(run.kill.swapFreePct)}% swap free)` : run.kind === 'completed' ? `done at ${fmt(run.endT)} s` : `not done at ${fmt(run.endT)} s`;
    item.append(mark, doc.createTextNode(`${run.label}: ${end}`));
    p.append(item);
  }
  p.append(doc.createTextNode(' · dotted: reclaimable pages (the right side of the congestion_wait test)'));
  return p;
}

export function reworkFigure(result: ReworkResult, doc: Document, describe: string, width = 640): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-run-figure fp-oom-rework');
  root.append(legend(result, doc));
  PANELS.forEach((spec, i) => {
    const svg = panel(spec, result, doc, i === PANELS.length - 1, width);
    finishFigure(svg, `${spec.label} over time, v4.6 against v4.7-rc6. ${describe}`);
    root.append(svg);
  });
  const title = doc.createElement('p');
  title.setAttribute('class', 'fp-legend');
  title.textContent = 'Where the test program waited, per kernel:';
  const bars = stallPlot(result, doc, width);
  const stallText = result.runs.map((r) => `${r.kernel}: ${TEST_SITES.map((s) => `${s} ${fmt(r.testStalls[s] ?? 0)} s`).join(', ')}`).join('; ');
  finishFigure(bars, `Seconds the test program waited at each site. ${stallText}.`);
  root.append(title, bars);
  return root;
}
