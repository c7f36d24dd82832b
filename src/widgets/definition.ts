/**
 * What a widget is: its controls, and the one-way pipeline
 * values → compute (the model) → figure (an SVG drawn by Plot) and summary
 * (one sentence). The same definition renders at build time (with a
 * linkedom document) and in the browser (lazily loaded on first input).
 */
import type { ControlSpec, ControlValues } from './controls.ts';

export interface WidgetDefinition<R = unknown> {
  /** Also the custom element's data-widget attribute and the registry key. */
  id: string;
  controls: readonly ControlSpec[];
  compute(values: ControlValues): R;
  /** Draws the figure into a fresh element of `doc` (the page's, or linkedom's at build time). */
  figure(result: R, values: ControlValues, doc: Document): Element;
  /** One sentence that states the result; also the figure's accessible description. */
  summary(result: R, values: ControlValues): string;
}

export function defineWidget<R>(definition: WidgetDefinition<R>): WidgetDefinition<R> {
  return definition;
}
