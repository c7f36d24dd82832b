import * as Plot from '@observablehq/plot';
import type { ZoneLadder } from '@forward-progress/model';
import { finishFigure } from '../../figures/finish.ts';
import { color, plotBase } from '../../figures/theme.ts';
import type { WatermarkResult } from './compute.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Row labels short enough for a phone. */
const SHORT_LABELS: Record<string, string> = {
  'fast-path': 'fast path',
  ordinary: 'GFP_KERNEL/NOIO',
  nomemalloc: '+NOMEMALLOC',
  'gfp-high': '__GFP_HIGH',
  atomic: 'GFP_ATOMIC',
  memalloc: 'PF_MEMALLOC',
};

function ladderPlot(ladder: ZoneLadder, doc: Document, width: number): Element {
  const z = ladder.zone;
  const narrow = width < 500;
  const rows = ladder.rungs.map((r) => ({ label: narrow ? SHORT_LABELS[r.context.id] ?? r.context.id : r.context.label, mark: r.markPart, reserve: r.reservePart, floor: r.floor }));
  const xMax = Math.max(z.high * 1.15, ...rows.map((r) => r.floor * 1.05), 10);
  const marks = [
    { at: z.min, name: `min ${fmt(z.min)}`, stroke: color.min },
    { at: z.low, name: narrow ? `low ${fmt(z.low)}` : `low ${fmt(z.low)}: kswapd wakes`, stroke: color.low },
    { at: z.high, name: narrow ? `high ${fmt(z.high)}` : `high ${fmt(z.high)}: kswapd sleeps`, stroke: color.high },
  ];
  return Plot.plot({
    ...plotBase,
    document: doc,
    width,
    height: 250,
    marginLeft: narrow ? 126 : 232,
    marginRight: narrow ? 40 : 70,
    marginTop: 52,
    x: { domain: [0, xMax], label: narrow ? 'pages left free →' : 'free pages the allocation must leave in the zone →', grid: true, ticks: narrow ? 4 : undefined, tickFormat: (d: number) => fmt(d) },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [
      Plot.barX(rows, { y: 'label', x1: 0, x2: 'mark', fill: color.free, inset: 4 }),
      Plot.barX(rows.filter((r) => r.reserve > 0), { y: 'label', x1: 'mark', x2: 'floor', fill: color.reserve, inset: 4 }),
      Plot.text(rows, { y: 'label', x: 'floor', text: (r: { floor: number }) => (r.floor === 0 ? '0: every page' : fmt(r.floor)), dx: 4, textAnchor: 'start', fill: color.ink }),
      Plot.ruleX(marks, { x: 'at', stroke: 'stroke', strokeWidth: 1.5, strokeDasharray: '4,3' }),
      // One label row per mark, staggered so that close marks do not print over each other.
      ...marks.map((m, i) => Plot.text([m], { x: 'at', text: 'name', frameAnchor: 'top', dy: -6 - 14 * (marks.length - 1 - i), lineAnchor: 'bottom', fill: 'stroke', textAnchor: 'middle' })),
    ],
  }) as unknown as Element;
}

/** One ladder per zone, biggest zone first. */
export function watermarkFigure(result: WatermarkResult, doc: Document, width = 640): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-facets');
  for (const ladder of [...result.ladders].reverse()) {
    const z = ladder.zone;
    const facet = doc.createElement('div');
    facet.setAttribute('class', 'fp-facet');
    const title = doc.createElement('p');
    title.setAttribute('class', 'fp-facet-title');
    const reserve = z.lowmemReserve[ladder.classzoneIdx] ?? 0;
    title.textContent = `${z.name}: ${fmt(z.managed)} pages managed` + (reserve > 0 ? `; lowmem_reserve ${fmt(reserve)} pages (shaded) for allocations that could use a higher zone` : '');
    const svg = ladderPlot(ladder, doc, width);
    finishFigure(svg, `${z.name} watermark ladder: min ${fmt(z.min)}, low ${fmt(z.low)}, high ${fmt(z.high)} pages. ` +
      ladder.rungs.map((r) => `${r.context.label}: must leave ${fmt(r.floor)}`).join('; ') + '.');
    facet.append(title, svg);
    root.append(facet);
  }
  return root;
}
