/**
 * Free memory per zone over time for the two runs, against the zone's min
 * watermark, with the moment the reserves hit zero marked. The y axis is cut
 * a little above the watermarks: the story is at the bottom.
 */
import * as Plot from '@observablehq/plot';
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { finishFigure } from '../../figures/finish.ts';
import { color, pinnedStyle, plotBase } from '../../figures/theme.ts';
import { decimate, runEvents } from '../sim/runFigure.ts';
import type { RegressionResult, ZoneMarks } from './compute.ts';
import { lowestFree, regressionSummary, runName } from './summary.ts';
import { legendItem } from '../../figures/legend.ts';
import { pinnedLegendItem, type Pinned } from '../../figures/pinned.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

const runsOf = (result: RegressionResult) => [result.withCommit, result.reverted];

/** A zone's free memory in one run, decimated, tagged with the run's place (0: with the commit, 1: reverted). */
function zoneRows(runs: SimResult[], zone: string) {
  return runs.flatMap((r, k) => {
    const s = r.series.zones[zone]!.freeKiB;
    return decimate(s.length, (j) => s[j]!).map((i) => ({ t: r.series.t[i]!, v: s[i]!, k }));
  });
}

function zonePlot(result: RegressionResult, zone: ZoneMarks, doc: Document, last: boolean, xMax: number, width: number, pinned?: Pinned<RegressionResult>): Element {
  const narrow = width < 480;
  const runs = runsOf(result);
  const rows = zoneRows(runs, zone.name);
  const before = pinned ? zoneRows(runsOf(pinned.result), zone.name) : [];
  const maxFree = Math.max(0, ...rows.map((d) => d.v), ...before.map((d) => d.v));
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
      ...(pinned
        ? [
            Plot.ruleX(runsOf(pinned.result).flatMap((r) => runEvents({ label: runName(r), result: r })), { x: 't', stroke: color.muted, strokeWidth: 1, strokeDasharray: '2,3', strokeOpacity: 0.8 }),
            ...runs.map((_, k) => Plot.line(before.filter((d) => d.k === k), { x: 't', y: 'v', stroke: color.series[k]!, strokeWidth: 1.5, ...pinnedStyle })),
          ]
        : []),
      Plot.ruleX(events, { x: 't', stroke: (d: { label: string }) => (d.label === 'reserves at 0' || d.label.startsWith('OOM') ? color.danger : color.muted), strokeDasharray: '3,3' }),
      ...runs.map((_, k) => Plot.line(rows.filter((d) => d.k === k), {
        x: 't', y: 'v', stroke: color.series[k]!, strokeWidth: k === 0 ? 2 : 1.75, strokeDasharray: k === 1 && !pinned ? '6,3' : undefined,
      })),
    ],
  }) as unknown as Element;
}

/** A run's events as the legend states them: "v4.6: reserves at 0 at 12.3 s". */
function eventTexts(r: SimResult): string[] {
  return runEvents({ label: runName(r), result: r }).map((e) => `${e.run}: ${e.label} at ${Math.round(e.t * 10) / 10} s`);
}

export function regressionFigure(result: RegressionResult, doc: Document, width = 640, pinned?: Pinned<RegressionResult>): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-run-figure');
  const runs = runsOf(result);
  const legend = doc.createElement('p');
  legend.setAttribute('class', 'fp-legend');
  runs.forEach((r, k) => legend.append(legendItem(doc, k === 0 ? `${runName(r)} (with f9054c70)` : runName(r), color.series[k]!, k === 1 && !pinned)));
  for (const r of runs) for (const text of eventTexts(r)) legend.append(doc.createTextNode(` · ${text}`));
  if (pinned) {
    // Dashes mean the pinned runs; of their events, those the current runs do not share.
    legend.append(doc.createTextNode(' '), pinnedLegendItem(doc, pinned));
    runsOf(pinned.result).forEach((r, k) => {
      const now = eventTexts(runs[k]!);
      for (const text of eventTexts(r)) if (!now.includes(text)) legend.append(doc.createTextNode(` · pinned ${text}`));
    });
  }
  root.append(legend);
  const ends = [...runs, ...(pinned ? runsOf(pinned.result) : [])].map((r) => r.series.t[r.series.t.length - 1] ?? 0);
  const xMax = Math.max(1, ...ends);
  const zones = [...result.zones].reverse();
  zones.forEach((zone, i) => {
    const title = doc.createElement('p');
    title.setAttribute('class', 'fp-facet-title');
    title.textContent = `${zone.name}: free memory against min (${fmt(zone.min)} kB)` + (zone.reserve > 0 ? ` and the lowmem_reserve ordinary allocations must leave (${fmt(zone.reserve)} kB)` : '');
    const svg = zonePlot(result, zone, doc, i === zones.length - 1, xMax, width, pinned);
    const low = (rs: SimResult[]) => rs.map((r) => `${runName(r)} lowest ${fmt(lowestFree(r).find((z) => z.name === zone.name)?.kib ?? 0)} kB`).join('; ');
    finishFigure(svg, `${zone.name} free memory over time, min watermark ${fmt(zone.min)} kB: ${low(runs)}. ${regressionSummary(result)}` +
      (pinned ? ` Dashed, ${pinned.name}: ${low(runsOf(pinned.result))}. ${regressionSummary(pinned.result)}` : ''));
    root.append(title, svg);
  });
  return root;
}
