/**
 * Pin-and-compare for widgets that draw several runs at once (five kernels,
 * a kernel and its revert, …). Each such widget says, per result, which runs
 * it drew and how each ended (its digest); from the pinned result's digest
 * and the current one this module writes the summary's "pinned → now"
 * sentence and the citation of the pair. The figure draws the pinned runs
 * itself (dashed, see figures/theme.ts `pinnedStyle`).
 */
import { CITE_WIDTH, foldCommand, wrap } from '@forward-progress/model/report/citation';
import { MODEL_NAME, MODEL_VERSION } from '@forward-progress/model/sim/simulate';
import { formatControlValue, valuesToQuery, type ControlSpec, type ControlValues } from './controls.ts';
import type { CiteContext, Comparison } from './definition.ts';

/**
 * One run a widget drew: the slot it fills (e.g. its kernel: the same label
 * pairs a pinned run with the current one), its outcome in a few words, and
 * how to get it again.
 */
export interface RunDigest {
  label: string;
  outcome: string;
  /** The run's scenario id (fp1-…), for model runs. */
  id?: string;
  /** The command that reproduces the run. */
  reproduce?: string;
}

/** The settings that differ, pinned → now: "Seed: 1 → 2; RAM: 1,024 MiB → 512 MiB". */
export function settingsDelta(controls: readonly ControlSpec[], pinned: ControlValues, current: ControlValues, arrow = '→'): string[] {
  return controls
    .filter((c) => pinned[c.name] !== current[c.name])
    .map((c) => `${c.label}: ${formatControlValue(c, pinned[c.name] ?? c.default)} ${arrow} ${formatControlValue(c, current[c.name] ?? c.default)}`);
}

/** Per run, pinned → now: "v4.6: OOM kill at 570 s → completed at 98 s", or "v4.8: completed at 120 s (both)". */
export function digestDiff(pinned: readonly RunDigest[], current: readonly RunDigest[], arrow = '→'): string[] {
  const lines = current.map((now) => {
    const before = pinned.find((p) => p.label === now.label);
    if (!before) return `${now.label}: ${now.outcome} (not in the pinned runs)`;
    return before.outcome === now.outcome ? `${now.label}: ${now.outcome} (both)` : `${now.label}: ${before.outcome} ${arrow} ${now.outcome}`;
  });
  for (const before of pinned) if (!current.some((now) => now.label === before.label)) lines.push(`${before.label}: ${before.outcome} (pinned only)`);
  return lines;
}

/** The summary sentence with a comparison: what changed in the settings, then each run's outcome before and after. */
export function comparisonSummary(controls: readonly ControlSpec[], compare: Comparison<unknown>, values: ControlValues, pinnedDigest: readonly RunDigest[], currentDigest: readonly RunDigest[]): string {
  const delta = settingsDelta(controls, compare.values, values);
  return `Pinned → now (${delta.length ? delta.join('; ') : 'same settings'}): ${digestDiff(pinnedDigest, currentDigest).join('; ')}.`;
}

/** The page link that reopens a widget's state: its settings in the query and, when comparing, the pinned ones under `compare`. */
export function pageLink(controls: readonly ControlSpec[], values: ControlValues, context: CiteContext, pinned?: ControlValues): string {
  const search = new URLSearchParams(valuesToQuery(controls, values));
  if (pinned) search.set('compare', valuesToQuery(controls, pinned));
  const query = search.toString().replace(/%2C/gi, ',');
  return `${context.siteUrl.replace(/\/?$/, '/')}${context.page}${query ? `?${query}` : ''}#${context.anchor}`;
}

/** A character no outcome contains: it glues a number to its unit while a line is wrapped. */
const GLUE = '\ue000';

/** Wrapped like wrap(), but never with a unit ("s", "MiB", "%") alone at the start of a line. */
function wrapKeepingUnits(text: string, first: string, indent: string): string[] {
  return wrap(text.replace(/(\d) (s|ms|MiB|KiB|kB)\b/g, `$1${GLUE}$2`), CITE_WIDTH, first, indent).map((line) => line.replaceAll(GLUE, ' '));
}

/** "pinned fp1-…: npx fpsim run …", folded to the citation's width; nothing when the run has no command. */
function reproduceLines(tag: string, run: RunDigest | undefined): string[] {
  if (!run?.reproduce) return [];
  return foldCommand(run.reproduce, CITE_WIDTH, `    ${tag}${run.id ? ` ${run.id}` : ''}: `);
}

/**
 * The citation of a comparison, for a widget that draws several runs: what
 * changed, each run's outcome before and after with the ids and commands
 * that reproduce both, and a link that reopens the pair. ASCII only, at most
 * 72 columns but for the link.
 */
export function comparisonCite(
  controls: readonly ControlSpec[],
  now: { values: ControlValues; digest: readonly RunDigest[] },
  pinned: { values: ControlValues; digest: readonly RunDigest[] },
  context: CiteContext,
): string {
  const delta = settingsDelta(controls, pinned.values, now.values, '->');
  const diff = digestDiff(pinned.digest, now.digest, '->');
  const labels = [...now.digest.map((d) => d.label), ...pinned.digest.map((d) => d.label).filter((l) => !now.digest.some((d) => d.label === l))];
  const lines = [
    ...wrap(`Forward Progress comparison, pinned -> now${context.title ? `: ${context.title}` : ''}`, CITE_WIDTH, '', '  '),
    ...(now.digest.some((d) => d.id) ? [`(model ${MODEL_NAME} ${MODEL_VERSION})`] : []),
    ...wrap(delta.length ? delta.join('; ') : 'nothing (the same settings)', CITE_WIDTH, 'Changed: ', '         '),
    '',
    ...labels.flatMap((label, i) => [
      ...wrapKeepingUnits(diff[i]!, '  ', '    '),
      ...reproduceLines('pinned', pinned.digest.find((d) => d.label === label)),
      ...reproduceLines('now', now.digest.find((d) => d.label === label)),
    ]),
    '',
    `Link: ${pageLink(controls, now.values, context, pinned.values)}`,
  ];
  return lines.map((l) => l.trimEnd()).join('\n');
}
