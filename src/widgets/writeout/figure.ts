/**
 * Where memory sits, per run: a stack of the layers the swap-out path holds
 * or waits on (MiB over time), and under it how full each mempool is. The
 * two runs share their axes so they can be read against each other.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { pinnedLegendItem, runTitle, type Pinned } from '../../figures/pinned.ts';
import { color, pinnedStyle, plotBase } from '../../figures/theme.ts';
import { LAYERS, type MemoryRun, type WriteoutResult } from './compute.ts';

const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });
const LAYER_COLORS = [color.series[0], color.series[3], color.series[4], color.series[1], color.series[2]];

interface EndMark { t: number; label: string; danger: boolean }

function endMarks(run: MemoryRun): EndMark[] {
  const marks: EndMark[] = [];
  if (run.reservesZeroT !== null) marks.push({ t: run.reservesZeroT, label: 'reserves 0', danger: false });
  if (run.kind === 'oom-kill') marks.push({ t: run.endT, label: 'OOM kill', danger: true });
  else if (run.kind === 'completed') marks.push({ t: run.endT, label: 'done', danger: false });
  else marks.push({ t: run.endT, label: 'livelock', danger: true });
  return marks;
}

/** A pinned run's ends: quieter than the current run's, and unlabelled. */
function pinnedMarkLayer(marks: EndMark[]) {
  return Plot.ruleX(marks, { x: 't', stroke: color.muted, strokeWidth: 1, strokeDasharray: '2,3', strokeOpacity: 0.8 });
}

function markLayers(marks: EndMark[], xMax: number) {
  return [
    Plot.ruleX(marks, { x: 't', stroke: (m: EndMark) => (m.danger ? color.danger : color.muted), strokeDasharray: '3,3' }),
    Plot.text(marks.filter((m) => m.t <= xMax * 0.6), { textAnchor: 'start', dx: 3,
      x: 't', text: 'label', frameAnchor: 'top', dy: -8, lineAnchor: 'bottom',
      fill: (m: EndMark) => (m.danger ? color.danger : color.ink),
    }),
      Plot.text(marks.filter((m) => m.t > xMax * 0.6), { textAnchor: 'end', dx: -3,
      x: 't', text: 'label', frameAnchor: 'top', dy: -8, lineAnchor: 'bottom',
      fill: (m: EndMark) => (m.danger ? color.danger : color.ink),
    }),
  ];
}

/** Cumulative bands, bottom first. */
export function stackRows(run: MemoryRun) {
  const rows: { t: number; y1: number; y2: number; layer: number }[] = [];
  run.t.forEach((t, i) => {
    let base = 0;
    LAYERS.forEach((l, k) => {
      const v = run.layers[l.key][i]!;
      rows.push({ t, y1: base, y2: base + v, layer: k });
      base += v;
    });
  });
  return rows;
}

/** Free memory above this much is off the top of the axis: the boot-time pile would flatten everything else. */
export const FREE_SHOWN_MIB = 32;

/** The axis top: the tallest stack once free memory counts at most FREE_SHOWN_MIB. */
export function stackTop(run: MemoryRun): number {
  return Math.max(...run.t.map((_, i) => LAYERS.reduce((s, l) => s + (l.key === 'free' ? Math.min(FREE_SHOWN_MIB, run.layers.free[i]!) : run.layers[l.key][i]!), 0)));
}

/**
 * A pinned run's stack as the top edge of each layer, dashed in the layer's
 * colour over a casing of the page's background, so an edge that crosses a
 * band of its own colour still shows.
 */
function pinnedStackLayers(before: MemoryRun) {
  const rows = stackRows(before);
  return LAYERS.flatMap((_, k) => {
    const edge = rows.filter((r) => r.layer === k);
    return [
      Plot.line(edge, { x: 't', y: 'y2', stroke: 'var(--sl-color-bg, #fff)', strokeWidth: 3.5, strokeDasharray: pinnedStyle.strokeDasharray, curve: 'step-after', clip: true }),
      Plot.line(edge, { x: 't', y: 'y2', stroke: LAYER_COLORS[k], strokeWidth: 1.5, ...pinnedStyle, curve: 'step-after', clip: true }),
    ];
  });
}

/** Both panels of a facet share this left margin (room for the pool names), so their time axes line up. */
const FACET_MARGIN_LEFT = 150;

