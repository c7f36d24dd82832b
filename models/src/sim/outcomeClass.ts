/**
 * The outcome class of a run, one definition for the 2016 table
 * (`fpsim validate`), the lab table (`fpsim validate --against lab`) and the
 * Model page.
 *
 * - **OOM kill**: the OOM killer killed the test; "with swap free" when at
 *   least half of the swap was free at the first kill (2016: 97 %). The kill
 *   is the run's first notable event and its class (what 2016 reported); the
 *   run goes on after it, and {@link afterKillClass} says how it ended:
 *   "then completed" (the victim exited and its memory came back), "then
 *   frozen" (it never exited and kcryptd crawled), "then stuck" (it never
 *   exited, I/O still flowing), or the event cap.
 * - **crawl**: for the last {@link CRAWL_LATE_S} s of the run ("late in the
 *   run": before the completion, or before the horizon of 30 simulated
 *   minutes when there was none), kcryptd finished at most
 *   {@link CRAWL_MAX_REQ_PER_S} requests per second on average. This is the
 *   thread's "livelocks for dozens minutes" at "~10 req/s": the I/O trickles.
 *   A run that crawled for minutes and then got to the end still crawled (the
 *   lab's real 4.7.4 with f9054c70 filled its 1.5 GiB after 28 minutes at
 *   2 writes/s).
 * - **completes**: the test touched all its memory within the horizon and
 *   was not crawling at the end.
 * - **slow**: no completion within the horizon, but kcryptd still wrote more
 *   than that late in the run: too slow for the horizon, not a crawl.
 * - **event cap**: the run hit the cap on events before the horizon, so
 *   nothing can be said.
 *
 * How long a run took never decides the class by itself (an earlier table
 * counted completions after 600 s as crawls); the rate at its end does.
 */

/** "Late in the run": the last 5 minutes before the end. */
export const CRAWL_LATE_S = 300;
/** At most this many kcryptd requests per second late in the run, for a run that did not complete, is a crawl. */
export const CRAWL_MAX_REQ_PER_S = 25;
/** An OOM kill counts as "with swap free" at or above this share of free swap. */
export const OOM_SWAP_FREE_PCT = 50;

export type OutcomeClass = 'completes' | 'oom-kill-swap-free' | 'oom-kill-other' | 'crawl' | 'slow' | 'event-cap';

export const OUTCOME_CLASSES: readonly OutcomeClass[] = ['completes', 'oom-kill-swap-free', 'oom-kill-other', 'crawl', 'slow', 'event-cap'];

/** Words for a class, for tables and prose. */
export const OUTCOME_CLASS_WORDS: Record<OutcomeClass, string> = {
  completes: 'completes',
  'oom-kill-swap-free': 'OOM kill, swap mostly free',
  'oom-kill-other': 'OOM kill, swap mostly used',
  crawl: 'crawl',
  slow: 'not done, I/O flowing',
  'event-cap': 'event cap',
};

/** What followed an OOM kill. */
export type AfterKillClass = 'then-completed' | 'then-frozen' | 'then-stuck' | 'then-event-cap';

export const AFTER_KILL_WORDS: Record<AfterKillClass, string> = {
  'then-completed': 'then completed (the victim exited, its memory came back)',
  'then-frozen': 'then frozen (the victim never exited; I/O crawled)',
  'then-stuck': 'then stuck (the victim never exited; I/O still flowing)',
  'then-event-cap': 'then the event cap',
};

/** The fields of a SimResult the class depends on (so that tests can build one). */
export interface ClassifiableResult {
  outcome: { kind: string; t: number; endedBy?: string };
  oomKills: readonly { swapFreePct: number }[];
  series: { t: readonly number[]; kcryptdReqPerS: readonly number[] };
}

/**
 * Mean of a per-sample rate over the samples in (endS − windowS, endS]
 * (the samples are equally spaced, so this is the number of requests in the
 * window divided by its length). Null when no sample falls in the window.
 */
