import { simulate, type SimResult } from '@forward-progress/model/sim/simulate';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import type { ControlValues } from '../controls.ts';
import { findTrace, runsOf, type LabTrace } from './traces.ts';

export interface TodayResult {
  trace: LabTrace | undefined;
  /** The same test on the other kernel (same swap, variant and repetition). */
  other: LabTrace | undefined;
  runs: number;
  /** The model's v4.9 on Ondrej's machine: a different kernel, simulated. */
  model: SimResult;
}

let modelRun: SimResult | undefined;

/** The model's v4.9 run never depends on the controls: run it once. */
export function modelV49(): SimResult {
  return (modelRun ??= simulate(resolveScenario({ scenario: 'ondrej-2016', kernel: 'v4.9' }).scenario));
}

export function computeToday(values: ControlValues): TodayResult {
  const kernel = String(values.kernel);
  const swap = String(values.swap);
  const variant = String(values.variant);
  const rep = Number(values.rep);
  const otherKernel = kernel === '6.1' ? '6.12' : '6.1';
  return {
    trace: findTrace(kernel, swap, variant, rep),
    other: findTrace(otherKernel, swap, variant, rep),
    runs: runsOf(kernel, swap, variant),
    model: modelV49(),
  };
}
