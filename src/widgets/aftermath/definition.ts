/**
 * After the thread: the kernels that shipped the fixes (v4.8 with the revert
 * and MIN_IOS 64, v4.9 without throttle_vm_writeout) on the default machine
 * or a harder one, side by side on the same seed.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { computeFromPlan, definePlan } from '../sim/runPlan.ts';
import { citationText, describeOutcome } from '@forward-progress/model/report/citation';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { defineWidget } from '../definition.ts';
import type { CheckboxControl, ControlValues, SelectControl } from '../controls.ts';
import { paramControl } from '../sim/controls.ts';
import { PANELS, runFigure, type Run } from '../sim/runFigure.ts';
import { runDigest, runLabel, simData } from '../sim/simWidget.ts';

/** Machines, as parameter overrides of the default scenario (so every run opens in the Lab). */
export const MACHINES: Record<string, { label: string; params: Record<string, number> }> = {
  ondrej: { label: "Ondrej's VM: 2 CPUs, 1 GiB, touch 1.5 GiB", params: {} },
  small: { label: '512 MiB, 1 GiB swap, touch 768 MiB', params: { ramMiB: 512, swapMiB: 1024, touchMiB: 768 } },
  wide: { label: '4 CPUs, 2 GiB, touch 3 GiB', params: { cpus: 4, ramMiB: 2048, swapMiB: 4096, touchMiB: 3072 } },
};

export const KERNELS = ['v4.8', 'v4.9'] as const;

const machine: SelectControl = {
  kind: 'select',
  name: 'machine',
  label: 'Machine',
  default: 'ondrej',
  options: Object.entries(MACHINES).map(([value, m]) => ({ value, label: m.label })),
  help: 'The same test, scaled: RAM, swap and the memory touched grow together.',
};

const swapBiosLimit: CheckboxControl = {
  kind: 'checkbox',
  name: 'swapBiosLimit',
  label: "Add dm's limit on swap bios in flight (a666e5c05e7c, 2021)",
  default: false,
  help: 'Both kernels get the dm-swap-bios-limit patch: at most dmSwapBios (2048) swap bios inside dm-crypt at once.',
};

export interface AftermathResult {
  machine: string;
  runs: SimResult[];
}

export function aftermathScenario(kernel: string, values: ControlValues) {
  const m = MACHINES[String(values.machine)] ?? MACHINES.ondrej!;
  return resolveScenario({
    kernel,
    patches: values.swapBiosLimit ? ['dm-swap-bios-limit'] : [],
    params: { ...m.params, cryptMiBPerSPerCpu: Number(values.cryptMiBPerSPerCpu), diskMiBPerS: Number(values.diskMiBPerS), seed: Number(values.seed) },
  }).scenario;
}

/** Writeback against the throttle limit, the limit drawn only where the kernel has one (v4.9 has none). */
const writeback = {
  ...PANELS.writebackMiB,
  reference: {
    label: 'throttle_vm_writeout limit',
    value: (r: SimResult, i: number) => (r.series.throttleLimitKiB[i]! > 0 ? r.series.throttleLimitKiB[i]! / 1024 : NaN),
  },
};

const PANEL_LIST = [PANELS.freeMiB, writeback, PANELS.kcryptdReqPerS];

/** Both kernels on the reader's machine and seed; the figure keeps whole runs. */
const plan = definePlan<AftermathResult, SimResult>({
  scenarios: (values) => KERNELS.map((k) => aftermathScenario(k, values)),
  keep: (run) => run,
  join: (values, runs) => ({ machine: String(values.machine), runs }),
});

export function aftermathSummary(r: AftermathResult): string {
  return r.runs.map((run) => `${runLabel(run)}: ${describeOutcome(run)}`).join(' ');
}

export default defineWidget<AftermathResult>({
  id: 'aftermath',
  heavy: true,
  controls: [
    machine,
    swapBiosLimit,
    paramControl('cryptMiBPerSPerCpu', { min: 5, max: 5000, step: 5 }),
    paramControl('diskMiBPerS', { min: 4, max: 1000, step: 4 }),
    paramControl('seed', { min: 1, max: 50 }),
  ],
  runs: plan,
  compute: computeFromPlan(plan),
  figure: (r, _values, doc, compare, options) => {
    const runs: Run[] = r.runs.map((run) => ({ label: runLabel(run), result: run }));
    if (compare) runs.push(...compare.result.runs.map((run, k) => ({ label: `${compare.label}: ${runLabel(run)}`, result: run, pinned: true, colorIndex: k })));
    const describe = compare ? `${aftermathSummary(r)} Dashed, pinned: ${aftermathSummary(compare.result)}` : aftermathSummary(r);
    return runFigure(runs, PANEL_LIST, doc, describe, options?.width);
  },
  digest: (r) => r.runs.map(runDigest),
  summary: aftermathSummary,
  cite: (r, _values, context) => r.runs.map((run) => citationText(run, { siteUrl: context.siteUrl })).join('\n\n'),
  data: (r) => {
    const tables = r.runs.map((run) => simData(run, PANEL_LIST));
    return {
      meta: { ...tables[0]!.meta, kernel: KERNELS.join(' and '), outcome: aftermathSummary(r) },
      columns: ['kernel', ...tables[0]!.columns],
      rows: tables.flatMap((t, i) => t.rows.map((row) => [KERNELS[i]!, ...row])),
    };
  },
});
