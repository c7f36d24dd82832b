/**
 * How the lab's runs of the 2016 kernels ended (content/data/lab-2016/*.json,
 * read at build time by src/widgets/kernels-2016/traces.ts), for the chapters
 * that set the model beside them. A thin layer over the one
 * classifier, src/widgets/kernels-2016/analysis.ts: each run's id, its class
 * and the clause the prose uses, both from there, and whether a kcryptd
 * worker was caught asleep in throttle_vm_writeout. The words follow
 * whatever traces are recorded.
 */
import { TRACES_2016 as TRACES, type Lab2016Trace } from '../widgets/kernels-2016/traces.ts';
import { froze, isOndrejsTest, kcryptdThrottled, outcomeClass, outcomeClause, type OutcomeClass } from '../widgets/kernels-2016/analysis.ts';

export interface LabRun {
  run: string;
  /** analysis.ts's class of the run. */
  outcome: OutcomeClass;
  /** analysis.ts's clause: "completed the test", "froze without an OOM kill", "got the test through, but froze for 245 s on the way", "froze and crawled, without an OOM kill: …", "OOM-killed the test". */
  words: string;
  /** The test got through with no freeze. */
  completed: boolean;
  /** Stuck or crawling at the host limit, or through only after a freeze. */
  froze: boolean;
  /** A kcryptd worker sat in throttle_vm_writeout in at least one sysrq-w dump. */
  kcryptdThrottled: boolean;
}

function labRunOf(t: Lab2016Trace): LabRun {
  const outcome = outcomeClass(t);
  return {
    run: t.run,
    outcome,
    words: outcomeClause(t),
    completed: outcome === 'completed',
    froze: froze(outcome),
    kcryptdThrottled: kcryptdThrottled(t),
  };
}

/** The recorded run with this id (e.g. "4.7.4-f9054c70-crypt-r1"); throws if it is not recorded. */
export function labRun(run: string): LabRun {
  const t = TRACES.find((x) => x.run === run);
  if (!t) throw new Error(`no lab-2016 trace ${run}`);
  return labRunOf(t);
}

/**
 * Every recorded run of one lab scenario (e.g. "4.6.2-crypt") that is
 * Ondrej's test (his machine size, no collector beside it), in repetition
 * order, with its words; an empty list when the scenario has no such run yet.
 */
export function labRunsOf(scenario: string): LabRun[] {
  return TRACES.filter((t) => t.scenario.name === scenario && isOndrejsTest(t))
    .sort((a, b) => a.rep - b.rep || a.run.localeCompare(b.run, 'en', { numeric: true }))
    .map(labRunOf);
}

/** Ondrej's test: throws when a run the chapters cite as his is not (another machine size, or a collector beside it). */
function ondrejs(run: string): LabRun {
  const t = TRACES.find((x) => x.run === run);
  if (t && !isOndrejsTest(t)) throw new Error(`lab-2016 trace ${run} is not Ondrej's test`);
  return labRun(run);
}

/** The runs the chapters cite: the 2016 kernels on Ondrej's machine size, swap on dm-crypt (and 4.6.2 on the bare disk, the control). */
export const LAB_2016 = {
  v46: ondrejs('4.6.2-crypt-r1'),
  v46Revert: ondrejs('4.6.2+revert-crypt-r1'),
  v46Plain: ondrejs('4.6.2-plain-r1'),
  v47rc: ondrejs('4.7.4-f9054c70-crypt-r1'),
  v47rcFlag: ondrejs('4.7.4-f9054c70+mempool-less-throttle-crypt-r1'),
  v47rcNoretry: ondrejs('4.7.4-f9054c70+throttle-noretry-crypt-r1'),
  v474: ondrejs('4.7.4-crypt-r1'),
  v48: ondrejs('4.8.15-crypt-r1'),
};
