/**
 * Where a widget's model runs: inline for light widgets, in a small pool of
 * Web Workers for heavy ones.
 *
 * - A request goes to an idle worker at once; when every worker is busy it
 *   waits in a queue, and a newer request from the same key (one widget, one
 *   slot: the current or the pinned run) drops the queued older one without
 *   running it. A request already running finishes, and its result is
 *   dropped by its caller: computeFor resolves to `superseded`.
 * - Results are kept in a small cache, and a request for a result already
 *   being computed waits for that computation instead of starting another:
 *   a pinned run is computed once, and returning to a setting already seen
 *   redraws without running the model.
 * - A widget with a run plan (widgets/sim/runPlan.ts) is computed run by
 *   run: each model run is a job of its own, so the runs of one state spread
 *   over the workers, and each run is cached on its own.
 * - A light widget computes on the page; an async compute (a widget that
 *   loads its data on demand) is awaited like a worker's result, so the
 *   figure is dimmed (aria-busy) while it loads and a newer request
 *   supersedes it.
 * - Look-ahead: after a redraw the page may ask for the next setting a
 *   reader is likely to choose (the next step of the slider just moved). That
 *   work runs only while every worker is idle, one job at a time, and yields
 *   to any real request; when the reader does choose it, the result is
 *   ready or already under way.
 */
import type { ControlValues } from '../widgets/controls.ts';
import type { WidgetDefinition } from '../widgets/definition.ts';

export const SUPERSEDED = Symbol('superseded');

/** Workers in the pool: two where the machine has two cores or more (a drag's next run need not wait for the last), else one. */
const POOL_SIZE = typeof navigator !== 'undefined' && (navigator.hardwareConcurrency ?? 1) >= 2 ? 2 : 1;
/**
 * Results kept: whole computes and single runs of a plan (the fix matrix
 * keeps 14 small ones per state, so six states fit). The largest, a whole
 * run with every series, is up to about 400 KiB in memory, so this stays
 * under about 40 MiB.
 */
const CACHE_SIZE = 96;

/** What a worker is asked: a widget's whole compute, or one run of its plan. */
type Request = { widget: string; values: ControlValues } | { widget: string; scenario: unknown };
type Outcome = { result: unknown; hash?: string };
type Settled = Outcome | typeof SUPERSEDED;

