/**
 * Ondrej's test on every base kernel: one model run per kernel with the
 * reader's seed and machine, reduced to what the small multiples draw
 * (plain data, so it crosses from the worker cheaply).
 */
import { MODEL_NAME, MODEL_VERSION, type SimResult } from '@forward-progress/model/sim/simulate';
import { computeFromPlan, definePlan } from '../sim/runPlan.ts';
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';
import { computeWatermarks, zonesForRam } from '@forward-progress/model/mm/watermarks';
import { describeOutcome, shortOutcome } from '@forward-progress/model/report/outcomeWords';
import { reproduceCommand, scenarioId, scenarioToQuery } from '@forward-progress/model/scenario/codec';
import type { ControlValues } from '../controls.ts';
import { decimate } from '../sim/runFigure.ts';
import { scenarioFromValues } from '../sim/scenario.ts';

export interface KernelRun {
  kernel: string;
  kind: SimResult['outcome']['kind'];
  /** When the run ended (s): completion, the kill, or the horizon. */
  endT: number;
  outcome: string;
  /** Short form for a panel's title. */
  headline: string;
  /** The outcome in a comparison's words (shortOutcome): "completed at 98 s", "livelock, 9.6 req/s". */
  short: string;
  killT: number | null;
  killSwapFreePct: number | null;
  reservesZeroT: number | null;
  t: number[];
  freeMiB: number[];
  swapUsedMiB: number[];
  query: string;
  command: string;
  scenarioId: string;
}

export interface IncidentResult {
  runs: KernelRun[];
  /** Longest simulated time of the five (s): the shared x axis. */
  xMax: number;
  swapMiB: number;
  /** Sum of the zones' min watermarks (MiB): below it only PF_MEMALLOC and OOM victims allocate. */
  minMiB: number;
  params: { seed: number; cpus: number; ramMiB: number; touchMiB: number };
  model: string;
}

const POINTS = 160;
const r1 = (x: number) => Math.round(x * 10) / 10;

function headline(r: SimResult): string {
  const o = r.outcome;
  if (o.kind === 'oom-kill') return `OOM kill at ${r1(o.t)} s, ${Math.round(r.oomKills[0]!.swapFreePct)}% swap free`;
  if (o.kind === 'completed') return `completed in ${r1(o.t)} s`;
  return `not done after ${r1(o.t)} s: livelock`;
}

export function reduceRun(r: SimResult): KernelRun {
  const s = r.series;
  const n = s.t.length;
  const keep = new Set([...decimate(n, (i) => s.freeKiB[i]!, POINTS / 2), ...decimate(n, (i) => s.swapUsedKiB[i]!, POINTS / 2)]);
  const idx = [...keep].sort((a, b) => a - b);
  const kill = r.oomKills[0];
  return {
    kernel: r.scenario.kernel,
    kind: r.outcome.kind,
    endT: r.outcome.t,
    outcome: describeOutcome(r),
    headline: headline(r),
    short: shortOutcome(r),
    killT: kill ? kill.t : null,
    killSwapFreePct: kill ? Math.round(kill.swapFreePct) : null,
    reservesZeroT: r.flags.reservesExhaustedAt,
    t: idx.map((i) => s.t[i]!),
    freeMiB: idx.map((i) => r1(s.freeKiB[i]! / 1024)),
    swapUsedMiB: idx.map((i) => r1(s.swapUsedKiB[i]! / 1024)),
    query: scenarioToQuery(r.scenario),
    command: reproduceCommand(r.scenario),
    scenarioId: scenarioId(r.scenario, r.model.version),
  };
}

/** Every base kernel on the reader's seed and machine: one run each, reduced to what the panels draw. */
export const incidentPlan = definePlan<IncidentResult, KernelRun>({
  scenarios: (values) => BASE_KERNELS.map((kernel) => scenarioFromValues({}, { ...values, kernel })),
  keep: reduceRun,
  join: joinIncident,
});

export const computeIncident = computeFromPlan(incidentPlan);

function joinIncident(values: ControlValues, runs: KernelRun[]): IncidentResult {
  const p = scenarioFromValues({}, values).params;
  const { watermarks } = computeWatermarks(zonesForRam(p.ramMiB), {
    minFreeKbytes: p.minFreeKbytes > 0 ? p.minFreeKbytes : undefined,
    watermarkScaleFactor: p.watermarkScaleFactor,
  });
  return {
    runs,
    xMax: Math.max(1, ...runs.map((r) => r.endT)),
    swapMiB: p.swapMiB,
    minMiB: r1(watermarks.reduce((s, z) => s + z.min, 0) / 256),
    params: { seed: p.seed, cpus: p.cpus, ramMiB: p.ramMiB, touchMiB: p.touchMiB },
    model: `${MODEL_NAME} ${MODEL_VERSION}`,
  };
}
