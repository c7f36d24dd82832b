/**
 * Build-time drawing: the same figure function the browser uses, given a
 * linkedom document instead of the page's.
 */
import { parseHTML } from 'linkedom';
import type { WidgetDefinition } from '../widgets/definition.ts';
import type { ControlValues } from '../widgets/controls.ts';

export function ssrDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

export function renderFigureHtml<R>(definition: WidgetDefinition<R>, result: R, values: ControlValues): string {
  return definition.figure(result, values, ssrDocument()).outerHTML;
}
