/**
 * The figure of one or two simulation runs over time: stacked panels that
 * share the time axis, one series each, with the run's events marked (OOM
 * kill, reserves at zero, completion). A pinned run is drawn dashed, in the
 * colour it is given (by default the next free one).
 */
import * as Plot from '@observablehq/plot';
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { finishFigure } from '../../figures/finish.ts';
import { color, pinnedStyle } from '../../figures/theme.ts';
import { legendItem } from '../../figures/legend.ts';
import { stackedPanelOptions } from '../../figures/stackedPanel.ts';

export interface Panel {
  label: string;
  /** The value at sample i of a run. */
  value(result: SimResult, i: number): number;
  /** A horizontal reference line in this panel (e.g. the throttle limit), per run and sample. */
  reference?: { label: string; value(result: SimResult, i: number): number };
}

export interface Run {
  label: string;
  result: SimResult;
  /** Drawn dashed: the run the reader pinned to compare. */
  pinned?: boolean;
  /** Index into the series colours (default: the run's position). */
  colorIndex?: number;
}

const colorOf = (run: Run, k: number) => color.series[(run.colorIndex ?? k) % color.series.length]!;

const MAX_BUCKETS = 300;

/** Indices to draw: each bucket's first, lowest and highest sample, so spikes and floors survive. */
export function decimate(n: number, value: (i: number) => number, buckets = MAX_BUCKETS): number[] {
  if (n <= buckets * 3) return Array.from({ length: n }, (_, i) => i);
  const keep = new Set<number>([0, n - 1]);
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (value(i) < value(lo)) lo = i;
      if (value(i) > value(hi)) hi = i;
    }
    keep.add(from).add(lo).add(hi);
  }
  return [...keep].sort((a, b) => a - b);
}

export interface RunEvent {
  t: number;
  label: string;
  run: string;
}

/** What happened in a run that a reader should see on the time axis. */
export function runEvents(run: Run): RunEvent[] {
  const r = run.result;
  const events: RunEvent[] = [];
  if (r.flags.reservesExhausted && r.flags.reservesExhaustedAt !== null) events.push({ t: r.flags.reservesExhaustedAt, label: 'reserves at 0', run: run.label });
  for (const kill of r.oomKills) events.push({ t: kill.t, label: `OOM kill (${Math.round(kill.swapFreePct)}% swap free)`, run: run.label });
  if (r.outcome.kind === 'completed') events.push({ t: r.outcome.t, label: 'test done', run: run.label });
  if (r.outcome.kind === 'livelock') events.push({ t: r.outcome.t, label: 'horizon: still not done', run: run.label });
  return events;
}

function panelPlot(panel: Panel, runs: Run[], doc: Document, last: boolean, xMax: number, width: number): Element {
  const rows: { t: number; v: number; run: string }[] = [];
  const refs: { t: number; v: number; run: string }[] = [];
  for (const run of runs) {
    const n = run.result.series.t.length;
    for (const i of decimate(n, (j) => panel.value(run.result, j))) {
      rows.push({ t: run.result.series.t[i]!, v: panel.value(run.result, i), run: run.label });
      if (panel.reference) refs.push({ t: run.result.series.t[i]!, v: panel.reference.value(run.result, i), run: run.label });
    }
  }
  const events = runs.flatMap(runEvents);
  return Plot.plot({
    ...stackedPanelOptions({ doc, width, last, xMax, xLabel: 'simulated time (s) →' }),
    y: { label: panel.label, grid: true, nice: true, zero: true },
    marks: [
      Plot.ruleY([0], { stroke: color.grid }),
      ...(panel.reference
        ? runs.map((run) => Plot.line(refs.filter((d) => d.run === run.label), { x: 't', y: 'v', stroke: color.low, strokeWidth: 1, strokeDasharray: '2,2' }))
        : []),
      ...runs.map((run, k) =>
        Plot.line(rows.filter((d) => d.run === run.label), {
          x: 't', y: 'v', stroke: colorOf(run, k), strokeWidth: 1.5, ...(run.pinned ? pinnedStyle : {}),
        })),
      Plot.ruleX(events, { x: 't', stroke: (d: RunEvent) => (d.label.startsWith('OOM') ? color.danger : color.muted), strokeDasharray: '3,3' }),
    ],
  }) as unknown as Element;
}


/** Stacked panels for one run, or two runs to compare; `describe` is the accessible description. */
export function runFigure(runs: Run[], panels: Panel[], doc: Document, describe: string, width = 640): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-run-figure');
  const legend = doc.createElement('p');
  legend.setAttribute('class', 'fp-legend');
  runs.forEach((run, k) => legend.append(legendItem(doc, run.label, colorOf(run, k), Boolean(run.pinned))));
  const events = runs.flatMap(runEvents);
  for (const e of events) legend.append(doc.createTextNode(` · ${e.run === runs[0]!.label || runs.length === 1 ? '' : `${e.run}: `}${e.label} at ${Math.round(e.t * 10) / 10} s`));
  root.append(legend);
  const xMax = Math.max(1, ...runs.map((r) => r.result.series.t[r.result.series.t.length - 1] ?? 0));
  panels.forEach((panel, i) => {
    const svg = panelPlot(panel, runs, doc, i === panels.length - 1, xMax, width);
    finishFigure(svg, `${panel.label} over time. ${describe}`);
    root.append(svg);
  });
  return root;
}

/** Panels most widgets draw from. */
export const PANELS = {
  freeMiB: { label: 'free memory (MiB)', value: (r: SimResult, i: number) => r.series.freeKiB[i]! / 1024 },
  swapUsedMiB: { label: 'swap used (MiB)', value: (r: SimResult, i: number) => r.series.swapUsedKiB[i]! / 1024 },
  writebackMiB: {
    label: 'under writeback (MiB)',
    value: (r: SimResult, i: number) => r.series.writebackKiB[i]! / 1024,
    reference: { label: 'throttle_vm_writeout limit', value: (r: SimResult, i: number) => r.series.throttleLimitKiB[i]! / 1024 },
  },
  kcryptdReqPerS: { label: 'kcryptd requests/s', value: (r: SimResult, i: number) => r.series.kcryptdReqPerS[i]! },
  slabMiB: { label: 'slab of in-flight bios (MiB)', value: (r: SimResult, i: number) => r.series.slabKiB[i]! / 1024 },
  pagePoolFree: { label: 'dm-crypt page_pool free', value: (r: SimResult, i: number) => r.series.pagePoolFree[i]! },
  touchedMiB: { label: 'touched by the test (MiB)', value: (r: SimResult, i: number) => r.series.touchedMiB[i]! },
} satisfies Record<string, Panel>;