function stackPlot(run: MemoryRun, doc: Document, xMax: number, yMax: number, before?: MemoryRun): Element {
  const rows = stackRows(run);
  return Plot.plot({
    ...plotBase,
    document: doc,
    width: 340,
    height: 200,
    marginLeft: FACET_MARGIN_LEFT,
    marginRight: 12,
    marginTop: 22,
    marginBottom: 14,
    x: { domain: [0, xMax], axis: null, grid: true },
    y: { domain: [0, yMax], label: 'MiB', grid: true, ticks: 5 },
    marks: [
      ...LAYERS.map((_, k) => Plot.areaY(rows.filter((r) => r.layer === k), { x: 't', y1: 'y1', y2: 'y2', fill: LAYER_COLORS[k], fillOpacity: 0.85, curve: 'step-after', clip: true })),
      Plot.ruleY([0], { stroke: color.grid }),
      ...(before ? [pinnedMarkLayer(endMarks(before)), ...pinnedStackLayers(before)] : []),
      ...markLayers(endMarks(run), xMax),
    ],
  }) as unknown as Element;
}

/** The stretches of time (s) over which a pool had no element left, merged. */
export function emptySpans(run: MemoryRun, pool: MemoryRun['pools'][number]): { x1: number; x2: number }[] {
  const spans: { x1: number; x2: number }[] = [];
  pool.pct.slice(0, -1).forEach((v, i) => {
    if (v > 0) return;
    const last = spans[spans.length - 1];
    if (last && last.x2 === run.t[i]) last.x2 = run.t[i + 1]!;
    else spans.push({ x1: run.t[i]!, x2: run.t[i + 1]! });
  });
  return spans;
}

/**
 * One row per pool: shaded by how empty it is, solid where it has no element
 * left; a pinned run's empty stretches as a dashed red line under the row
 * (matched by pool name, labelled with the current run's sizes).
 */
function poolPlot(run: MemoryRun, doc: Document, xMax: number, before?: MemoryRun): Element {
  const names = run.pools.map((p) => `${p.name} (${p.size})`);
  const rows = run.pools.flatMap((p, k) => p.pct.slice(0, -1).map((v, i) => ({
    x1: run.t[i]!, x2: run.t[i + 1]!, pool: names[k]!, empty: 1 - v / 100,
  }))).filter((r) => r.empty > 0.001);
  const pinnedEmpty = before
    ? run.pools.flatMap((p, k) => {
        const pool = before.pools.find((q) => q.name === p.name);
        return pool ? emptySpans(before, pool).map((span) => ({ ...span, pool: names[k]! })) : [];
      })
    : [];
  const rowHeight = before ? 22 : 18;
  const bar = before ? { insetTop: 2, insetBottom: 8 } : { insetTop: 2, insetBottom: 2 };
  return Plot.plot({
    ...plotBase,
    document: doc,
    width: 340,
    height: 30 + rowHeight * names.length,
    marginLeft: FACET_MARGIN_LEFT,
    marginRight: 12,
    marginTop: 4,
    marginBottom: 30,
    x: { domain: [0, xMax], label: 'time (s) →', grid: true, ticks: 4 },
    y: { domain: names, label: null, tickSize: 0 },
    marks: [
      Plot.barX(names.map((pool) => ({ pool, x1: 0, x2: run.endT })), { x1: 'x1', x2: 'x2', y: 'pool', fill: color.grid, fillOpacity: 0.5, ...bar }),
      Plot.barX(rows.filter((r) => r.empty < 1), { x1: 'x1', x2: 'x2', y: 'pool', fill: color.danger, fillOpacity: 0.35, ...bar }),
      Plot.barX(rows.filter((r) => r.empty >= 1), { x1: 'x1', x2: 'x2', y: 'pool', fill: color.danger, ...bar }),
      ...(before ? [Plot.ruleY(pinnedEmpty, { x1: 'x1', x2: 'x2', y: 'pool', dy: 6, stroke: color.danger, strokeWidth: 2, ...pinnedStyle })] : []),
    ],
  }) as unknown as Element;
}

