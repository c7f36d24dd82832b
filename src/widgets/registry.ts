/**
 * Every widget's definition module, loaded on demand: the page ships only
 * the small custom element until a reader touches a control.
 */
import type { WidgetDefinition } from './definition.ts';

type Loader = () => Promise<{ default: WidgetDefinition<any, boolean> }>;

export const widgetLoaders: Record<string, Loader> = {
  watermarks: () => import('./watermarks/definition.ts'),
  lab: () => import('./lab/definition.ts'),
  today: () => import('./today/definition.ts'),
  'kernels-2016': () => import('./kernels-2016/definition.ts'),
  incident: () => import('./incident/definition.ts'),
  'throttle-stall': () => import('./throttle-stall/definition.ts'),
  'fix-matrix': () => import('./fix-matrix/definition.ts'),
  aftermath: () => import('./aftermath/definition.ts'),
  writeout: () => import('./writeout/definition.ts'),
  'mempool-steps': () => import('./mempool-steps/definition.ts'),
  'reserves-regression': () => import('./reserves-regression/definition.ts'),
  'premature-oom': () => import('./premature-oom/definition.ts'),
  'oom-rework': () => import('./oom-rework/definition.ts'),
  'retry-steps': () => import('./retry-steps/definition.ts'),
};
