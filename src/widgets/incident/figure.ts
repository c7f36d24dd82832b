/**
 * Small multiples: one panel per base kernel on a shared time axis, free
 * memory and swap used in MiB, the run's end marked (OOM kill, completion,
 * or the horizon of a livelock) and the moment reserves reached zero; under
 * them, each panel's link to the Lab and the command that reproduces it.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { legendItem } from '../../figures/legend.ts';
import { pinnedLegendItem, runTitle, type Pinned } from '../../figures/pinned.ts';
import { color, pinnedStyle, plotBase } from '../../figures/theme.ts';
import type { IncidentResult, KernelRun } from './compute.ts';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** Where the Lab lives, from wherever the site is served. */
export function labHref(run: KernelRun): string {
  const base = (import.meta.env?.BASE_URL ?? '/').replace(/\/?$/, '/');
  return `${base}lab/${run.query ? `?${run.query}` : ''}#fig-lab`;
}

/** What a screen reader hears for one kernel's swap panel. */
export function panelLabel(run: KernelRun): string {
  const last = run.swapUsedMiB[run.swapUsedMiB.length - 1] ?? 0;
  return `${run.kernel}: ${run.outcome} Swap used reaches ${fmt(Math.max(...run.swapUsedMiB))} MiB (${fmt(last)} MiB at the end).`;
}

/** And for its free-memory strip. */
export function freeLabel(run: KernelRun, result: IncidentResult): string {
  const minFree = Math.min(...run.freeMiB);
  return `${run.kernel}, free memory near the bottom: it falls to ${fmt(minFree)} MiB, against a min watermark of ${fmt(result.minMiB)} MiB` +
    (run.reservesZeroT === null ? '; the reserves never reach zero.' : `; the reserves reach zero at ${fmt(run.reservesZeroT)} s.`);
}

interface Mark { t: number; label: string; kind: 'kill' | 'reserves' | 'done' | 'horizon' }

function runMarks(run: KernelRun): Mark[] {
  const marks: Mark[] = [];
  if (run.reservesZeroT !== null) marks.push({ t: run.reservesZeroT, label: 'reserves 0', kind: 'reserves' });
  if (run.kind === 'oom-kill') marks.push({ t: run.endT, label: 'OOM kill', kind: 'kill' });
  else if (run.kind === 'completed') marks.push({ t: run.endT, label: 'done', kind: 'done' });
  else marks.push({ t: run.endT, label: 'livelock', kind: 'horizon' });
  return marks;
}

const FREE_ZOOM_MIN_MIB = 16;

/** How a pinned run's events are marked: quieter than the current run's, and unlabelled. */
const PINNED_MARK = { stroke: color.muted, strokeWidth: 1, strokeDasharray: '2,3', strokeOpacity: 0.8 } as const;

/** The swap panel: swap used on the shared scale, the run's ending marked at the top (a pinned run's dashed beside it). */
function swapPanel(run: KernelRun, before: KernelRun | undefined, doc: Document, xMax: number, yMax: number): Element {
  const rows = run.t.map((t, i) => ({ t, swap: run.swapUsedMiB[i]! }));
  const end = runMarks(run).filter((m) => m.kind !== 'reserves');
  const danger = (m: Mark) => m.kind === 'kill' || m.kind === 'horizon';
  return Plot.plot({
    ...plotBase,
    document: doc,
    width: 340,
    height: 130,
    marginLeft: 46,
    marginRight: 12,
    marginTop: 22,
    marginBottom: 8,
    x: { domain: [0, xMax], axis: null, grid: true },
    y: { domain: [0, yMax], label: null, grid: true, ticks: 3 },
    marks: [
      Plot.ruleY([0], { stroke: color.grid }),
      ...(run.kind === 'livelock'
        ? [Plot.rectX([{ x1: 0, x2: run.endT }], { x1: 'x1', x2: 'x2', y1: 0, y2: yMax, fill: color.danger, fillOpacity: 0.06 })]
        : []),
      ...(before
        ? [
            Plot.ruleX(runMarks(before).filter((m) => m.kind !== 'reserves'), { x: 't', ...PINNED_MARK }),
            Plot.line(before.t.map((t, i) => ({ t, swap: before.swapUsedMiB[i]! })), { x: 't', y: 'swap', stroke: color.series[1], strokeWidth: 1.5, ...pinnedStyle }),
          ]
        : []),
      Plot.line(rows, { x: 't', y: 'swap', stroke: color.series[1], strokeWidth: 1.75 }),
      Plot.ruleX(end, { x: 't', stroke: (m: Mark) => (danger(m) ? color.danger : color.muted), strokeWidth: (m: Mark) => (m.kind === 'kill' ? 2 : 1) }),
      Plot.text(end.filter((m) => m.t <= xMax * 0.6), { textAnchor: 'start', dx: 3,
        x: 't', text: 'label', frameAnchor: 'top', dy: -8, lineAnchor: 'bottom',
        fill: (m: Mark) => (danger(m) ? color.danger : color.ink),
      }),
      Plot.text(end.filter((m) => m.t > xMax * 0.6), { textAnchor: 'end', dx: -3,
        x: 't', text: 'label', frameAnchor: 'top', dy: -8, lineAnchor: 'bottom',
        fill: (m: Mark) => (danger(m) ? color.danger : color.ink),
      }),
    ],
  }) as unknown as Element;
}

/** The top of the free-memory strip: a few times the min watermark (of either run). */
function freeTop(minMiB: number): number {
  return Math.max(FREE_ZOOM_MIN_MIB, Math.ceil(minMiB * 4));
}

