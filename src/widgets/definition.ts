/**
 * What a widget is: its controls, and the one-way pipeline
 * values → compute (the model) → figure (an SVG drawn by Plot) and summary
 * (one sentence). The same definition renders at build time (with a
 * linkedom document) and in the browser (lazily loaded on first input;
 * `heavy` widgets compute in a Web Worker). A widget whose data loads on
 * demand (a recorded trace, one chunk per file) has an async compute: it is
 * a `WidgetDefinition<R, true>`, and every caller awaits it.
 */
import type { ControlSpec, ControlValues } from './controls.ts';
import type { RunPlan } from './sim/runPlan.ts';
import type { DataTable } from './data.ts';
import { comparisonCite, comparisonSummary, type RunDigest } from './compare.ts';

/** A second run shown beside the current one (the reader pinned it to compare). */
export interface Comparison<R> {
  result: R;
  values: ControlValues;
  /** How the reader should tell the two apart, e.g. "v4.6" or "pinned". */
  label: string;
}

/** How big to draw: the browser passes the figure's own width; the build draws a wide and a narrow copy. */
export interface FigureOptions {
  width: number;
}

/** Where a citation should send its reader. */
export interface CiteContext {
  /** The site's root, with its base path (from the page's own location). */
  siteUrl: string;
  /** The page's path under the site, e.g. "premature-oom/". */
  page: string;
  /** The figure's anchor, e.g. "fig-v46-run". */
  anchor: string;
  /** The figure's title as the page shows it. */
  title?: string;
}

/**
 * `Async`: compute returns a promise (the widget loads what a state needs
 * when it needs it). Code that takes any widget says `boolean`, and awaits.
 */
export interface WidgetDefinition<R = unknown, Async extends boolean = false> {
  /** Also the custom element's data-widget attribute and the registry key. */
  id: string;
  controls: readonly ControlSpec[];
  /**
   * The result for `values`. Async: a failure to load rejects (the page says
   * so and keeps the last good figure); the result is the same as if the
   * data had been there all along.
   */
  compute(values: ControlValues): Async extends true ? Promise<R> : R;
  /** Compute in a Web Worker: a run takes longer than a frame. */
  heavy?: boolean;
  /**
   * The compute as independent model runs (see sim/runPlan.ts): the browser
   * spreads them over its workers and caches each run, and `compute` must
   * equal `computeFromPlan(runs)`.
   */
  runs?: RunPlan<R>;
  /**
   * With a plan: a selector for the parts of the figure that each draw one
   * run, in the plan's order (e.g. '.fp-incident-panel'). While its run is
   * still computing, a part shows the previous state's run, dimmed.
   */
  runParts?: string;
  /** Draws the figure into a fresh element of `doc` (the page's, or linkedom's at build time). */
  figure(result: R, values: ControlValues, doc: Document, compare?: Comparison<R>, options?: FigureOptions): Element;
  /** One sentence that states the result; with a comparison, what changed. */
  summary(result: R, values: ControlValues, compare?: Comparison<R>): string;
  /** The plain-text citation (≤ 72 columns) of this state, or of this state against a pinned one. */
  cite?(result: R, values: ControlValues, context: CiteContext, compare?: Comparison<R>): string;
  /** The figure's data, for CSV and JSON downloads. */
  data?(result: R, values: ControlValues): DataTable;
  /** Whether the widget offers "pin and compare". */
  comparable?: boolean;
  /**
   * The runs a result drew and how each ended. A widget that gives this is
   * comparable: defineWidget writes its summary and citation of a
   * comparison from the pinned and current digests.
   */
  digest?(result: R): RunDigest[];
}

export function defineWidget<R, Async extends boolean = false>(definition: WidgetDefinition<R, Async>): WidgetDefinition<R, Async> {
  const { digest, summary, cite, controls } = definition;
  if (!digest) return definition;
  return {
    ...definition,
    comparable: definition.comparable ?? true,
    summary: (result, values, compare) =>
      compare ? comparisonSummary(controls, compare, values, digest(compare.result), digest(result)) : summary(result, values),
    cite: cite && ((result, values, context, compare) =>
      compare
        ? comparisonCite(controls, { values, digest: digest(result) }, { values: compare.values, digest: digest(compare.result) }, context)
        : cite(result, values, context)),
  };
}