interface Job {
  id: number;
  /** The cache key of what it computes. */
  memo: string;
  request: Request;
  /** The callers (widget slots) waiting for it; none for look-ahead. */
  keys: Set<string>;
  /** Look-ahead work: runs only while every worker is idle. */
  ahead: boolean;
  promise: Promise<Settled>;
  resolve(v: Settled): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

let pool: Slot[] | undefined;
const queue: Job[] = [];
const aheadQueue: Job[] = [];
/** Jobs queued or running, by what they compute. */
const jobs = new Map<string, Job>();
let nextId = 1;
/** Digest of the last result computed in a worker for each key (read by tests). */
export const lastHash = new Map<string, string>();
/** Where each key's last result came from: the cache, a computation already under way (look-ahead), or a new model run. */
export type Source = 'cache' | 'joined' | 'model';
export const lastSource = new Map<string, Source>();
const latestByKey = new Map<string, number>();
const cache = new Map<string, Outcome>();

function cacheKey(widget: string, values: ControlValues): string {
  return `${widget}\n${JSON.stringify(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

function runKey(widget: string, scenario: unknown): string {
  return `${widget}\nrun\n${JSON.stringify(scenario)}`;
}

function remember(key: string, entry: Outcome): void {
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/** Gives idle workers work: real requests first; look-ahead only when no worker is busy. */
function schedule(slots: Slot[]): void {
  for (const slot of slots) {
    if (slot.job) continue;
    const job = queue.shift() ?? (slots.every((s) => !s.job) ? aheadQueue.shift() : undefined);
    if (!job) return;
    slot.job = job;
    slot.worker.postMessage({ ...job.request, id: job.id });
  }
}

function finish(slot: Slot, settle: (job: Job) => void): void {
  const job = slot.job;
  slot.job = undefined;
  if (job) {
    jobs.delete(job.memo);
    settle(job);
  }
  if (pool) schedule(pool);
}

function createSlot(): Slot | undefined {
  try {
    const slot: Slot = { worker: new Worker(new URL('./computeWorker.ts', import.meta.url), { type: 'module' }) };
    slot.worker.onmessage = (event: MessageEvent<{ id: number; result?: unknown; error?: string; hash?: string }>) => {
      if (!slot.job || slot.job.id !== event.data.id) return;
      const { result, error, hash } = event.data;
      finish(slot, (job) => {
        if (error !== undefined) job.reject(new Error(error));
        else {
          const outcome = { result, hash };
          remember(job.memo, outcome);
          job.resolve(outcome);
        }
      });
    };
    slot.worker.onerror = () => {
      slot.worker.terminate();
      pool = pool?.filter((s) => s !== slot);
      if (!pool?.length) pool = undefined;
      finish(slot, (job) => job.reject(new Error('the model worker stopped')));
      if (!pool) {
        for (const job of [...queue.splice(0), ...aheadQueue.splice(0)]) {
          jobs.delete(job.memo);
          job.reject(new Error('the model worker stopped'));
        }
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

/** The result for `memo`: cached, already under way (joined, and promoted if it was look-ahead), or a new job. */
function obtain(slots: Slot[], memo: string, request: Request, key: string | null): { settled: Promise<Settled>; source: Source } {
  const cached = cache.get(memo);
  if (cached) {
    remember(memo, cached);
    return { settled: Promise.resolve(cached), source: 'cache' };
  }
  let job = jobs.get(memo);
  const source: Source = job ? 'joined' : 'model';
  if (!job) {
    let resolve!: (v: Settled) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<Settled>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    job = { id: nextId++, memo, request, keys: new Set(), ahead: key === null, promise, resolve, reject };
    // Nobody may be waiting for look-ahead work: its failure is not an error of the page.
    promise.catch(() => undefined);
    jobs.set(memo, job);
    (job.ahead ? aheadQueue : queue).push(job);
  } else if (key !== null && job.ahead) {
    job.ahead = false;
    const queued = aheadQueue.indexOf(job);
    if (queued >= 0) queue.push(...aheadQueue.splice(queued, 1));
  }
  if (key !== null) job.keys.add(key);
  schedule(slots);
  return { settled: job.promise, source };
}

/** A newer request from `key`: queued jobs only it was waiting for are dropped unrun. */
function supersede(key: string): void {
  for (let i = queue.length - 1; i >= 0; i--) {
    const job = queue[i]!;
    if (!job.keys.delete(key) || job.keys.size > 0) continue;
    queue.splice(i, 1);
    jobs.delete(job.memo);
    job.resolve(SUPERSEDED);
  }
}

/** The runs of a planned state finished so far, in plan order (undefined: still running). */
export type RunProgress = (runs: readonly unknown[]) => void;

/** A widget with a run plan: every run a job of its own, reported as it finishes, then the plan's join. */
async function computePlanned<R>(slots: Slot[], key: string, definition: WidgetDefinition<R, boolean>, values: ControlValues, onRun?: RunProgress): Promise<Settled> {
  const plan = definition.runs!;
  const parts = plan.scenarios(values).map((scenario) => obtain(slots, runKey(definition.id, scenario), { widget: definition.id, scenario }, key));
  lastSource.set(key, parts.some((p) => p.source === 'model') ? 'model' : parts.some((p) => p.source === 'joined') ? 'joined' : 'cache');
  const done: unknown[] = new Array(parts.length);
  parts.forEach((p, i) =>
    void p.settled.then((r) => {
      if (r === SUPERSEDED) return;
      done[i] = r.result;
      onRun?.(done);
    }, () => undefined));
  const runs = await Promise.all(parts.map((p) => p.settled));
  if (runs.some((r) => r === SUPERSEDED)) return SUPERSEDED;
  return { result: plan.join(values, runs.map((r) => (r as Outcome).result)) };
}

/** Whether `values` would redraw without running the model: every run of it is in the cache. */
export function isCached<R>(definition: WidgetDefinition<R, boolean>, values: ControlValues): boolean {
  if (cache.has(cacheKey(definition.id, values))) return true;
  return Boolean(definition.runs?.scenarios(values).every((s) => cache.has(runKey(definition.id, s))));
}

/** The kept runs of a planned state, when every one is cached. */
function cachedRuns<R>(definition: WidgetDefinition<R, boolean>, values: ControlValues): unknown[] | undefined {
  const runs = definition.runs?.scenarios(values).map((s) => cache.get(runKey(definition.id, s)));
  return runs?.every(Boolean) ? runs.map((r) => r!.result) : undefined;
}

/**
 * Computes for `key` (one widget and one slot), in a worker when the widget
 * is heavy; a planned widget reports its runs to `onRun` as they finish.
 */
export async function computeFor<R>(key: string, definition: WidgetDefinition<R, boolean>, values: ControlValues, onRun?: RunProgress): Promise<R | typeof SUPERSEDED> {
  const id = nextId++;
  latestByKey.set(key, id);
  supersede(key);
  const memo = cacheKey(definition.id, values);
  const slots = definition.heavy ? getPool() : undefined;
  let outcome: Settled;
  if (cache.has(memo)) {
    outcome = cache.get(memo)!;
    remember(memo, outcome);
    lastSource.set(key, 'cache');
    const runs = onRun && cachedRuns(definition, values);
    if (runs) onRun(runs);
  } else if (slots && definition.runs) outcome = await computePlanned(slots, key, definition, values, onRun);
  else if (slots) {
    const { settled, source } = obtain(slots, memo, { widget: definition.id, values }, key);
    lastSource.set(key, source);
    outcome = await settled;
  } else {
    outcome = { result: await definition.compute(values) };
    lastSource.set(key, 'model');
  }
  if (outcome === SUPERSEDED) return SUPERSEDED;
  remember(memo, outcome);
  if (outcome.hash) lastHash.set(key, outcome.hash);
  return latestByKey.get(key) === id ? (outcome.result as R) : SUPERSEDED;
}

/** Computes `values` ahead of need, while the workers are otherwise idle; replaces any look-ahead not yet started. */
export function computeAhead<R>(definition: WidgetDefinition<R, boolean>, values: ControlValues): void {
  const slots = definition.heavy ? getPool() : undefined;
  if (!slots) return;
  for (const job of aheadQueue.splice(0)) {
    jobs.delete(job.memo);
    job.resolve(SUPERSEDED);
  }
  if (cache.has(cacheKey(definition.id, values))) return;
  try {
    if (definition.runs) {
      for (const scenario of definition.runs.scenarios(values)) void obtain(slots, runKey(definition.id, scenario), { widget: definition.id, scenario }, null);
    } else void obtain(slots, cacheKey(definition.id, values), { widget: definition.id, values }, null);
  } catch {
    // Look-ahead is a convenience: a setting it cannot prepare is computed when asked for.
  }
}
