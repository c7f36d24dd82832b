import { wrap } from '@forward-progress/model/report/citation';
import { defineWidget } from '../definition.ts';
import { valuesToQuery } from '../controls.ts';
import { mempoolStepControls } from './controls.ts';
import { computeMempoolSteps } from './compute.ts';
import { mempoolStepsFigure } from './figure.ts';
import { mempoolStepsSummary } from './summary.ts';

/** "mempool_alloc's order of fallbacks": one call of the model's mempoolAlloc, step by step. */
export default defineWidget({
  id: 'mempool-steps',
  controls: mempoolStepControls,
  compute: computeMempoolSteps,
  figure: (result, _values, doc) => mempoolStepsFigure(result, doc),
  summary: (result) => mempoolStepsSummary(result),
  cite: (result, values, context) => {
    const query = valuesToQuery(mempoolStepControls, values);
    const lines = [
      ...wrap(mempoolStepsSummary(result), 72, '', ''),
      '',
      ...result.rows.flatMap((row, i) => wrap(row.kind === 'sleep' ? `sleeps ${row.ms} ms (${row.site})` : `${row.say} [${row.source}]`, 72, `${String(i + 1).padStart(2)}. `, '    ')),
      '',
      `Link: ${context.siteUrl}${context.page}${query ? `?${query}` : ''}#${context.anchor}`,
    ];
    return lines.join('\n');
  },
  data: (result, values) => ({
    meta: { widget: 'mempool-steps', ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])), exit: result.exit },
    columns: ['step', 'kind', 'text', 'source', 'url'],
    rows: result.rows.map((row, i) => row.kind === 'sleep' ? [i + 1, 'sleep', `${row.ms} ms`, row.site, ''] : [i + 1, row.kind, row.say, row.source, row.url]),
  }),
});
