/**
 * Free memory per zone over time for the two runs, against the zone's min
 * watermark, with the moment the reserves hit zero marked. The y axis is cut
 * a little above the watermarks: the story is at the bottom.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { color, plotBase } from '../../figures/theme.ts';
import { decimate, runEvents } from '../sim/runFigure.ts';
import type { RegressionResult, ZoneMarks } from './compute.ts';
import { lowestFree, regressionSummary, runName } from './summary.ts';
import { legendItem } from '../../figures/legend.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

function zonePlot(result: RegressionResult, zone: ZoneMarks, doc: Document, last: boolean, xMax: number, width: number): Element {
  const narrow = width < 480;
  const runs = [result.withCommit, result.reverted];
  const rows: { t: number; v: number; run: string }[] = [];
  let maxFree = 0;
  for (const r of runs) {
    const s = r.series.zones[zone.name]!.freeKiB;
    for (const i of decimate(s.length, (j) => s[j]!)) {
      rows.push({ t: r.series.t[i]!, v: s[i]!, run: runName(r) });
      maxFree = Math.max(maxFree, s[i]!);
    }
  }
  const yMax = Math.min(Math.max(maxFree, 1), 4 * (zone.high + zone.reserve));
  const events = runs.flatMap((r) => runEvents({ label: runName(r), result: r }));
  const lines = [
    { y: zone.min, label: `min ${fmt(zone.min)} kB`, stroke: color.min },
    ...(zone.reserve > 0 ? [{ y: zone.min + zone.reserve, label: `min + lowmem_reserve ${fmt(zone.min + zone.reserve)} kB`, stroke: color.low }] : []),
  ];
  return Plot.plot({
    ...plotBase,
    document: doc,
    width,
    height: last ? 190 : 170,
    marginLeft: narrow ? 52 : 60,
    marginRight: 12,
    marginTop: 16,
    marginBottom: last ? 36 : 20,
    x: { type: 'symlog', domain: [0, xMax], label: last ? (narrow ? 'time (s, stretched near 0) →' : 'simulated time (s, stretched near 0) →') : null, grid: true, ticks: (narrow ? [0, 1, 5, 20, 100, 500] : [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]).filter((t) => t <= xMax) },
    y: { domain: [0, yMax], label: `${zone.name} free (kB)`, grid: true, clamp: true, tickFormat: (d: number) => fmt(d) },
    marks: [
      Plot.ruleY([0], { stroke: color.grid }),
      Plot.ruleY(lines, { y: 'y', stroke: 'stroke', strokeDasharray: '4,3' }),
      Plot.text(lines, { y: 'y', x: xMax, text: 'label', textAnchor: 'end', dy: -6, fill: 'stroke' }),
      Plot.ruleX(events, { x: 't', stroke: (d: { label: string }) => (d.label === 'reserves at 0' || d.label.startsWith('OOM') ? color.danger : color.muted), strokeDasharray: '3,3' }),
      ...runs.map((r, k) => Plot.line(rows.filter((d) => d.run === runName(r)), {
        x: 't', y: 'v', stroke: color.series[k]!, strokeWidth: k === 0 ? 2 : 1.75, strokeDasharray: k === 1 ? '6,3' : undefined,
      })),
    ],
  }) as unknown as Element;
}


export function regressionFigure(result: RegressionResult, doc: Document, width = 640): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-run-figure');
  const runs = [result.withCommit, result.reverted];
  const legend = doc.createElement('p');
  legend.setAttribute('class', 'fp-legend');
  runs.forEach((r, k) => legend.append(legendItem(doc, k === 0 ? `${runName(r)} (with f9054c70)` : runName(r), color.series[k]!, k === 1)));
  for (const r of runs) for (const e of runEvents({ label: runName(r), result: r })) legend.append(doc.createTextNode(` · ${e.run}: ${e.label} at ${Math.round(e.t * 10) / 10} s`));
  root.append(legend);
  const xMax = Math.max(1, ...runs.map((r) => r.series.t[r.series.t.length - 1] ?? 0));
  const zones = [...result.zones].reverse();
  zones.forEach((zone, i) => {
    const title = doc.createElement('p');
    title.setAttribute('class', 'fp-facet-title');
    title.textContent = `${zone.name}: free memory against min (${fmt(zone.min)} kB)` + (zone.reserve > 0 ? ` and the lowmem_reserve ordinary allocations must leave (${fmt(zone.reserve)} kB)` : '');
    const svg = zonePlot(result, zone, doc, i === zones.length - 1, xMax, width);
    const low = runs.map((r) => `${runName(r)} lowest ${fmt(lowestFree(r).find((z) => z.name === zone.name)?.kib ?? 0)} kB`).join('; ');
    finishFigure(svg, `${zone.name} free memory over time, min watermark ${fmt(zone.min)} kB: ${low}. ${regressionSummary(result)}`);
    root.append(title, svg);
  });
  return root;
}