/** The free-memory strip: zoomed to the bottom, where the watermarks are, with min and the moment reserves hit zero. */
function freePanel(run: KernelRun, result: IncidentResult, doc: Document, xMax: number, pinned?: { run: KernelRun; minMiB: number }): Element {
  const top = Math.max(freeTop(result.minMiB), pinned ? freeTop(pinned.minMiB) : 0);
  const rows = run.t.map((t, i) => ({ t, free: Math.min(run.freeMiB[i]!, top) }));
  const reserves = runMarks(run).filter((m) => m.kind === 'reserves');
  const before = pinned?.run;
  return Plot.plot({
    ...plotBase,
    document: doc,
    width: 340,
    height: 96,
    marginLeft: 46,
    marginRight: 12,
    marginTop: 8,
    marginBottom: 32,
    x: { domain: [0, xMax], label: 'time (s) →', grid: true, ticks: 4 },
    y: { domain: [0, top], label: null, grid: true, ticks: 2 },
    marks: [
      ...(pinned && pinned.minMiB !== result.minMiB ? [Plot.ruleY([pinned.minMiB], { stroke: color.min, strokeDasharray: '1,3', strokeOpacity: 0.8 })] : []),
      Plot.ruleY([result.minMiB], { stroke: color.min, strokeDasharray: '4,3' }),
      ...(before
        ? [
            Plot.ruleX(runMarks(before).filter((m) => m.kind === 'reserves'), { x: 't', ...PINNED_MARK }),
            Plot.line(before.t.map((t, i) => ({ t, free: Math.min(before.freeMiB[i]!, top) })), { x: 't', y: 'free', stroke: color.series[0], strokeWidth: 1.5, ...pinnedStyle }),
          ]
        : []),
      Plot.line(rows, { x: 't', y: 'free', stroke: color.series[0], strokeWidth: 1.75 }),
      Plot.ruleX(reserves, { x: 't', stroke: color.danger, strokeDasharray: '2,2' }),
      Plot.text(reserves, { x: 't', y: 0, text: () => '0', dx: 4, dy: -6, textAnchor: 'start', fill: color.danger }),
      // Last, so that the free-memory line never hides the label.
      Plot.text([{ y: result.minMiB }], { y: 'y', frameAnchor: 'right', text: () => 'min', dy: -6, fill: color.min }),
    ],
  }) as unknown as Element;
}

function legend(doc: Document, pinned: Pinned<IncidentResult> | undefined): Element {
  const p = doc.createElement('p');
  p.setAttribute('class', 'fp-legend');
  p.append(legendItem(doc, 'swap used (MiB, upper panel)', color.series[1], false), legendItem(doc, 'free memory (MiB, lower panel, zoomed to the bottom)', color.series[0], false),
    legendItem(doc, 'min watermark', color.min, true));
  if (pinned) p.append(pinnedLegendItem(doc, pinned));
  p.append(doc.createTextNode(' · red dotted line and 0: the reserves reached zero; top: how the run ended'));
  if (pinned) p.append(doc.createTextNode('; grey dotted lines: the same for the pinned run'));
  return p;
}

/**
 * The legend and the five panels, without the citable list under them: the
 * widget's figure starts with this, and the home page shows it alone.
 */
export function incidentPanels(result: IncidentResult, doc: Document, pinned?: Pinned<IncidentResult>): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-incident');
  root.append(legend(doc, pinned));
  const grid = doc.createElement('div');
  grid.setAttribute('class', 'fp-incident-grid');
  const all = pinned ? [...result.runs, ...pinned.result.runs] : result.runs;
  const xMax = Math.max(result.xMax, pinned?.result.xMax ?? 0);
  const yMax = Math.max(64, ...all.flatMap((r) => r.swapUsedMiB)) * 1.05;
  for (const run of result.runs) {
    const before = pinned?.result.runs.find((r) => r.kernel === run.kernel);
    const facet = doc.createElement('div');
    facet.setAttribute('class', 'fp-incident-panel');
    facet.setAttribute('data-kernel', run.kernel);
    const title = runTitle(doc, run.kernel, run.headline, before?.headline);
    const swap = swapPanel(run, before, doc, xMax, yMax);
    finishFigure(swap, panelLabel(run) + (before && pinned ? ` Dashed, ${pinned.name}: ${panelLabel(before)}` : ''));
    const free = freePanel(run, result, doc, xMax, before && pinned ? { run: before, minMiB: pinned.result.minMiB } : undefined);
    finishFigure(free, freeLabel(run, result) + (before && pinned ? ` Dashed, ${pinned.name}: ${freeLabel(before, pinned.result)}` : ''));
    facet.append(title, swap, free);
    grid.append(facet);
  }
  root.append(grid);
  return root;
}

export function incidentFigure(result: IncidentResult, doc: Document, pinned?: Pinned<IncidentResult>): Element {
  const root = incidentPanels(result, doc, pinned);
  const heading = doc.createElement('p');
  heading.setAttribute('class', 'fp-incident-cite-title');
  heading.textContent = 'Each panel, citable:';
  const list = doc.createElement('ul');
  list.setAttribute('class', 'fp-incident-cite');
  for (const run of result.runs) {
    const li = doc.createElement('li');
    const name = doc.createElement('strong');
    name.textContent = `${run.kernel}`;
    const link = doc.createElement('a');
    link.setAttribute('href', labHref(run));
    link.textContent = `${run.kernel} in the Lab`;
    const code = doc.createElement('code');
    code.textContent = run.command;
    li.append(name, doc.createTextNode(` (${run.scenarioId}). Link: `), link, doc.createTextNode('. Reproduce: '), code);
    list.append(li);
  }
  root.append(heading, list);
  return root;
}
