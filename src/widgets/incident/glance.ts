/**
 * The five kernels at a glance: the incident widget's panels at its default
 * settings, drawn at build time for the home page. The same compute and the
 * same drawing as the widget (src/widgets/incident/), without its controls
 * and without the per-panel citable list (the home page's sentences carry
 * those links). No browser code: the home page ships no JavaScript for it.
 */
import { defaultValues } from '../controls.ts';
import { ssrDocument } from '../../figures/ssr.ts';
import definition from './definition.ts';
import { incidentPanels } from './figure.ts';
import type { IncidentResult } from './compute.ts';

export interface Glance {
  result: IncidentResult;
  /** The legend and the ten panels (two accessible SVG images per kernel), as HTML. */
  html: string;
  /** The widget's summary sentence of the same result: the figure's caption. */
  summary: string;
}

export function incidentGlance(): Glance {
  const values = defaultValues(definition.controls);
  const result = definition.compute(values);
  return { result, html: incidentPanels(result, ssrDocument()).outerHTML, summary: definition.summary(result, values) };
}
