/**
 * Two runs of the model on the same machine and seed: the kernel as it was
 * (with f9054c70) and the same kernel with the revert. Plus each zone's
 * watermarks, computed by the model's own function from the same parameters.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { computeFromPlan, definePlan } from '../sim/runPlan.ts';
import { computeWatermarks, zonesForRam } from '@forward-progress/model/mm/watermarks';
import { scenarioFromValues } from '../sim/scenario.ts';

export const REVERT = 'revert-f9054c70';

export interface ZoneMarks {
  name: string;
  /** KiB */
  min: number;
  low: number;
  high: number;
  /** What an ordinary allocation that could use the top zone must leave here: lowmem_reserve, KiB. */
  reserve: number;
}

export interface RegressionResult {
  withCommit: SimResult;
  reverted: SimResult;
  zones: ZoneMarks[];
}

/** The kernel as released and with the revert, same seed: two whole runs (the figure reads every zone's series). */
export const regressionPlan = definePlan<RegressionResult, SimResult>({
  scenarios: (values) => [scenarioFromValues({ patches: [] }, values), scenarioFromValues({ patches: [REVERT] }, values)],
  keep: (run) => run,
  join: (_values, [withCommit, reverted]) => joinRegression(withCommit!, reverted!),
});

export const computeRegression = computeFromPlan(regressionPlan);

function joinRegression(withCommit: SimResult, reverted: SimResult): RegressionResult {
  const p = withCommit.scenario.params;
  const { watermarks } = computeWatermarks(zonesForRam(p.ramMiB), {
    minFreeKbytes: p.minFreeKbytes > 0 ? p.minFreeKbytes : undefined,
    watermarkScaleFactor: p.watermarkScaleFactor,
    kernel: 'v4.6',
  });
  const top = watermarks.length - 1;
  const zones = watermarks.map((w) => ({ name: w.name, min: w.min * 4, low: w.low * 4, high: w.high * 4, reserve: (w.lowmemReserve[top] ?? 0) * 4 }));
  return { withCommit, reverted, zones };
}
