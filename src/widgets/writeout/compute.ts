/**
 * Where memory sits while pages are written out to dm-crypt: one model run
 * on v4.6 and one on the kernel the reader sets beside it, reduced to the
 * series the figure stacks (plain data, for the worker).
 */
import { MODEL_NAME, MODEL_VERSION, type SimResult } from '@forward-progress/model/sim/simulate';
import { computeFromPlan, definePlan } from '../sim/runPlan.ts';
import { describeOutcome, shortOutcome } from '@forward-progress/model/report/outcomeWords';
import { reproduceCommand, scenarioId, scenarioToQuery } from '@forward-progress/model/scenario/codec';
import type { ControlValues } from '../controls.ts';
import { decimate } from '../sim/runFigure.ts';
import { scenarioFromValues } from '../sim/scenario.ts';

/** The layers of the stack, bottom first: what the swap-out path holds or waits on. */
export const LAYERS = [
  { key: 'free', label: 'free' },
  { key: 'slab', label: 'slab of in-flight bios (bio, dm_io, dm tio)' },
  { key: 'crypt', label: 'dm-crypt pages (page_pool and ciphertext in flight)' },
  { key: 'writeback', label: 'anon pages under writeback' },
  { key: 'swapCache', label: 'swap cache (written, not yet freed)' },
] as const;
export type LayerKey = (typeof LAYERS)[number]['key'];

export interface MemoryRun {
  kernel: string;
  kind: SimResult['outcome']['kind'];
  endT: number;
  outcome: string;
  /** The outcome in a comparison's words (shortOutcome). */
  short: string;
  reservesZeroT: number | null;
  t: number[];
  /** MiB per layer, per kept sample. */
  layers: Record<LayerKey, number[]>;
  anonMiB: number[];
  /** Per pool: the fewest elements left (as a % of its reserve) from each kept sample to the next. */
  pools: { name: string; size: number; pct: number[] }[];
  peak: { slabMiB: number; writebackMiB: number; cryptMiB: number; biosInFlight: number };
  /** First time (s) each pool was empty, or null. */
  firstEmpty: Record<string, number | null>;
  query: string;
  command: string;
  scenarioId: string;
}

export interface WriteoutResult {
  runs: MemoryRun[];
  xMax: number;
  params: { cpus: number; cryptMiBPerSPerCpu: number; diskMiBPerS: number };
  model: string;
}

const POINTS = 200;
const r2 = (x: number) => Math.round(x * 100) / 100;
const mib = (kib: number) => r2(kib / 1024);

export function reduceMemoryRun(r: SimResult): MemoryRun {
  const s = r.series;
  const n = s.t.length;
  const idx = [...new Set([
    ...decimate(n, (i) => s.writebackKiB[i]!, POINTS / 4),
    ...decimate(n, (i) => s.freeKiB[i]!, POINTS / 4),
    ...decimate(n, (i) => s.slabKiB[i]!, POINTS / 4),
  ])].sort((a, b) => a - b);
  const cryptKiB = (i: number) => (s.cryptPagesInFlight[i]! + s.pagePoolFree[i]!) * 4;
  const pick = (f: (i: number) => number) => idx.map((i) => mib(f(i)));
  const pools = Object.entries(s.pools).map(([name, v]) => {
    const size = Math.max(1, v[0] ?? 1);
    // The fewest elements left between one kept sample and the next, so a pool that ran dry between them still shows.
    const pct = idx.map((from, k) => {
      const to = k + 1 < idx.length ? idx[k + 1]! : from + 1;
      let least = v[from]!;
      for (let i = from + 1; i < to; i++) least = Math.min(least, v[i]!);
      return Math.round((100 * least) / size);
    });
    return { name, size, pct };
  });
  const firstEmpty = Object.fromEntries(Object.entries(s.pools).map(([name, v]) => {
    const i = v.findIndex((x) => x === 0);
    return [name, i < 0 ? null : s.t[i]!];
  }));
  return {
    kernel: r.scenario.kernel,
    kind: r.outcome.kind,
    endT: r.outcome.t,
    outcome: describeOutcome(r),
    short: shortOutcome(r),
    reservesZeroT: r.flags.reservesExhaustedAt,
    t: idx.map((i) => s.t[i]!),
    layers: {
      free: pick((i) => s.freeKiB[i]!),
      slab: pick((i) => s.slabKiB[i]!),
      crypt: pick(cryptKiB),
      writeback: pick((i) => s.writebackKiB[i]!),
      swapCache: pick((i) => s.swapCacheKiB[i]!),
    },
    anonMiB: pick((i) => s.anonKiB[i]!),
    pools,
    peak: {
      slabMiB: mib(Math.max(...s.slabKiB)),
      writebackMiB: mib(Math.max(...s.writebackKiB)),
      cryptMiB: mib(Math.max(...s.t.map((_, i) => cryptKiB(i)))),
      biosInFlight: Math.max(...s.biosInFlight),
    },
    firstEmpty,
    query: scenarioToQuery(r.scenario),
    command: reproduceCommand(r.scenario),
    scenarioId: scenarioId(r.scenario, r.model.version),
  };
}

/** The machine's settings without the choice of kernel beside v4.6. */
function machineValues(values: ControlValues): ControlValues {
  const { beside: _ignored, ...rest } = values;
  return rest;
}

/** v4.6 and the kernel beside it on the reader's machine: one run each, reduced to the layers and pools. */
export const writeoutPlan = definePlan<WriteoutResult, MemoryRun>({
  scenarios: (values) => {
    const beside = typeof values.beside === 'string' ? values.beside : 'v4.8';
    return ['v4.6', beside].map((kernel) => scenarioFromValues({}, { ...machineValues(values), kernel }));
  },
  keep: reduceMemoryRun,
  join: joinWriteout,
});

export const computeWriteout = computeFromPlan(writeoutPlan);

function joinWriteout(values: ControlValues, runs: MemoryRun[]): WriteoutResult {
  const p = scenarioFromValues({}, machineValues(values)).params;
  return {
    runs,
    xMax: Math.max(1, ...runs.map((r) => r.endT)),
    params: { cpus: p.cpus, cryptMiBPerSPerCpu: p.cryptMiBPerSPerCpu, diskMiBPerS: p.diskMiBPerS },
    model: `${MODEL_NAME} ${MODEL_VERSION}`,
  };
}
