/**
 * "The OOM rework": v4.6 against v4.7-rc6 on the same machine and seed, with
 * Mikulas's finished-writebacks counter as an option on both. Two model runs
 * per change, so it computes in the worker.
 */
import { CITE_WIDTH, foldCommand, wrap } from '@forward-progress/model/report/citation';
import { defineWidget } from '../definition.ts';
import { paramControl } from '../sim/controls.ts';
import type { CheckboxControl } from '../controls.ts';
import type { DataTable } from '../data.ts';
import { pinnedFor } from '../../figures/pinned.ts';
import { computeRework, reworkPlan, type ReworkResult } from './compute.ts';
import { reworkFigure } from './figure.ts';
import { reworkSummary } from './summary.ts';
import { PREMATURE_OOM_DISK } from '../premature-oom/disk.ts';

const counter: CheckboxControl = {
  kind: 'checkbox',
  name: 'counter',
  label: 'Count finished writebacks as progress (oom-writeback-progress, on both kernels)',
  default: false,
  help: "Mikulas's idea of 13 July 2016: the allocator does not give up while writebacks keep finishing.",
};

export const reworkControls = [
  paramControl('seed', { max: 100, help: 'Seed of every random stream; both kernels run on the same one.' }),
  paramControl('diskMiBPerS', { min: 4, max: 1000, step: 4, default: PREMATURE_OOM_DISK, help: 'Write bandwidth under dm-crypt. Not known for the 2016 runs.' }),
  paramControl('cryptMiBPerSPerCpu', { min: 5, max: 5000, step: 5, help: 'How fast one kcryptd worker encrypts. Not known for 2016.' }),
  counter,
] as const;

function cite(result: ReworkResult, siteUrl: string): string {
  const root = siteUrl.replace(/\/?$/, '/');
  const lines = ['Forward Progress: v4.6 against v4.7-rc6, same seed', `(model ${result.model})`, ...wrap(reworkSummary(result), CITE_WIDTH, '', ''), ''];
  for (const r of result.runs) {
    lines.push(...wrap(r.outcome, CITE_WIDTH, `${r.label} (${r.scenarioId}): `, '  '));
    lines.push(`  Link: ${root}lab/${r.query ? `?${r.query}` : ''}#fig-lab`);
    lines.push(...foldCommand(r.command, CITE_WIDTH, '  Reproduce: '));
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

function data(result: ReworkResult): DataTable {
  return {
    meta: { model: result.model, seed: result.seed, counter: String(result.counter), note: 'series decimated for drawing; run the commands for every sample' },
    columns: ['kernel', 'scenario_id', 't_s', 'free_MiB', 'twice_writeback_MiB', 'reclaimable_MiB', 'kcryptd_req_per_s'],
    rows: result.runs.flatMap((r) => r.t.map((t, i) => [r.label, r.scenarioId, t, r.freeMiB[i]!, r.twiceWritebackMiB[i]!, r.reclaimableMiB[i]!, r.kcryptdReqPerS[i]!])),
  };
}

export default defineWidget<ReworkResult>({
  id: 'oom-rework',
  controls: reworkControls,
  heavy: true,
  runs: reworkPlan,
  compute: computeRework,
  figure: (result, values, doc, compare, options) => reworkFigure(
    result, doc,
    compare ? `${reworkSummary(result)} Dashed, pinned: ${reworkSummary(compare.result)}` : reworkSummary(result),
    options?.width, pinnedFor(reworkControls, values, compare),
  ),
  digest: (result) => result.runs.map((r) => ({ label: r.kernel, outcome: r.short, id: r.scenarioId, reproduce: r.command })),
  summary: (result) => reworkSummary(result),
  cite: (result, _values, context) => cite(result, context.siteUrl),
  data: (result) => data(result),
});
