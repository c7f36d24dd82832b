/**
 * sweep(scenario, axes): run the scenario at every point of a grid of
 * parameter values. Each point's seed is derived by hashing the scenario seed
 * with the point, so a point's result does not depend on the order or the
 * company it is run in.
 */
import { resolveScenario, type Scenario } from '../scenario/scenarios.ts';
import { PARAM_BY_KEY, type ParamKey } from '../scenario/params.ts';
import { deriveSeed } from '../runtime/rng.ts';
import { simulate, type OutcomeKind } from './simulate.ts';
import { classifyOutcome, type OutcomeClass } from './outcomeClass.ts';

export type Axes = Partial<Record<ParamKey, number[]>>;

export interface SweepPoint {
  params: Partial<Record<ParamKey, number>>;
  seed: number;
  outcome: OutcomeKind;
  t: number;
  waitSite?: string;
  swapFreePct?: number;
  kcryptdReqPerSMedian: number;
  reservesExhausted: boolean;
  /** The outcome class (outcomeClass.ts): the same definition as the validation table's. */
  cls: OutcomeClass;
}

export interface SweepResult {
  base: Scenario;
  axes: Axes;
  seedsPerPoint: number;
  points: SweepPoint[];
}

/** Every combination of the axes, in axis order (last axis fastest). */
export function gridPoints(axes: Axes): Partial<Record<ParamKey, number>>[] {
  let points: Partial<Record<ParamKey, number>>[] = [{}];
  for (const [key, values] of Object.entries(axes) as [ParamKey, number[]][]) {
    if (!PARAM_BY_KEY[key]) throw new Error(`unknown parameter ${key}`);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

export function sweep(scenario: Scenario, axes: Axes, opts: { seeds?: number; onPoint?: (p: SweepPoint, i: number, n: number) => void } = {}): SweepResult {
  const seeds = opts.seeds ?? 1;
  const grid = gridPoints(axes);
  const points: SweepPoint[] = [];
  const n = grid.length * seeds;
  for (const params of grid) {
    for (let s = 0; s < seeds; s++) {
      const seed = deriveSeed(scenario.params.seed, `${JSON.stringify(params)}#${s}`);
      const { scenario: sc } = resolveScenario({ scenario: scenario.name, kernel: scenario.kernel, patches: scenario.patches, params: { ...scenario.params, ...params, seed } });
      const r = simulate(sc);
      const point: SweepPoint = {
        params, seed, outcome: r.outcome.kind, t: r.outcome.t, kcryptdReqPerSMedian: r.summary.kcryptdReqPerSMedian, reservesExhausted: r.flags.reservesExhausted, cls: classifyOutcome(r),
      };
      if (r.outcome.waitSite) point.waitSite = r.outcome.waitSite;
      if (r.oomKills[0]) point.swapFreePct = r.oomKills[0].swapFreePct;
      points.push(point);
      opts.onPoint?.(point, points.length - 1, n);
    }
  }
  return { base: scenario, axes, seedsPerPoint: seeds, points };
}
