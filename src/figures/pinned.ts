/**
 * How a custom figure says that it is comparing: the pinned result with a
 * short name for the legend ("pinned (Seed: 1)"), the dashed legend entry,
 * and the pinned outcome beside a current one where they differ. The pinned
 * runs themselves are drawn by each figure, dashed (theme.ts `pinnedStyle`).
 */
import { settingsDelta } from '../widgets/compare.ts';
import type { ControlSpec, ControlValues } from '../widgets/controls.ts';
import type { Comparison } from '../widgets/definition.ts';
import { legendItem } from './legend.ts';
import { color } from './theme.ts';

/** The pinned run as a figure draws it: its result and how the legend names it. */
export interface Pinned<R> {
  result: R;
  /** "pinned (Seed: 1)": the comparison's label and the pinned values of what differs. */
  name: string;
}

/** At most this many settings are named; the rest are counted. */
const NAMED_SETTINGS = 2;

/**
 * The pinned values of the settings that differ, shortened for a legend:
 * "Seed: 1", "Count finished writebacks as progress: off" (a label's aside
 * in brackets dropped, the current value left to the controls).
 */
export function pinnedSettings(controls: readonly ControlSpec[], pinned: ControlValues, current: ControlValues): string {
  const delta = settingsDelta(controls, pinned, current, '→').map((d) => d.slice(0, d.lastIndexOf(' → ')).replace(/\s*\([^()]*\)/g, ''));
  if (delta.length === 0) return 'same settings';
  const named = delta.slice(0, NAMED_SETTINGS).join(', ');
  return delta.length > NAMED_SETTINGS ? `${named} and ${delta.length - NAMED_SETTINGS} more` : named;
}

/** What a figure needs of a comparison, or undefined without one. */
export function pinnedFor<R>(controls: readonly ControlSpec[], values: ControlValues, compare?: Comparison<R>): Pinned<R> | undefined {
  if (!compare) return undefined;
  return { result: compare.result, name: `${compare.label} (${pinnedSettings(controls, compare.values, values)})` };
}

/** The legend entry for the pinned runs: a dashed swatch and "dashed: pinned (Seed: 1)". */
export function pinnedLegendItem(doc: Document, pinned: Pinned<unknown>, swatch: string = color.muted): Element {
  return legendItem(doc, `dashed: ${pinned.name}`, swatch, true);
}

/** " (pinned: OOM kill at 570 s)" after a current outcome when the pinned one differs; '' otherwise. */
export function pinnedNote(now: string, before: string | undefined): string {
  return before !== undefined && before !== now ? ` (pinned: ${before})` : '';
}

/** A facet's title for one run: its name in bold, its outcome, and the pinned outcome where it differs. */
export function runTitle(doc: Document, name: string, outcome: string, pinnedOutcome?: string): Element {
  const title = doc.createElement('p');
  title.setAttribute('class', 'fp-facet-title');
  const strong = doc.createElement('strong');
  strong.textContent = name;
  title.append(strong, doc.createTextNode(`: ${outcome}${pinnedNote(outcome, pinnedOutcome)}`));
  return title;
}
