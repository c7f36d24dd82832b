/**
 * What a twin needs from its caller, and how a twin is run on its own for a
 * step-through explorer: the same generator the simulation drives, stopped at
 * its first wait, with the steps it took.
 */
import type { SourceRef } from '../kernel/versions.ts';
import type { KernelPolicy } from '../kernel/kernels.ts';
import type { Wait } from './engine.ts';
import type { TraceStep } from '../mm/watermarks.ts';

export type { TraceStep };



/** The calling task as the twins see it. */
export interface TaskView {
  name: string;
  pf: number;
  memdie: boolean;
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

/** Runs a twin's generator until it returns or first has to wait. */
export function explain<R>(ctx: TwinCtx, gen: Generator<Wait, R, void>): Explained<R> {
  const steps = ctx.trace ?? (ctx.trace = []);
  const r = gen.next();
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
