/**
 * The shrinking estimate: for every no_progress_loops value 0..17, the
 * "available" pages should_reclaim_retry weighs against the min watermark,
 * coloured by what the twin decides there if reclaim made no progress; the
 * reader's loop outlined; then the steps the twin took for the reader's
 * numbers, each linked to its kernel line.
 */
import * as Plot from '@observablehq/plot';
import { finishFigure } from '../../figures/finish.ts';
import { color, plotBase } from '../../figures/theme.ts';
import type { RetryStepsResult, Verdict } from './compute.ts';
import { retryStepsSummary } from './summary.ts';

const FILL: Record<Verdict, string> = {
  'congestion_wait': color.series[2],
  retry: color.series[0],
  jiffy: color.series[3],
  'give up': color.danger,
};
const LABEL: Record<Verdict, string> = {
  'congestion_wait': 'retry after congestion_wait(HZ/10)',
  retry: 'retry at once',
  jiffy: 'retry after one jiffy',
  'give up': 'stop: OOM path',
};

export function retryStepsFigure(result: RetryStepsResult, doc: Document, width = 640): Element {
  const root = doc.createElement('div');
  root.setAttribute('class', 'fp-retry-steps');
  const legend = doc.createElement('p');
  legend.setAttribute('class', 'fp-legend');
  const shown = (['retry', 'jiffy', 'congestion_wait', 'give up'] as Verdict[]).filter((v) => result.rows.some((r) => r.verdict === v));
  for (const v of shown) {
    const item = doc.createElement('span');
    item.setAttribute('class', 'fp-legend-item');
    const mark = doc.createElement('span');
    mark.setAttribute('class', 'fp-swatch');
    mark.setAttribute('style', `border-color: ${FILL[v]}`);
    mark.setAttribute('aria-hidden', 'true');
    item.append(mark, doc.createTextNode(LABEL[v]));
    legend.append(item);
  }
  legend.append(doc.createTextNode(` · dashed: min watermark (${result.zone.min} pages) · outlined: loop ${result.loops}`));
  root.append(legend);
  const svg = Plot.plot({
    ...plotBase,
    document: doc,
    width,
    height: 220,
    marginLeft: 64,
    marginBottom: 36,
    x: { label: 'no_progress_loops →', domain: result.rows.map((r) => r.loop), padding: 0.15, tickFormat: (d: number) => (width < 480 && d % 2 ? '' : String(d)) },
    y: { label: '↑ available (pages)', grid: true, nice: true, zero: true },
    marks: [
      Plot.barY(result.rows, { x: 'loop', y: 'available', fill: (d: { verdict: Verdict }) => FILL[d.verdict] }),
      Plot.barY(result.rows.filter((r) => r.loop === result.loops), { x: 'loop', y: 'available', fill: 'none', stroke: color.ink, strokeWidth: 2 }),
      Plot.ruleY([result.zone.min], { stroke: color.ink, strokeDasharray: '4,3' }),
      Plot.text(result.rows.filter((r) => r.verdict === 'give up'), { x: 'loop', y: 0, text: () => '✕', dy: -8, fill: color.danger, fontWeight: 'bold' }),
      Plot.ruleY([0]),
    ],
  }) as unknown as Element;
  finishFigure(svg, `The available estimate per no_progress_loops, against the min watermark. ${retryStepsSummary(result)}`);
  root.append(svg);

  const title = doc.createElement('p');
  title.setAttribute('class', 'fp-legend');
  title.textContent = `What should_reclaim_retry does at loop ${result.loops}${result.progress ? ', after a loop with progress' : ', after a loop without progress'}:`;
  const list = doc.createElement('ol');
  list.setAttribute('class', 'fp-steps');
  for (const s of result.steps) {
    const li = doc.createElement('li');
    li.append(doc.createTextNode(`${s.say} `));
    const a = doc.createElement('a');
    a.setAttribute('href', s.url);
    a.textContent = `(${s.source})`;
    li.append(a);
    list.append(li);
  }
  root.append(title, list);
  return root;
}
