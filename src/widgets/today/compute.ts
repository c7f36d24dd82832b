import type { ControlValues } from '../controls.ts';
import type { LabTrace } from './traceNames.ts';
import { loadTrace, runsOf } from './traceLoader.ts';
import { modelV49Line, type ModelLine } from './modelLine.ts';

export interface TodayResult {
  trace: LabTrace | undefined;
  /** The same test on the other kernel (same swap, variant and repetition). */
  other: LabTrace | undefined;
  runs: number;
  /** The model's v4.9 on Ondrej's machine: a different kernel, simulated. */
  model: ModelLine;
}

/** The chosen run and the other kernel's, each loaded when a state first shows it. */
export async function computeToday(values: ControlValues): Promise<TodayResult> {
  const kernel = String(values.kernel);
  const swap = String(values.swap);
  const variant = String(values.variant);
  const rep = Number(values.rep);
  const otherKernel = kernel === '6.1' ? '6.12' : '6.1';
  const [trace, other] = await Promise.all([loadTrace(kernel, swap, variant, rep), loadTrace(otherKernel, swap, variant, rep)]);
  return {
    trace,
    other,
    runs: runsOf(kernel, swap, variant),
    model: modelV49Line(),
  };
}
