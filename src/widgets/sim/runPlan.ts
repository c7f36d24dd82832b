/**
 * A widget whose state is several independent model runs (five kernels, a
 * kernel and its revert, thirteen proposals) says so as a plan: the scenarios
 * a state needs, what the figure keeps of each run, and how the kept runs
 * make the result. Each run is then a unit the browser can give to any of
 * its workers and cache on its own (a run shared by two states, or by the
 * pinned and the current state, is computed once); at build time and in
 * tests the same plan runs in order.
 */
import { simulate, type SimResult } from '@forward-progress/model/sim/simulate';
import type { Scenario } from '@forward-progress/model/scenario/scenarios';
import type { ControlValues } from '../controls.ts';

export interface RunPlan<R, Kept = unknown> {
  /** The model runs this state needs, in order. */
  scenarios(values: ControlValues): Scenario[];
  /** What the figure keeps of one run: plain data (it crosses from a worker). */
  keep(result: SimResult): Kept;
  /** The widget's result, from the kept runs in the order of scenarios(). */
  join(values: ControlValues, runs: Kept[]): R;
}

/** A plan with its kept type erased, for the registry and the worker. */
export function definePlan<R, Kept>(plan: RunPlan<R, Kept>): RunPlan<R> {
  return plan as unknown as RunPlan<R>;
}

/** The plan run in order, here: what `compute` is for a widget with a plan. */
export function computeFromPlan<R>(plan: RunPlan<R>): (values: ControlValues) => R {
  return (values) => plan.join(values, plan.scenarios(values).map((s) => plan.keep(simulate(s))));
}
