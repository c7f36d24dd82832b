/**
 * Pin-and-compare for widgets that draw several runs at once (five kernels,
 * a kernel and its revert, …). Each such widget says, per result, which runs
 * it drew and how each ended (its digest); from the pinned result's digest
 * and the current one this module writes the summary's "pinned → now"
 * sentence and the citation of the pair. The figure draws the pinned runs
 * itself (dashed, see figures/theme.ts `pinnedStyle`).
 */
import { CITE_WIDTH, wrap } from '@forward-progress/model/report/citation';
import { formatControlValue, valuesToQuery, type ControlSpec, type ControlValues } from './controls.ts';
import type { CiteContext, Comparison } from './definition.ts';

/** One run a widget drew, named as its legend names it, with its outcome in a few words. */
export interface RunDigest {
  label: string;
  outcome: string;
}

/** The settings that differ, pinned → now: "Seed: 1 → 2; RAM: 1,024 MiB → 512 MiB". */
export function settingsDelta(controls: readonly ControlSpec[], pinned: ControlValues, current: ControlValues): string[] {
  return controls
    .filter((c) => pinned[c.name] !== current[c.name])
    .map((c) => `${c.label}: ${formatControlValue(c, pinned[c.name] ?? c.default)} → ${formatControlValue(c, current[c.name] ?? c.default)}`);
}

/** Per run, pinned → now: "v4.6: OOM kill at 570 s → completed at 98 s", or "v4.8: completed at 120 s (both)". */
export function digestDiff(pinned: readonly RunDigest[], current: readonly RunDigest[]): string[] {
  const lines = current.map((now) => {
    const before = pinned.find((p) => p.label === now.label);
    if (!before) return `${now.label}: ${now.outcome} (not in the pinned runs)`;
    return before.outcome === now.outcome ? `${now.label}: ${now.outcome} (both)` : `${now.label}: ${before.outcome} → ${now.outcome}`;
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

/**
 * The citation of a comparison: a head with what changed and each run's
 * outcome before and after, a link that reopens both, then the citation of
 * the current state and of the pinned one.
 */
export function comparisonCite(
  controls: readonly ControlSpec[],
  now: { values: ControlValues; cite: string; digest: readonly RunDigest[] },
  pinned: { values: ControlValues; cite: string; digest: readonly RunDigest[] },
  context: CiteContext,
): string {
  const delta = settingsDelta(controls, pinned.values, now.values);
  const lines = [
    'Forward Progress comparison: pinned -> now',
    ...wrap(delta.length ? delta.join('; ') : 'nothing (the same settings)', CITE_WIDTH, 'Changed: ', '         '),
    ...digestDiff(pinned.digest, now.digest).flatMap((line) => wrap(line, CITE_WIDTH, '  ', '    ')),
    `Link: ${pageLink(controls, now.values, context, pinned.values)}`,
    '',
    'Now:',
    now.cite,
    '',
    'Pinned:',
    pinned.cite,
  ];
  return lines.map((l) => l.trimEnd()).join('\n');
}
