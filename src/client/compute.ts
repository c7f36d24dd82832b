/**
 * Where a widget's model runs: inline for light widgets, in one shared Web
 * Worker for heavy ones. A newer request from the same widget supersedes an
 * older one: the older promise resolves to `superseded` and its result is
 * dropped.
 */
import type { ControlValues } from '../widgets/controls.ts';
import type { WidgetDefinition } from '../widgets/definition.ts';

export const SUPERSEDED = Symbol('superseded');

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
/** Digest of the last result computed in the worker for each key (read by tests). */
export const lastHash = new Map<string, string>();
const keyOf = new Map<number, string>();
const latestByWidget = new Map<string, number>();

function getWorker(): Worker | undefined {
  if (worker || typeof Worker === 'undefined') return worker;
  try {
    worker = new Worker(new URL('./computeWorker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; result?: unknown; error?: string; hash?: string }>) => {
      const entry = pending.get(event.data.id);
      if (!entry) return;
      pending.delete(event.data.id);
      const key = keyOf.get(event.data.id);
      keyOf.delete(event.data.id);
      if (key && event.data.hash) lastHash.set(key, event.data.hash);
      if (event.data.error !== undefined) entry.reject(new Error(event.data.error));
      else entry.resolve(event.data.result);
    };
    worker.onerror = () => {
      for (const entry of pending.values()) entry.reject(new Error('the model worker stopped'));
      pending.clear();
      worker = undefined;
    };
  } catch {
    worker = undefined;
  }
  return worker;
}

/** Computes for `key` (one widget and one slot), in a worker when the widget is heavy. */
export async function computeFor<R>(key: string, definition: WidgetDefinition<R>, values: ControlValues): Promise<R | typeof SUPERSEDED> {
  const id = nextId++;
  latestByWidget.set(key, id);
  const w = definition.heavy ? getWorker() : undefined;
  const result = w
    ? await new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        keyOf.set(id, key);
        w.postMessage({ id, widget: definition.id, values });
      })
    : definition.compute(values);
  return latestByWidget.get(key) === id ? result : SUPERSEDED;
}
