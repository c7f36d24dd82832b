/**
 * Runs a widget's compute() off the main thread. Messages in:
 * { id, widget, values }; out: { id, result, hash } or { id, error }.
 */
import { hashText } from '@forward-progress/model/scenario/codec';
import { widgetLoaders } from '../widgets/registry.ts';

self.onmessage = async (event: MessageEvent<{ id: number; widget: string; values: Record<string, unknown> }>) => {
  const { id, widget, values } = event.data;
  try {
    const loader = widgetLoaders[widget];
    if (!loader) throw new Error(`no widget named ${JSON.stringify(widget)}`);
    const definition = (await loader()).default;
    const result = definition.compute(values as never);
    // The digest lets tests compare a browser run with a Node run byte for byte.
    (self as unknown as Worker).postMessage({ id, result, hash: hashText(JSON.stringify(result)) });
  } catch (error) {
    (self as unknown as Worker).postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
