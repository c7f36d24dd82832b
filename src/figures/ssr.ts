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

/** Widths drawn at build time: one for wide screens, one for phones (CSS shows one of them). */
export const SSR_WIDTHS = { wide: 640, narrow: 360 } as const;

export function renderFigureHtml<R>(definition: WidgetDefinition<R, boolean>, result: R, values: ControlValues, width: number = SSR_WIDTHS.wide): string {
  return definition.figure(result, values, ssrDocument(), undefined, { width }).outerHTML;
}
