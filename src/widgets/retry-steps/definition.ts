/**
 * A step-through of should_reclaim_retry (v4.7-rc6) on explicit numbers,
 * driven by the model's twin. Cheap: no simulation, computed on the page.
 */
import { defineWidget } from '../definition.ts';
import { valuesToQuery, type ControlSpec } from '../controls.ts';
import { wrap } from '@forward-progress/model/report/citation';
import type { CiteContext } from '../definition.ts';
import type { DataTable } from '../data.ts';
import { computeRetrySteps, JULY_14, MAX_LOOPS_SHOWN, type RetryStepsResult } from './compute.ts';
import { retryStepsFigure } from './figure.ts';
import { retryStepsSummary } from './summary.ts';

const pages = (name: string, label: string, dflt: number, max: number, help: string): ControlSpec => ({ kind: 'range', name, label, min: 0, max, step: 1, default: dflt, unit: 'pages', help });

export const retryControls: readonly ControlSpec[] = [
  { kind: 'range', name: 'loops', label: 'no_progress_loops', min: 0, max: MAX_LOOPS_SHOWN, step: 1, default: 0, help: 'Consecutive slow-path loops in which reclaim freed nothing.' },
  { kind: 'checkbox', name: 'progress', label: 'The last reclaim made progress (did_some_progress)', default: false, help: 'In the slow path, progress also resets no_progress_loops to 0 before this check.' },
  pages('free', 'Free pages in the zone', JULY_14.free, 5000, 'Default: free in the 14 July 2016 sysrq log (Michal, 20160714173659.GA29355).'),
  pages('reclaimable', 'Reclaimable pages (anon + file LRU)', JULY_14.reclaimable, 262144, 'Default: active + inactive anon and file in the same log.'),
  pages('writeback', 'Pages under writeback', JULY_14.writeback, 262144, 'Default: writeback in the same log.'),
  pages('dirty', 'Dirty pages', JULY_14.dirty, 262144, 'Default: dirty in the same log.'),
];

function data(result: RetryStepsResult): DataTable {
  return {
    meta: { function: 'should_reclaim_retry (v4.7-rc6 twin)', zone: result.zone.name, min: result.zone.min, free: result.zone.free, reclaimable: result.zone.reclaimable, writeback: result.zone.writeback, dirty: result.zone.dirty },
    columns: ['no_progress_loops', 'available_pages', 'verdict_without_progress'],
    rows: result.rows.map((r) => [r.loop, r.available, r.verdict]),
  };
}

/** The step-through as plain text: the inputs, the verdict per loop, and a link back. */
function cite(result: RetryStepsResult, query: string, context: CiteContext): string {
  const z = result.zone;
  const verdicts = result.rows.map((r) => `${r.loop}:${r.verdict === 'give up' ? 'OOM' : r.verdict === 'congestion_wait' ? 'wait' : 'retry'}`).join(' ');
  return [
    'Forward Progress: should_reclaim_retry (v4.7-rc6 twin), step-through',
    ...wrap(`${z.name}: free ${z.free}, reclaimable ${z.reclaimable}, writeback ${z.writeback}, dirty ${z.dirty} pages; min ${z.min}`, 72, 'Zone:     ', '          '),
    ...wrap(retryStepsSummary(result), 72, 'Result:   ', '          '),
    ...wrap(verdicts, 72, 'Loops:    ', '          '),
    '',
    `Link: ${context.siteUrl}${context.page}${query ? `?${query}` : ''}#${context.anchor}`,
  ].map((l) => l.trimEnd()).join('\n');
}

export default defineWidget<RetryStepsResult>({
  id: 'retry-steps',
  controls: retryControls,
  compute: computeRetrySteps,
  figure: (result, _values, doc, _compare, options) => retryStepsFigure(result, doc, options?.width),
  summary: (result) => retryStepsSummary(result),
  data: (result) => data(result),
  cite: (result, values, context) => cite(result, valuesToQuery(retryControls, values), context),
});
