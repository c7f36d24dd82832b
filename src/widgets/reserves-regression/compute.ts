/**
 * Two runs of the model on the same machine and seed: the kernel as it was
 * (with f9054c70) and the same kernel with the revert. Plus each zone's
 * watermarks, computed by the model's own function from the same parameters.
 */
import { simulate, type SimResult } from '@forward-progress/model/sim/simulate';
import { computeWatermarks, zonesForRam } from '@forward-progress/model/mm/watermarks';
import type { ControlValues } from '../controls.ts';
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

export function computeRegression(values: ControlValues): RegressionResult {
  const withCommit = simulate(scenarioFromValues({ patches: [] }, values));
  const reverted = simulate(scenarioFromValues({ patches: [REVERT] }, values));
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
