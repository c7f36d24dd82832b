/**
 * What a twin needs from its caller, and how a twin is run on its own for a
 * step-through explorer: the same code the simulation runs, stopped at its
 * first wait, with the steps it took. Steps are recorded only when ctx.trace
 * is an array; a twin guards each step with `if (ctx.trace)`, so an untraced
 * run pays one test per step and builds no text.
 */
import type { SourceRef } from '../kernel/versions.ts';
import type { KernelPolicy } from '../kernel/kernels.ts';
import type { Wait } from './engine.ts';
import { sleeps, type MaySleep } from './maySleep.ts';

/** One step a twin took: what the kernel does there, in our words, and where. */
export interface TraceStep {
  say: string;
  ref: SourceRef;
}

/** The calling task as the twins see it. */
export interface TaskView {
  name: string;
  pf: number;
  memdie: boolean;
  /** A fatal signal is pending (absent: no). */
  killed?: boolean;
  cpuDebtUs: number;
}

export interface TwinCtx {
  task: TaskView;
  policy: KernelPolicy;
  /** Jiffies per second (CONFIG_HZ). */
  hz: number;
  /** Steps are recorded only when this is an array. */
  trace: TraceStep[] | null;
}

/**
 * A trace that keeps nothing: a ctx whose trace is this runs every twin the
 * way a traced run does (each `if (ctx.trace)` taken, so none of the
 * shortcuts an untraced run takes), and drops the steps. The simulation's
 * reference mode (simulate's `reference` option) uses it to check that the
 * shortcuts change no result.
 */
export const DISCARDED_STEPS: TraceStep[] = Object.defineProperty([] as TraceStep[], 'push', { value: () => 0 });

export function step(ctx: TwinCtx, ref: SourceRef, say: string): void {
  if (ctx.trace) ctx.trace.push({ say, ref });
}

export function jiffiesUs(ctx: { hz: number }, jiffies: number): number {
  return Math.round((jiffies * 1_000_000) / ctx.hz);
}

/** Outcome of a twin run on its own. */
export type Explained<R> =
  | { steps: TraceStep[]; outcome: { kind: 'returned'; value: R } }
  | { steps: TraceStep[]; outcome: { kind: 'wait'; site: string; timeoutUs: number } };

/**
 * Runs a twin until it returns or first has to wait (a twin that returned at
 * once gives its value). Pass a ctx whose trace is already an array: a twin
 * that may sleep runs its first steps when it is called.
 */
export function explain<R>(ctx: TwinCtx, run: MaySleep<R>): Explained<R> {
  const steps = ctx.trace ?? (ctx.trace = []);
  if (!sleeps(run)) return { steps, outcome: { kind: 'returned', value: run } };
  const r = run.next();
  if (r.done) return { steps, outcome: { kind: 'returned', value: r.value } };
  const w = r.value;
  return { steps, outcome: { kind: 'wait', site: w.site, timeoutUs: w.op === 'sleep' ? w.us : w.timeoutUs } };
}

/**
 * The wait payCpu yields, for callers that have checked the task owes CPU
 * time (cpuDebtUs > 0): clears the debt and returns the sleep that pays it.
 * `yield cpuDebtWait(ctx)` is `yield* payCpu(ctx)` without a generator.
 */
export function cpuDebtWait(ctx: TwinCtx): Wait {
  const us = ctx.task.cpuDebtUs;
  ctx.task.cpuDebtUs = 0;
  return { op: 'sleep', us, site: 'cpu' };
}

/** Yields the CPU time a task has accumulated (batched scanning cost), if any. */
export function* payCpu(ctx: TwinCtx, minUs = 0): Generator<Wait, void, void> {
  if (ctx.task.cpuDebtUs > minUs) {
    const us = ctx.task.cpuDebtUs;
    ctx.task.cpuDebtUs = 0;
    yield { op: 'sleep', us, site: 'cpu' };
  }
}
