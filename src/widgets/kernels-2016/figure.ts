/**
 * One run of a 2016 kernel over time: free memory, writeback, swap used and
 * dm-0's completed writes per second, as the guest's sampler saw them (line)
 * and as the host's sysrq-m and allocation-failure reports saw them (dots:
 * they still arrive when the sampler is frozen); the run's events and the
 * cursor as rules; then who sleeps where in each recorded sysrq-w dump, and
 * the dump nearest the cursor as a list: task → the function it sleeps in ←
 * its callers.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { legendItem } from '../../figures/legend.ts';
import { color, plotBase } from '../../figures/theme.ts';
import { stackedPanelOptions } from '../../figures/stackedPanel.ts';
import { decimate } from '../sim/runFigure.ts';
import type { Kernels2016Result } from './compute.ts';
import { endOf, runName, type Lab2016Trace } from './traces.ts';
import { dmWritesPerS, lateDmWrites, memPoints, parseBlocked, type MemPoint } from './analysis.ts';
import { fmt, groupTasks, runOutcome, shortTask } from './summary.ts';

interface Panel {
  label: string;
  sample(t: Lab2016Trace, i: number): number | null;
  host?(p: MemPoint): number | null;
  /** A level the reader should see, drawn as a dashed rule with its meaning. */
  level?: { y: number; label: string };
}

/** The cursor's colour: apart from the run's line and the markers. */
const CURSOR = color.series[3]!;

const kib = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 1024);

export const KERNELS_2016_PANELS: Panel[] = [
  { label: 'free memory (MiB)', sample: (t, i) => kib(t.series.memFreeKiB[i]), host: (p) => kib(p.freeKiB) },
  { label: 'under writeback (MiB)', sample: (t, i) => kib(t.series.writebackKiB[i]), host: (p) => kib(p.writebackKiB) },
  { label: 'swap used (MiB)', sample: (t, i) => kib(t.series.swapUsedKiB[i]), host: (p) => kib(p.swapUsedKiB) },
  { label: 'dm-0 writes done per s', sample: dmWritesPerS },
  // Only the host's reports print the gate; the guest's sampler does not read it.
  { label: 'scanned, % of the OOM gate', sample: () => null, host: (p) => p.gatePct, level: { y: 100, label: 'all_unreclaimable' } },
];

interface Marker { t: number; label: string; alarm: boolean }

/** What happened in the run that a reader should see on the time axis. */
export function runMarkers(t: Lab2016Trace): Marker[] {
  const out: Marker[] = [];
  for (const e of t.events) {
    if (e.kind === 'fill-done') out.push({ t: e.t, label: 'all memory touched', alarm: false });
    else if (e.kind === 'result' && /COMPLETED/.test(e.text)) out.push({ t: e.t, label: 'test completed', alarm: false });
    else if (/oom/i.test(e.kind)) out.push({ t: e.t, label: 'OOM kill', alarm: true });
  }
  const stopped = lateDmWrites(t).samplerStoppedAt;
  if (stopped !== null) out.push({ t: stopped, label: 'sampler stopped', alarm: true });
  if (!t.events.some((e) => e.kind === 'result')) out.push({ t: endOf(t), label: 'host limit', alarm: true });
  return out.sort((a, b) => a.t - b.t);
}

