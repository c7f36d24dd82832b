/**
 * Numbers for "Aftermath": v4.8 and v4.9 on the default machine and the
 * stress machines of the widget, at build time.
 */
import { describeOutcome } from '@forward-progress/model/report/citation';
import type { SimResult } from '@forward-progress/model/sim/simulate';
import definition, { MACHINES } from '../widgets/aftermath/definition.ts';
import { defaultValues } from '../widgets/controls.ts';
import { fmt, run, type RunInput } from './runs.ts';
import { stallAt } from '../widgets/throttle-stall/stallBars.ts';

const values = defaultValues(definition.controls);
const r1 = (x: number) => fmt(x, 1);

/** The scenario of one of this chapter's runs: a kernel on one of the widget's machines. */
function inputOf(kernel: string, machine: string, extra: Record<string, number> = {}, patches: string[] = []): RunInput {
  return { kernel, patches, params: { ...MACHINES[machine]!.params, seed: Number(values.seed), ...extra } };
}

/** The runs the chapter's "Sources and confidence" note names. */
export const runs = {
  v48: inputOf('v4.8', 'ondrej'),
  v49: inputOf('v4.9', 'ondrej'),
  v49small: inputOf('v4.9', 'small'),
  limitedV46: inputOf('v4.6', 'ondrej', {}, ['dm-swap-bios-limit']),
  limitedV49: inputOf('v4.9', 'ondrej', {}, ['dm-swap-bios-limit']),
};

function facts(kernel: string, machine: string, extra: Record<string, number> = {}, patches: string[] = []) {
  const result: SimResult = run(inputOf(kernel, machine, extra, patches));
  return {
    kind: result.outcome.kind,
    t: r1(result.outcome.t),
    outcome: describeOutcome(result),
    reservesZero: result.flags.reservesExhausted,
    minFreeMiB: r1(result.summary.minFreeKiB / 1024),
    throttle: r1(Object.keys(result.stalls).reduce((s, task) => s + (result.stalls[task]!['throttle_vm_writeout'] ?? 0), 0)),
    /** Nobody waits in throttle_vm_writeout at all (under 0.05 s summed over every actor). */
    noThrottle: Object.keys(result.stalls).reduce((s, task) => s + (result.stalls[task]!['throttle_vm_writeout'] ?? 0), 0) < 0.05,
    kcryptdThrottle: r1(stallAt(result, 'kcryptd/', 'throttle_vm_writeout')),
    mempool: r1(Object.keys(result.stalls).reduce((s, task) => s + (result.stalls[task]!['mempool_alloc'] ?? 0), 0)),
    maxWritebackMiB: fmt(result.summary.maxWritebackKiB / 1024),
    /** Share of the kcryptd workers' time spent in throttle_vm_writeout. */
    kcryptdThrottleShare: stallAt(result, 'kcryptd/', 'throttle_vm_writeout') / (result.scenario.params.cpus * Math.max(1, result.outcome.t)),
    dirtyLimitMiB: fmt(result.scenario.params.globalDirtyLimitMiB),
    /** The run keeps the dirty limit the kernel sets at boot (globalDirtyLimitMiB 0), not a lowered what-if. */
    bootDirtyLimit: result.scenario.params.globalDirtyLimitMiB === 0,
  };
}

export const a = {
  v48: facts('v4.8', 'ondrej'),
  v49: facts('v4.9', 'ondrej'),
  v48small: facts('v4.8', 'small'),
  v49small: facts('v4.9', 'small'),
  v47: facts('v4.7-rc6', 'ondrej'),
  v48boot: facts('v4.8', 'ondrej', { globalDirtyLimitMiB: 0 }),
  /** The same kernels with dm core's swap-bio limit of 2021 (the dm-swap-bios-limit patch). */
  limited: {
    v46: facts('v4.6', 'ondrej', {}, ['dm-swap-bios-limit']),
    v47: facts('v4.7-rc6', 'ondrej', {}, ['dm-swap-bios-limit']),
    v48: facts('v4.8', 'ondrej', {}, ['dm-swap-bios-limit']),
    v49: facts('v4.9', 'ondrej', {}, ['dm-swap-bios-limit']),
  },
  v46: facts('v4.6', 'ondrej'),
};

type Facts = ReturnType<typeof facts>;

/** "completes at 37.9 s" / "is OOM-killed at …" / "is still not done at the horizon". */
export function verdict(x: Facts): string {
  if (x.kind === 'completed') return `completes at ${x.t} s`;
  if (x.kind === 'oom-kill') return `is OOM-killed at ${x.t} s`;
  return `is still not done at the ${x.t} s horizon`;
}

/** Which of two runs finished sooner, in words. */
export function sooner(a: Facts, aName: string, b: Facts, bName: string): string {
  if (a.kind !== 'completed' || b.kind !== 'completed') return `${aName} ${verdict(a)}; ${bName} ${verdict(b)}`;
  const d = Number(a.t.replace(/,/g, '')) - Number(b.t.replace(/,/g, ''));
  if (Math.abs(d) < 0.5) return `${aName} and ${bName} finish within half a second of each other`;
  return d < 0 ? `${aName} finishes ${fmt(-d, 1)} s before ${bName}` : `${bName} finishes ${fmt(d, 1)} s before ${aName}`;
}

const num = (x: string) => Number(x.replace(/,/g, ''));
/** v4.9 against v4.8: did the removal make the run faster? */
export const removalFaster = a.v48.kind === 'completed' && a.v49.kind === 'completed' && num(a.v49.t) < num(a.v48.t) - 0.5;
/** v4.9 against v4.8: did the removal make the run much slower (half as long again, or more)? */
export const removalSlower = a.v48.kind === 'completed' && a.v49.kind === 'completed' && num(a.v49.t) > 1.5 * num(a.v48.t);
/** Did the waiting move from the throttle to mempool_alloc on v4.9? (Only if v4.8 waited in the throttle at all.) */
export const waitMoved = num(a.v49.mempool) > num(a.v48.mempool) && !a.v48.noThrottle;
/** Writeback peaks higher on v4.9 than on v4.8. */
export const writebackHigherOnV49 = num(a.v49.maxWritebackMiB) > num(a.v48.maxWritebackMiB);
/** With the swap-bio limit, writeback peaks at the same value on every kernel. */
export const limitSamePeak = new Set(Object.values(a.limited).map((x) => x.maxWritebackMiB)).size === 1;
