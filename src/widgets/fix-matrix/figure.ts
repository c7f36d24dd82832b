/**
 * The matrix of outcomes: a table (one row per proposal, each linked to its
 * message, to the Lab and to the command that reproduces it) and a bar chart
 * of when each run ended, coloured by outcome.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { color, plotBase } from '../../figures/theme.ts';
import { loreUrl } from './proposals.ts';
import type { Matrix, MatrixRow } from './compute.ts';

const OUTCOME_WORDS: Record<MatrixRow['outcome'], string> = {
  completed: 'completed',
  'oom-kill': 'OOM kill',
  livelock: 'still running at the horizon',
};

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString('en-US');

export function outcomeText(row: MatrixRow): string {
  if (row.outcome === 'oom-kill') return `OOM kill (${row.swapFreePct}% swap free)`;
  return OUTCOME_WORDS[row.outcome];
}

function el(doc: Document, tag: string, attrs: Record<string, string> = {}, text?: string): Element {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.append(doc.createTextNode(text));
  return e;
}

function table(m: Matrix, doc: Document): Element {
  const scroller = el(doc, 'div', { class: 'fp-matrix-scroll', role: 'region', 'aria-label': 'Outcome of every proposal (table, scrolls sideways)', tabindex: '0' });
  const t = el(doc, 'table', { class: 'fp-matrix' });
  t.append(el(doc, 'caption', {}, `Every proposal on ${m.kernel}, ${m.cpus} CPU${m.cpus === 1 ? '' : 's'}, seed ${m.seed}`));
  const head = el(doc, 'thead');
  const hr = el(doc, 'tr');
  for (const h of ['Proposal', 'Outcome', 'Ended at', 'Longest wait', 'Reserves at zero?']) hr.append(el(doc, 'th', { scope: 'col' }, h));
  head.append(hr);
  const body = el(doc, 'tbody');
  for (const row of m.rows) {
    const tr = el(doc, 'tr', { class: `fp-outcome-${row.outcome}`, 'data-fix': row.id });
    const name = el(doc, 'th', { scope: 'row' });
    name.append(el(doc, 'a', { href: loreUrl(row.msgid) }, row.label));
    name.append(el(doc, 'span', { class: 'fp-matrix-who' }, `${row.who}, ${row.date} 2016`));
    const lab = el(doc, 'span', { class: 'fp-matrix-who' });
    lab.append(el(doc, 'a', { href: `../lab/${row.query ? `?${row.query}` : ''}#fig-lab` }, `Open in the Lab (${row.scenarioId})`));
    name.append(lab, el(doc, 'code', { class: 'fp-matrix-cmd' }, row.command));
    tr.append(name);
    tr.append(el(doc, 'td', {}, outcomeText(row)));
    tr.append(el(doc, 'td', { class: 'fp-num' }, `${r1(row.t)} s`));
    tr.append(el(doc, 'td', {}, row.worst && row.worst.seconds >= 0.1 ? `${row.worst.actor}: ${r1(row.worst.seconds)} s in ${row.worst.site}` : 'none'));
    tr.append(el(doc, 'td', {}, row.reservesZero ? `yes, at ${r1(row.reservesAt ?? 0)} s` : 'no'));
    body.append(tr);
  }
  t.append(head, body);
  scroller.append(t);
  return scroller;
}

function bars(m: Matrix, doc: Document, width: number): Element {
  const narrow = width < 500;
  const kinds: MatrixRow['outcome'][] = ['completed', 'livelock', 'oom-kill'];
  const svg = Plot.plot({
    ...plotBase,
    document: doc,
    width,
    height: 40 + 22 * m.rows.length,
    marginLeft: 170,
    marginBottom: 36,
    x: { label: narrow ? 'seconds until the end →' : 'simulated seconds until the run ended →', grid: true, ticks: narrow ? 4 : undefined },
    y: { label: null, domain: m.rows.map((r) => r.short) },
    color: { domain: kinds, range: [color.series[0]!, color.muted, color.danger] },
    marks: [
      Plot.barX(m.rows, { x: 't', y: 'short', fill: 'outcome' }),
      Plot.dot(m.rows.filter((r) => r.reservesZero), { x: 0, y: 'short', symbol: 'diamond2', r: 4, stroke: color.danger, fill: color.danger }),
      Plot.ruleX([0], { stroke: color.grid }),
    ],
  }) as unknown as Element;
  const done = m.rows.filter((r) => r.outcome === 'completed');
  const label = `Time until each run ended, on ${m.kernel}, seed ${m.seed}: ` +
    m.rows.map((r) => `${r.label}: ${outcomeText(r)} at ${r1(r.t)} s${r.reservesZero ? ', reserves at zero' : ''}`).join('; ') +
    `. ${done.length} of ${m.rows.length} completed.`;
  finishFigure(svg, label);
  const wrap = el(doc, 'div', { class: 'fp-matrix-bars' });
  const legend = el(doc, 'p', { class: 'fp-legend' });
  kinds.forEach((k, i) => {
    const item = el(doc, 'span', { class: 'fp-legend-item' });
    item.append(el(doc, 'span', { 'aria-hidden': 'true', style: `display: inline-block; width: 0.8rem; height: 0.8rem; background: ${[color.series[0], color.muted, color.danger][i]}` }), doc.createTextNode(OUTCOME_WORDS[k]));
    legend.append(item);
  });
  const item = el(doc, 'span', { class: 'fp-legend-item' });
  item.append(el(doc, 'span', { 'aria-hidden': 'true', style: `color: ${color.danger}` }, '◆'), doc.createTextNode('reserves reached zero'));
  legend.append(item);
  wrap.append(legend, svg);
  return wrap;
}

export function matrixFigure(m: Matrix, doc: Document, width = 640): Element {
  const root = el(doc, 'div', { class: 'fp-matrix-figure' });
  root.append(bars(m, doc, width), table(m, doc));
  return root;
}