function seriesPanel(panel: Panel, t: Lab2016Trace, r: Kernels2016Result, doc: Document, width: number, last: boolean, xMax: number): Element {
  const n = t.series.t.length;
  const line = decimate(n, (j) => panel.sample(t, j) ?? 0)
    .map((i) => ({ t: t.series.t[i]!, v: panel.sample(t, i) }))
    .filter((d): d is { t: number; v: number } => d.v !== null && Number.isFinite(d.v));
  const dots = panel.host ? memPoints(t).map((p) => ({ t: p.t, v: panel.host!(p) })).filter((d): d is { t: number; v: number } => d.v !== null) : [];
  const markers = runMarkers(t);
  const svg = Plot.plot({
    ...stackedPanelOptions({ doc, width, last, xMax, xLabel: 'seconds since the guest booted →' }),
    // A level the panel shows stays in view even when every value is far below it.
    y: { label: panel.label, grid: true, nice: true, zero: true, ...(panel.level ? { domain: [0, Math.max(panel.level.y * 1.15, ...dots.map((d) => d.v))] } : {}) },
    marks: [
      Plot.ruleY([0], { stroke: color.grid }),
      ...(panel.level ? [
        Plot.ruleY([panel.level.y], { stroke: color.danger, strokeDasharray: '4,3' }),
        Plot.text([panel.level], { x: xMax, y: 'y', text: 'label', textAnchor: 'end', dy: -6, fill: color.danger, fontSize: 11 }),
      ] : []),
      Plot.ruleX(markers, { x: 't', stroke: (d: Marker) => (d.alarm ? color.danger : color.muted), strokeDasharray: '3,3' }),
      Plot.line(line, { x: 't', y: 'v', stroke: color.series[0]!, strokeWidth: 1.5 }),
      Plot.dot(dots, { x: 't', y: 'v', r: 2.2, fill: color.series[1]!, stroke: 'none' }),
      Plot.ruleX([r.at], { stroke: CURSOR, strokeWidth: 2 }),
    ],
  }) as unknown as Element;
  const sources = [line.length ? 'line: the guest\'s sampler' : '', dots.length ? 'dots: the host\'s memory reports' : ''].filter(Boolean).join('; ') || 'no data in this run';
  const level = panel.level ? ` Dashed: ${fmt(panel.level.y)} (${panel.level.label}).` : '';
  return finishFigure(svg, `${panel.label} over time, ${runName(t)}: ${runOutcome(t)}. ${sources[0]!.toUpperCase()}${sources.slice(1)}.${level} Cursor at ${fmt(r.at)} s.`);
}

/** Who sleeps where in each recorded dump: one row per (task, function), a dot per dump it appears in. */
function sleepPanel(t: Lab2016Trace, r: Kernels2016Result, doc: Document, width: number, xMax: number): Element | null {
  const rows: { t: number; y: string; n: number }[] = [];
  for (const d of t.blocked?.timeline ?? []) {
    for (const { task, n } of groupTasks(d.tasks.map(parseBlocked))) rows.push({ t: d.t, y: `${shortTask(task.task)} · ${task.sleepsIn}`, n });
  }
  if (!rows.length) return null;
  const labels = [...new Set(rows.map((d) => d.y))].sort();
  // The labels sit above their rows, inside the plot, so that the time axis lines up with the panels above.
  const svg = Plot.plot({
    ...plotBase,
    document: doc,
    width,
    height: 44 + 28 * labels.length,
    marginTop: 14,
    marginBottom: 34,
    style: { ...plotBase.style, fontSize: '11px' },
    x: { domain: [0, xMax], label: 'seconds since the guest booted →', grid: true, ticks: width < 480 ? 4 : undefined },
    y: { domain: labels, axis: null },
    r: { type: 'identity' },
    marks: [
      Plot.ruleY(labels, { y: (d: string) => d, stroke: color.grid }),
      Plot.text(labels, { y: (d: string) => d, text: (d: string) => d, frameAnchor: 'left', textAnchor: 'start', dy: -10, fill: 'currentColor' }),
      Plot.dot(rows, { x: 't', y: 'y', r: (d: { n: number }) => 2.5 + d.n, fill: color.series[2]!, stroke: 'none' }),
      Plot.ruleX([r.at], { stroke: CURSOR, strokeWidth: 2 }),
      ...(r.dump ? [Plot.ruleX([r.dump.t], { stroke: CURSOR, strokeDasharray: '2,2' })] : []),
    ],
  }) as unknown as Element;
  const summary = labels.map((l) => `${l} in ${rows.filter((d) => d.y === l).length} of ${t.blocked!.timeline.length} recorded dumps`).join('; ');
  return finishFigure(svg, `Blocked tasks in the sysrq-w dumps of ${runName(t)}, by the function each sleeps in: ${summary}.`);
}

