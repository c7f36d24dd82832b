/**
 * "The incident": Ondrej's test on every base kernel, side by side. Five
 * model runs per change, so it computes in the worker.
 */
import { CITE_WIDTH, foldCommand, wrap } from '@forward-progress/model/report/citation';
import { defineWidget } from '../definition.ts';
import { paramControl } from '../sim/controls.ts';
import type { DataTable } from '../data.ts';
import { pinnedFor } from '../../figures/pinned.ts';
import { computeIncident, incidentPlan, type IncidentResult } from './compute.ts';
import { incidentFigure } from './figure.ts';
import { incidentSummary } from './summary.ts';

export const incidentControls = [
  paramControl('seed', { max: 100, help: 'Seed of every random stream in all five runs (disk, cipher and test jitter).' }),
  paramControl('cpus', { max: 8, help: 'CPUs of the machine: kcryptd runs one worker per CPU. Ondrej had 2.' }),
  paramControl('ramMiB', { min: 512, max: 1280, step: 128, help: 'RAM of the machine; the test still touches 1,536 MiB. Ondrej had 1 GiB.' }),
] as const;

function cite(result: IncidentResult, siteUrl: string): string {
  const root = siteUrl.replace(/\/?$/, '/');
  const p = result.params;
  const lines = [
    "Forward Progress: Ondrej's test on five kernels",
    `(model ${result.model})`,
    ...wrap(`${p.cpus} CPUs, ${p.ramMiB} MiB RAM, ${result.swapMiB} MiB swap on dm-crypt, touch ${p.touchMiB} MiB, seed ${p.seed}`, CITE_WIDTH, 'Machine: ', '         '),
    '',
  ];
  for (const r of result.runs) {
    lines.push(...wrap(r.outcome, CITE_WIDTH, `${r.kernel} (${r.scenarioId}): `, '  '));
    lines.push(`  Link: ${root}lab/${r.query ? `?${r.query}` : ''}#fig-lab`);
    lines.push(...foldCommand(r.command, CITE_WIDTH, '  Reproduce: '));
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

function data(result: IncidentResult): DataTable {
  const p = result.params;
  return {
    meta: { model: result.model, scenario: 'ondrej-2016', seed: p.seed, cpus: p.cpus, ramMiB: p.ramMiB, touchMiB: p.touchMiB, note: 'series decimated for drawing; run the commands for every sample' },
    columns: ['kernel', 'scenario_id', 't_s', 'free_MiB', 'swap_used_MiB'],
    rows: result.runs.flatMap((r) => r.t.map((t, i) => [r.kernel, r.scenarioId, t, r.freeMiB[i]!, r.swapUsedMiB[i]!])),
  };
}

export default defineWidget<IncidentResult>({
  id: 'incident',
  controls: incidentControls,
  heavy: true,
  runParts: '.fp-incident-panel',
  runs: incidentPlan,
  compute: computeIncident,
  figure: (result, values, doc, compare) => incidentFigure(result, doc, pinnedFor(incidentControls, values, compare)),
  digest: (result) => result.runs.map((r) => ({ label: r.kernel, outcome: r.short, id: r.scenarioId, reproduce: r.command })),
  summary: (result) => incidentSummary(result),
  cite: (result, _values, context) => cite(result, context.siteUrl),
  data: (result) => data(result),
});
