/**
 * Candidate fixes side by side: every proposal of the thread on one machine
 * and seed, run by the model (in a Web Worker in the browser).
 */
import { paramControl } from '../sim/controls.ts';
import { defineWidget } from '../definition.ts';
import type { SelectControl } from '../controls.ts';
import type { DataTable } from '../data.ts';
import { MODEL_NAME, MODEL_VERSION } from '@forward-progress/model/sim/simulate';
import { computeMatrix, matrixPlan, type Matrix } from './compute.ts';
import { matrixFigure, outcomeText } from './figure.ts';
import { matrixSummary } from './summary.ts';
import { loreUrl } from './proposals.ts';
import { pageLink } from '../compare.ts';

const kernel: SelectControl = {
  kind: 'select',
  name: 'kernel',
  label: 'Kernel',
  default: 'v4.7-rc6',
  options: [{ value: 'v4.7-rc6', label: 'v4.7-rc6' }, { value: 'v4.6', label: 'v4.6' }],
  help: 'The base every proposal is applied to.',
};

const controls = [
  kernel,
  paramControl('seed', { min: 1, max: 50, help: 'Seed of the random streams; every row uses the same one.' }),
  paramControl('cpus', { max: 8 }),
  paramControl('cryptMiBPerSPerCpu', { min: 5, max: 5000, step: 5 }),
];

export default defineWidget<Matrix>({
  id: 'fix-matrix',
  heavy: true,
  controls,
  runParts: '.fp-matrix tbody tr',
  runs: matrixPlan,
  compute: computeMatrix,
  figure: (m, _values, doc, _compare, options) => matrixFigure(m, doc, options?.width),
  summary: (m) => matrixSummary(m),
  cite: (m, values, context) => {
    const lines = [`Forward Progress: candidate fixes on ${m.kernel}, seed ${m.seed}`, `(model ${MODEL_NAME} ${MODEL_VERSION}; ${m.cpus} CPUs, cipher ${m.cryptMiBPerSPerCpu} MiB/s per CPU)`, ''];
    for (const r of m.rows) {
      lines.push(`${r.scenarioId}  ${r.label}`.slice(0, 72));
      lines.push(`    ${outcomeText(r)} at ${Math.round(r.t * 10) / 10} s${r.reservesZero ? '; reserves reached zero' : ''}`.slice(0, 72));
    }
    lines.push('', `Link: ${pageLink(controls, values, context)}`);
    return lines.join('\n');
  },
  data: (m): DataTable => ({
    meta: { model: `${MODEL_NAME} ${MODEL_VERSION}`, kernel: m.kernel, seed: m.seed, cpus: m.cpus, cryptMiBPerSPerCpu: m.cryptMiBPerSPerCpu },
    columns: ['proposal', 'patches', 'outcome', 'ended_s', 'longest_wait_actor', 'longest_wait_site', 'longest_wait_s', 'reserves_zero', 'reserves_zero_at_s', 'scenario_id', 'query', 'command', 'message'],
    rows: m.rows.map((r) => [r.label, r.patches.join(',') || 'none', r.outcome, r.t, r.worst?.actor ?? null, r.worst?.site ?? null, r.worst?.seconds ?? null, r.reservesZero, r.reservesAt, r.scenarioId, r.query, r.command, loreUrl(r.msgid)]),
  }),
});
