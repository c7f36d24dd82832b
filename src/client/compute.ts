/**
 * Where a widget's model runs: inline for light widgets, in a small pool of
 * Web Workers for heavy ones.
 *
 * - A request goes to an idle worker at once; when every worker is busy it
 *   waits in a queue, and a newer request for the same key (one widget, one
 *   slot: the current or the pinned run) drops the queued older one without
 *   running it. A request already running finishes, and its result is
 *   dropped: the older promise resolves to `superseded`.
 * - Results are kept in a small cache keyed by widget and settings, so a
 *   pinned run is computed once, not on every redraw, and returning to a
 *   setting already seen redraws without running the model.
 * - A widget with a run plan (widgets/sim/runPlan.ts) is computed run by
 *   run: each model run is its own job, so the runs of one state spread over
 *   the workers, and each run is cached on its own.
 */
import type { ControlValues } from '../widgets/controls.ts';
import type { WidgetDefinition } from '../widgets/definition.ts';

export const SUPERSEDED = Symbol('superseded');

/** Workers in the pool: two where the machine has two cores or more (a drag's next run need not wait for the last), else one. */
const POOL_SIZE = typeof navigator !== 'undefined' && (navigator.hardwareConcurrency ?? 1) >= 2 ? 2 : 1;
/** Results kept (each a few hundred KiB at most). */
const CACHE_SIZE = 64;

/** What a worker is asked: a widget's whole compute, or one run of its plan. */
type Request = { widget: string; values: ControlValues } | { widget: string; scenario: unknown };
type Outcome = { result: unknown; hash?: string };

interface Job {
  id: number;
  key: string;
  message: Request & { id: number };
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

let pool: Slot[] | undefined;
const queue: Job[] = [];
let nextId = 1;
/** Digest of the last result computed in a worker for each key (read by tests). */
export const lastHash = new Map<string, string>();
const latestByKey = new Map<string, number>();
const cache = new Map<string, { result: unknown; hash?: string }>();

function cacheKey(widget: string, values: ControlValues): string {
  return `${widget}\n${JSON.stringify(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

function remember(key: string, entry: { result: unknown; hash?: string }): void {
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

function startNext(slot: Slot): void {
  const job = queue.shift();
  slot.job = job;
  if (job) slot.worker.postMessage(job.message);
}

function createSlot(): Slot | undefined {
  try {
    const slot: Slot = { worker: new Worker(new URL('./computeWorker.ts', import.meta.url), { type: 'module' }) };
    slot.worker.onmessage = (event: MessageEvent<{ id: number; result?: unknown; error?: string; hash?: string }>) => {
      const job = slot.job;
      if (!job || job.id !== event.data.id) return;
      if (event.data.error !== undefined) job.reject(new Error(event.data.error));
      else job.resolve({ result: event.data.result, hash: event.data.hash });
      startNext(slot);
    };
    slot.worker.onerror = () => {
      slot.job?.reject(new Error('the model worker stopped'));
      slot.worker.terminate();
      pool = pool?.filter((s) => s !== slot);
      if (!pool?.length) {
        pool = undefined;
        for (const job of queue.splice(0)) job.reject(new Error('the model worker stopped'));
      }
    };
    return slot;
  } catch {
    return undefined;
  }
}

function getPool(): Slot[] | undefined {
  if (pool || typeof Worker === 'undefined') return pool;
  const slots = Array.from({ length: POOL_SIZE }, createSlot).filter((s): s is Slot => s !== undefined);
  pool = slots.length ? slots : undefined;
  return pool;
}

function runInPool(slots: Slot[], job: Job): void {
  for (let i = queue.length - 1; i >= 0; i--) {
    if (queue[i]!.key === job.key) queue.splice(i, 1)[0]!.resolve(SUPERSEDED);
  }
  const idle = slots.find((s) => !s.job);
  if (idle) {
    idle.job = job;
    idle.worker.postMessage(job.message);
  } else queue.push(job);
}

/** Runs one request in the pool; a newer request with the same key drops it while it is still queued. */
function inPool(slots: Slot[], key: string, request: Request): Promise<Outcome | typeof SUPERSEDED> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    runInPool(slots, { id, key, message: { ...request, id }, resolve: resolve as (v: unknown) => void, reject });
  });
}

/** The cached outcome for `memo`, or the request run in the pool (and cached). */
async function cachedInPool(slots: Slot[], memo: string, key: string, request: Request): Promise<Outcome | typeof SUPERSEDED> {
  const cached = cache.get(memo);
  if (cached) {
    remember(memo, cached);
    return cached;
  }
  const outcome = await inPool(slots, key, request);
  if (outcome !== SUPERSEDED) remember(memo, outcome);
  return outcome;
}

/** A widget with a run plan: every run a job of its own, then the plan's join. */
async function computePlanned<R>(slots: Slot[], key: string, definition: WidgetDefinition<R>, values: ControlValues): Promise<Outcome | typeof SUPERSEDED> {
  const plan = definition.runs!;
  const runs = await Promise.all(plan.scenarios(values).map((scenario, i) =>
    cachedInPool(slots, `${definition.id}\nrun\n${JSON.stringify(scenario)}`, `${key}/${i}`, { widget: definition.id, scenario })));
  if (runs.some((r) => r === SUPERSEDED)) return SUPERSEDED;
  return { result: plan.join(values, runs.map((r) => (r as Outcome).result)) };
}

/** Computes for `key` (one widget and one slot), in a worker when the widget is heavy. */
export async function computeFor<R>(key: string, definition: WidgetDefinition<R>, values: ControlValues): Promise<R | typeof SUPERSEDED> {
  const id = nextId++;
  latestByKey.set(key, id);
  const memo = cacheKey(definition.id, values);
  const slots = definition.heavy ? getPool() : undefined;
  let outcome: Outcome | typeof SUPERSEDED;
  if (cache.has(memo)) {
    outcome = cache.get(memo)!;
    remember(memo, outcome);
  } else if (slots && definition.runs) outcome = await computePlanned(slots, key, definition, values);
  else if (slots) outcome = await inPool(slots, key, { widget: definition.id, values });
  else outcome = { result: definition.compute(values) };
  if (outcome === SUPERSEDED) return SUPERSEDED;
  remember(memo, outcome);
  if (outcome.hash) lastHash.set(key, outcome.hash);
  return latestByKey.get(key) === id ? (outcome.result as R) : SUPERSEDED;
}