function legend(doc: Document, items: { label: string; swatch: string; dashed?: boolean; block?: boolean }[], lead: string, pinned?: Pinned<WriteoutResult>): Element {
  const p = doc.createElement('p');
  p.setAttribute('class', 'fp-legend');
  p.append(doc.createTextNode(lead));
  for (const it of items) {
    const span = doc.createElement('span');
    span.setAttribute('class', 'fp-legend-item');
    const mark = doc.createElement('span');
    mark.setAttribute('class', `fp-swatch${it.dashed ? ' fp-swatch-dashed' : ''}${it.block ? ' fp-swatch-block' : ''}`);
    mark.setAttribute('style', it.block ? `background: ${it.swatch}; border-color: ${it.swatch}` : `border-color: ${it.swatch}`);
    mark.setAttribute('aria-hidden', 'true');
    span.append(mark, doc.createTextNode(it.label));
    p.append(span);
  }
  if (pinned) p.append(pinnedLegendItem(doc, { ...pinned, name: `${pinned.name}: each layer's top edge, in its colour` }));
  return p;
}

export function headline(run: MemoryRun): string {
  if (run.kind === 'oom-kill') return `OOM kill at ${fmt(run.endT)} s`;
  if (run.kind === 'completed') return `completed in ${fmt(run.endT)} s`;
  return `not done after ${fmt(run.endT)} s`;
}

export function stackLabel(run: MemoryRun): string {
  const last = run.anonMiB.length - 1;
  return `${run.kernel}, where memory sits: ${run.outcome} At the peak, ${fmt(run.peak.writebackMiB)} MiB of anonymous pages are under writeback, ` +
    `${fmt(run.peak.slabMiB)} MiB of slab holds ${run.peak.biosInFlight.toLocaleString('en-US')} bios in flight, and dm-crypt holds ${fmt(run.peak.cryptMiB)} MiB of pages; ` +
    `free memory falls to ${fmt(Math.min(...run.layers.free))} MiB. Resident anonymous memory (not stacked) goes from ${fmt(run.anonMiB[0]!)} to ${fmt(run.anonMiB[last]!)} MiB.`;
}

export function poolLabel(run: MemoryRun): string {
  const empties = run.pools.map((p) => `${p.name} (${p.size}): ${run.firstEmpty[p.name] === null ? 'never empty' : `empty first at ${fmt(run.firstEmpty[p.name]!)} s`}`);
  return `${run.kernel}, mempool reserves left over time. ${empties.join('; ')}.`;
}

/** The pinned run drawn in a column: the same kernel, or for the column beside v4.6 whichever kernel was beside it. */
function counterpart(result: WriteoutResult, k: number, pinned: Pinned<WriteoutResult> | undefined): MemoryRun | undefined {
  if (!pinned) return undefined;
  return pinned.result.runs.find((r) => r.kernel === result.runs[k]!.kernel) ?? pinned.result.runs[k];
}

export function writeoutFigure(result: WriteoutResult, doc: Document, pinned?: Pinned<WriteoutResult>): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-writeout');
  root.append(legend(doc, LAYERS.map((l, k) => ({ label: l.label, swatch: LAYER_COLORS[k]!, block: true })), 'Stacked, bottom first (MiB; free memory above the top of the axis is cut off): ', pinned));
  const grid = doc.createElement('div');
  grid.setAttribute('class', 'fp-writeout-grid');
  const xMax = Math.max(result.xMax, pinned?.result.xMax ?? 0);
  const yMax = Math.max(16, ...result.runs.map(stackTop), ...(pinned?.result.runs.map(stackTop) ?? [])) * 1.05;
  result.runs.forEach((run, k) => {
    const before = counterpart(result, k, pinned);
    const col = doc.createElement('div');
    col.setAttribute('class', 'fp-writeout-run');
    col.setAttribute('data-kernel', run.kernel);
    const then = before && (before.kernel === run.kernel ? headline(before) : `${before.kernel} ${headline(before)}`);
    const title = runTitle(doc, run.kernel, headline(run), then);
    const stack = stackPlot(run, doc, xMax, yMax, before);
    finishFigure(stack, stackLabel(run) + (before && pinned ? ` Dashed edges, ${pinned.name}: ${stackLabel(before)}` : ''));
    const pools = poolPlot(run, doc, xMax, before);
    finishFigure(pools, poolLabel(run) + (before && pinned ? ` Dashed red, ${pinned.name}: ${poolLabel(before)}` : ''));
    col.append(title, stack, pools);
    grid.append(col);
  });
  root.append(grid);
  const note = doc.createElement('p');
  note.setAttribute('class', 'fp-legend');
  note.textContent = `Under each stack, one row per mempool (its size in brackets): pale red where some of its elements are out, solid red where it is empty.` +
    (pinned ? ' A dashed red line under a row: the pinned run\'s pool was empty then.' : '');
  root.append(note);
  return root;
}
