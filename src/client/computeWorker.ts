/**
 * Runs a widget's compute() off the main thread, or one run of its plan.
 * Messages in: { id, widget, values } or { id, widget, scenario };
 * out: { id, result, hash } or { id, error }.
 */
import { hashText } from '@forward-progress/model/scenario/codec';
import { widgetLoaders } from '../widgets/registry.ts';
import { simulate } from '@forward-progress/model/sim/simulate';
import type { Scenario } from '@forward-progress/model/scenario/scenarios';

self.onmessage = async (event: MessageEvent<{ id: number; widget: string; values?: Record<string, unknown>; scenario?: Scenario }>) => {
  const { id, widget, values, scenario } = event.data;
  try {
    const loader = widgetLoaders[widget];
    if (!loader) throw new Error(`no widget named ${JSON.stringify(widget)}`);
    const definition = (await loader()).default;
    if (scenario !== undefined) {
      if (!definition.runs) throw new Error(`the widget ${JSON.stringify(widget)} has no run plan`);
      (self as unknown as Worker).postMessage({ id, result: definition.runs.keep(simulate(scenario)) });
      return;
    }
    const result = await definition.compute(values as never);
    // The digest lets tests compare a browser run with a Node run byte for byte.
    (self as unknown as Worker).postMessage({ id, result, hash: hashText(JSON.stringify(result)) });
  } catch (error) {
    (self as unknown as Worker).postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