export function lateMeanRate(t: readonly number[], rate: readonly number[], endS: number, windowS = CRAWL_LATE_S): number | null {
  let sum = 0, n = 0;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    if (ti > endS - windowS && ti <= endS && ti > 0) {
      sum += rate[i]!;
      n++;
    }
  }
  return n ? sum / n : null;
}

/** kcryptd's requests per second over the last {@link CRAWL_LATE_S} s of a run (0 if the run left no sample there). */
export function lateKcryptdReqPerS(r: ClassifiableResult): number {
  return lateMeanRate(r.series.t, r.series.kcryptdReqPerS, r.outcome.t) ?? 0;
}

/**
 * The class of one run, from what happened and nothing else. The same
 * thresholds classify a real lab run (models/src/lab/compare.ts).
 */
export function classifyOutcome(r: ClassifiableResult): OutcomeClass {
  if (r.oomKills.length > 0) return r.oomKills[0]!.swapFreePct >= OOM_SWAP_FREE_PCT ? 'oom-kill-swap-free' : 'oom-kill-other';
  if (r.outcome.kind === 'completed') return crawledAtTheEnd(r.outcome.t, lateKcryptdReqPerS(r)) ? 'crawl' : 'completes';
  if (r.outcome.endedBy === 'event-cap') return 'event-cap';
  return lateKcryptdReqPerS(r) <= CRAWL_MAX_REQ_PER_S ? 'crawl' : 'slow';
}

/**
 * What followed the first OOM kill of a run (null for a run without one):
 * the victim's exit with its memory back, or, at the end of a run where it
 * never came, the late kcryptd rate of the crawl rule (over the last
 * {@link CRAWL_LATE_S} s before the end).
 */
export function afterKillClass(r: ClassifiableResult & { outcome: { endedBy?: string }; series: { t: readonly number[] } }): AfterKillClass | null {
  if (r.oomKills.length === 0) return null;
  if (r.outcome.endedBy === 'victim-exit') return 'then-completed';
  if (r.outcome.endedBy === 'event-cap') return 'then-event-cap';
  const endS = r.series.t.length ? r.series.t[r.series.t.length - 1]! : r.outcome.t;
  return (lateMeanRate(r.series.t, r.series.kcryptdReqPerS, endS) ?? 0) <= CRAWL_MAX_REQ_PER_S ? 'then-frozen' : 'then-stuck';
}

/** A run's class in words, with what followed a kill: "OOM kill, swap mostly free, then completed (…)". */
export function describeOutcome(r: ClassifiableResult & { outcome: { endedBy?: string } }): string {
  const c = classifyOutcome(r);
  const after = afterKillClass(r);
  return after ? `${OUTCOME_CLASS_WORDS[c]}, ${AFTER_KILL_WORDS[after]}` : OUTCOME_CLASS_WORDS[c];
}

/**
 * Whether a run that completed at `endS` was crawling when it got there: it
 * lasted at least the late window and its late rate is at most the crawl rate.
 * The lab's real runs are judged by the same rule (models/src/lab/compare.ts).
 */
export function crawledAtTheEnd(endS: number, lateReqPerS: number | null): boolean {
  return endS >= CRAWL_LATE_S && lateReqPerS !== null && lateReqPerS <= CRAWL_MAX_REQ_PER_S;
}

/** Whether an outcome class is a run that did not complete: a crawl, slow, or undecided. */
export const notDone = (c: OutcomeClass): boolean => c === 'crawl' || c === 'slow' || c === 'event-cap';

/** The crawl definition as one sentence (the CLI and the Model page print it). */
export const CRAWL_DEFINITION =
  `crawl = kcryptd at ≤ ${CRAWL_MAX_REQ_PER_S} req/s on average over the last ${CRAWL_LATE_S / 60} minutes of the run (before the completion, or before the 30-minute horizon), whether or not the test got to the end; ` +
  `a run not done by the horizon with more I/O than that is "slow"; a completion with more is "completes"`;
