/**
 * The kernel source tree whose line numbers a base version's twins cite
 * (refs.ts): 4.6.2 for v4.5 and v4.6, 4.7.4 for v4.7-rc6, 4.8.15 for v4.8 and
 * v4.9. Apart from the line tables, so that a run that never traces (the
 * site's model worker) can leave those tables out.
 */
import type { BaseKernel } from './versions.ts';

export type Tree = 'v4.6' | 'v4.7-rc6' | 'v4.8';

export function treeFor(base: BaseKernel): Tree {
  return base === 'v4.5' || base === 'v4.6' ? 'v4.6' : base === 'v4.7-rc6' ? 'v4.7-rc6' : 'v4.8';
}
