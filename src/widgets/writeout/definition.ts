/**
 * "To write a page out, you must allocate one": where memory sits over time
 * on v4.6 and on a kernel beside it, with the speeds of the cipher and the
 * disk and the number of CPUs as knobs. Two runs per change: in the worker.
 */
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';
import { CITE_WIDTH, foldCommand, wrap } from '@forward-progress/model/report/citation';
import { defineWidget } from '../definition.ts';
import type { SelectControl } from '../controls.ts';
import { paramControl } from '../sim/controls.ts';
import type { DataTable } from '../data.ts';
import { pinnedFor } from '../../figures/pinned.ts';
import { computeWriteout, LAYERS, writeoutPlan, type WriteoutResult } from './compute.ts';
import { writeoutFigure } from './figure.ts';
import { writeoutSummary } from './summary.ts';

const beside: SelectControl = {
  kind: 'select',
  name: 'beside',
  label: 'Kernel beside v4.6',
  default: 'v4.8',
  options: BASE_KERNELS.filter((k) => k !== 'v4.6').map((k) => ({ value: k, label: k })),
  help: 'v4.5 is before f9054c70; v4.8 has it reverted (and dm-crypt MIN_IOS 64); v4.9 also drops throttle_vm_writeout.',
};

export const writeoutControls = [
  paramControl('cryptMiBPerSPerCpu', { min: 5, max: 5000, step: 5 }),
  paramControl('diskMiBPerS', { min: 4, max: 1000, step: 4 }),
  paramControl('cpus', { max: 8, help: 'CPUs: one kcryptd worker per CPU. Ondrej had 2.' }),
  beside,
] as const;

function cite(result: WriteoutResult, siteUrl: string): string {
  const root = siteUrl.replace(/\/?$/, '/');
  const p = result.params;
  const lines = [
    'Forward Progress: where memory sits during swap-out',
    `(model ${result.model})`,
    ...wrap(`${p.cpus} CPUs, cipher ${p.cryptMiBPerSPerCpu} MiB/s per CPU, disk ${p.diskMiBPerS} MiB/s; otherwise Ondrej's test`, CITE_WIDTH, 'Machine: ', '         '),
    '',
  ];
  for (const r of result.runs) {
    lines.push(...wrap(`${r.outcome} Peak: ${r.peak.writebackMiB} MiB under writeback, ${r.peak.biosInFlight} bios (${r.peak.slabMiB} MiB slab) in flight.`, CITE_WIDTH, `${r.kernel} (${r.scenarioId}): `, '  '));
    lines.push(`  Link: ${root}lab/${r.query ? `?${r.query}` : ''}#fig-lab`);
    lines.push(...foldCommand(r.command, CITE_WIDTH, '  Reproduce: '));
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

function data(result: WriteoutResult): DataTable {
  const p = result.params;
  return {
    meta: { model: result.model, scenario: 'ondrej-2016', cpus: p.cpus, cryptMiBPerSPerCpu: p.cryptMiBPerSPerCpu, diskMiBPerS: p.diskMiBPerS, note: 'series decimated for drawing; MiB' },
    columns: ['kernel', 'scenario_id', 't_s', ...LAYERS.map((l) => l.key), 'anon', ...result.runs[0]!.pools.map((x) => `${x.name}_pct`)],
    rows: result.runs.flatMap((r) => r.t.map((t, i) => [r.kernel, r.scenarioId, t, ...LAYERS.map((l) => r.layers[l.key][i]!), r.anonMiB[i]!, ...r.pools.map((x) => x.pct[i]!)])),
  };
}

export default defineWidget<WriteoutResult>({
  id: 'writeout',
  controls: writeoutControls,
  heavy: true,
  runs: writeoutPlan,
  compute: computeWriteout,
  figure: (result, values, doc, compare) => writeoutFigure(result, doc, pinnedFor(writeoutControls, values, compare)),
  // Slots, not kernels: the kernel beside v4.6 is one slot whichever kernel fills it.
  digest: (result) => result.runs.map((r, i) => ({
    label: i === 0 ? r.kernel : 'beside v4.6',
    outcome: i === 0 ? r.short : `${r.kernel}, ${r.short}`,
    id: r.scenarioId,
    reproduce: r.command,
  })),
  summary: (result) => writeoutSummary(result),
  cite: (result, _values, context) => cite(result, context.siteUrl),
  data: (result) => data(result),
});
