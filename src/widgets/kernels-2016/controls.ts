import type { ControlSpec } from '../controls.ts';
import { runName, RUNS_2016, type Lab2016Trace } from './traces.ts';
import { OUTCOME_WORDS, outcomeClass } from './analysis.ts';

/** The run shown first: 4.6.2 on dm-crypt, the kernel of the May report, when it has been run. */
export const DEFAULT_RUN = (RUNS_2016.find((t) => t.run === '4.6.2-crypt-r1') ?? RUNS_2016[0])?.run ?? '';

/** The cursor's range: the longest host limit of any run, so every moment of every run can be chosen. */
export const CURSOR_MAX_S = Math.max(60, ...RUNS_2016.map((t) => Math.ceil(t.scenario.hostTimeoutS ?? 0)));

export const kernels2016Controls: readonly ControlSpec[] = [
  { kind: 'select', name: 'run', label: 'Run', default: DEFAULT_RUN,
    // outcomeClass reads a run's result, events and progress, which its head has.
    options: RUNS_2016.map((t) => ({ value: t.run, label: `${runName(t)}: ${OUTCOME_WORDS[outcomeClass(t as Lab2016Trace)]}` })),
    help: 'Every recorded run of a 2016 kernel built from source; each is one trace under content/data/lab-2016/.' },
  { kind: 'range', name: 'at', label: 'Time cursor', min: 0, max: CURSOR_MAX_S, step: 5, default: 300, unit: 's',
    help: 'Seconds since the guest booted. Below the figure: the blocked tasks of the sysrq-w dump nearest to this moment.' },
];