/** The dump nearest the cursor as a list: task → the function it sleeps in ← its callers. */
function dumpList(r: Kernels2016Result, doc: Document): Element {
  const box = doc.createElement('div');
  box.setAttribute('class', 'fp-dump');
  const title = doc.createElement('p');
  title.setAttribute('class', 'fp-dump-title');
  if (!r.dump) {
    title.textContent = 'This run has no sysrq-w dump.';
    box.append(title);
    return box;
  }
  title.textContent = `sysrq-w dump at ${fmt(r.dump.t)} s, the one recorded nearest the cursor (${fmt(r.at)} s): ${r.dump.tasks.length ? `${r.dump.tasks.length} blocked task${r.dump.tasks.length > 1 ? 's' : ''}` : 'no task was blocked'}`;
  box.append(title);
  if (!r.dump.tasks.length) return box;
  const list = doc.createElement('ul');
  for (const { task, n } of groupTasks(r.dump.tasks)) {
    const li = doc.createElement('li');
    const who = doc.createElement('strong');
    who.textContent = `${task.task}${n > 1 ? ` ×${n}` : ''}`;
    const fn = doc.createElement('code');
    fn.textContent = task.sleepsIn;
    li.append(who, doc.createTextNode(' sleeps in '), fn);
    if (task.waits.length) {
      const waits = doc.createElement('span');
      waits.setAttribute('class', 'fp-dump-waits');
      waits.textContent = ` (waiting in ${task.waits.join(', ')})`;
      li.append(waits);
    }
    if (task.callers.length) {
      const callers = doc.createElement('span');
      callers.setAttribute('class', 'fp-dump-callers');
      callers.append(doc.createTextNode(' ← '));
      task.callers.forEach((c, k) => {
        const code = doc.createElement('code');
        code.textContent = c;
        callers.append(...(k ? [doc.createTextNode(' ← ')] : []), code);
      });
      li.append(callers);
    }
    list.append(li);
  }
  box.append(list);
  return box;
}

export function kernels2016Figure(r: Kernels2016Result, doc: Document, width = 640): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-run-figure');
  const t = r.trace;
  if (!t) {
    const p = doc.createElement('p');
    p.textContent = 'No recorded run has this name.';
    root.append(p);
    return root;
  }
  const legend = doc.createElement('p');
  legend.setAttribute('class', 'fp-legend');
  legend.append(
    legendItem(doc, `${runName(t)}: ${runOutcome(t)} (line: guest sampler)`, color.series[0]!, false),
    doc.createTextNode(' · dots: the host\'s memory reports, which go on when the sampler freezes · '),
    legendItem(doc, `cursor ${fmt(r.at)} s`, CURSOR, false),
    doc.createTextNode(runMarkers(t).map((m) => ` · ${m.label} at ${fmt(m.t)} s`).join('')),
  );
  root.append(legend);
  const xMax = Math.max(1, endOf(t));
  KERNELS_2016_PANELS.forEach((panel, k) => root.append(seriesPanel(panel, t, r, doc, width, k === KERNELS_2016_PANELS.length - 1, xMax)));
  const sleep = sleepPanel(t, r, doc, width, xMax);
  if (sleep) {
    const caption = doc.createElement('p');
    caption.setAttribute('class', 'fp-legend');
    const b = t.blocked!;
    caption.textContent = `Who sleeps where, in ${b.timelineStride === 1 ? `all ${b.dumps} sysrq-w dumps of the run` : `${b.timeline.length} of the run's ${b.dumps} sysrq-w dumps (every ${b.timelineStride}th, and the last)`}; a bigger dot is more tasks.`;
    root.append(caption, sleep);
  }
  root.append(dumpList(r, doc));
  return root;
}
