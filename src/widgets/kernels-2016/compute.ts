import type { ControlValues } from '../controls.ts';
import { endOf, loadTrace2016, type Lab2016Trace } from './traces.ts';
import { memPoints, nearestDump, type BlockedTask } from './analysis.ts';

/** The values at the cursor, from the sampler or, when it had stopped, from the host's latest memory report. */
export interface AtCursor {
  freeKiB: number | null;
  writebackKiB: number | null;
  swapUsedKiB: number | null;
  /** When and by whom the values were taken. */
  t: number;
  from: 'sampler' | 'host report' | 'none';
}

export interface Kernels2016Result {
  trace: Lab2016Trace | undefined;
  /** The cursor, clamped to the run. */
  at: number;
  /** The cursor asked for, when it lay after the run's end. */
  askedAt: number | null;
  values: AtCursor;
  dump: { t: number; tasks: BlockedTask[] } | null;
}

function valuesAt(t: Lab2016Trace, at: number): AtCursor {
  const ts = t.series.t;
  let i = -1;
  for (let k = 0; k < ts.length && ts[k]! <= at; k++) i = k;
  const host = memPoints(t).filter((p) => p.t <= at).at(-1);
  if (host && (i < 0 || host.t > ts[i]!)) return { freeKiB: host.freeKiB, writebackKiB: host.writebackKiB, swapUsedKiB: host.swapUsedKiB, t: host.t, from: 'host report' };
  if (i < 0) return { freeKiB: null, writebackKiB: null, swapUsedKiB: null, t: at, from: 'none' };
  return { freeKiB: t.series.memFreeKiB[i]!, writebackKiB: t.series.writebackKiB[i]!, swapUsedKiB: t.series.swapUsedKiB[i]!, t: ts[i]!, from: 'sampler' };
}

/** The chosen run (loaded when a state first shows it) at the cursor. */
export async function computeKernels2016(values: ControlValues): Promise<Kernels2016Result> {
  const trace = await loadTrace2016(String(values.run));
  const asked = Number(values.at);
  if (!trace) return { trace, at: asked, askedAt: null, values: { freeKiB: null, writebackKiB: null, swapUsedKiB: null, t: asked, from: 'none' }, dump: null };
  const end = Math.round(endOf(trace) * 100) / 100;
  const at = Math.min(asked, end);
  return { trace, at, askedAt: at < asked ? asked : null, values: valuesAt(trace, at), dump: nearestDump(trace, at) };
}
