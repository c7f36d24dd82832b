/**
 * The finer test of a lab comparison: how close the model's time to the kill
 * or the completion comes to the real run's, where both ended. The outcome
 * class says whether the model ends as the real kernel did; this says
 * whether it takes as long, and it is reported, never tuned against.
 *
 * Each run that both sides ended gives the ratio model time / real time (the
 * model's median over its seeds). Runs are grouped by swap device, because
 * the two groups tell different things: on the bare disk the model's side is
 * the emulated CPU's touch rate and the disk, on dm-crypt it is also the
 * whole write path through kcryptd.
 */
import type { LabRow } from './compare.ts';

/** A ratio within 1/TIME_FACTOR … TIME_FACTOR counts as agreeing. */
export const TIME_FACTOR = 2;

export interface TimeRatio {
  run: string;
  realS: number;
  modelS: number;
  /** modelS / realS */
  ratio: number;
}

export interface TimeGroup {
  /** Runs both sides ended. */
  of: number;
  /** Of them, those within a factor of TIME_FACTOR. */
  within: number;
  /** The smallest and largest ratio; null when `of` is 0. */
  least: TimeRatio | null;
  most: TimeRatio | null;
  /** The run furthest from agreement either way (the largest |log ratio|); null when `of` is 0. */
  furthest: TimeRatio | null;
}

export interface TimeAgreement {
  plain: TimeGroup;
  crypt: TimeGroup;
}

/** The ratio of one compared row, or null when either side has no time (a crawl, a freeze, or a run not compared). */
export function timeRatio(r: LabRow): TimeRatio | null {
  if (!r.real || !r.model || r.real.endS === null || r.model.endS === null || r.real.endS <= 0) return null;
  return { run: r.run, realS: r.real.endS, modelS: r.model.endS, ratio: r.model.endS / r.real.endS };
}

function group(ratios: TimeRatio[]): TimeGroup {
  const sorted = [...ratios].sort((a, b) => a.ratio - b.ratio || (a.run < b.run ? -1 : 1));
  return {
    of: sorted.length,
    within: sorted.filter((x) => x.ratio >= 1 / TIME_FACTOR && x.ratio <= TIME_FACTOR).length,
    least: sorted[0] ?? null,
    most: sorted[sorted.length - 1] ?? null,
    furthest: sorted.reduce<TimeRatio | null>((far, x) => (far === null || Math.abs(Math.log(x.ratio)) > Math.abs(Math.log(far.ratio)) ? x : far), null),
  };
}

export function timeAgreement(rows: readonly LabRow[]): TimeAgreement {
  const ratios = rows.map((r) => [r.swap, timeRatio(r)] as const).filter((x): x is readonly [string, TimeRatio] => x[1] !== null);
  return {
    plain: group(ratios.filter(([swap]) => swap === 'plain').map(([, x]) => x)),
    crypt: group(ratios.filter(([swap]) => swap === 'crypt').map(([, x]) => x)),
  };
}

/** "the model takes 0.01–0.46 times the real time" for a group (two digits), or null when it has no run. */
export function ratioRange(g: TimeGroup): string | null {
  if (!g.least || !g.most) return null;
  const f = (x: number) => (x >= 0.1 ? x.toFixed(2) : x.toPrecision(1));
  return g.least === g.most ? f(g.least.ratio) : `${f(g.least.ratio)}–${f(g.most.ratio)}`;
}
