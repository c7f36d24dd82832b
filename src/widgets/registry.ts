/**
 * Every widget's definition module, loaded on demand: the page ships only
 * the small custom element until a reader touches a control.
 */
import type { WidgetDefinition } from './definition.ts';

type Loader = () => Promise<{ default: WidgetDefinition<any> }>;

export const widgetLoaders: Record<string, Loader> = {
  watermarks: () => import('./watermarks/definition.ts'),
  lab: () => import('./lab/definition.ts'),
};
