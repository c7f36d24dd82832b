/**
 * Two runs side by side, in words: what changed between the scenarios, each
 * outcome in a few words, the "pinned → now" line a widget's summary shows,
 * and the plain-text citation of the pair (`fpsim run --compare QUERY
 * --format text` prints exactly what a widget's Cite block shows when a run
 * is pinned).
 */
import type { SimResult } from '../sim/simulate.ts';
import type { Scenario } from '../scenario/scenarios.ts';
import { canonicalPatches, formatNumber, reproduceCommand, scenarioId, scenarioToQuery } from '../scenario/codec.ts';
import { PARAMS, type ParamKey } from '../scenario/params.ts';
import { asciiChartOf } from './asciiChart.ts';
import { CITE_WIDTH, citationLink, foldCommand, wrap, type CitationOptions } from './citation.ts';
import { describeOutcome, shortOutcome } from './outcomeWords.ts';

export { shortOutcome } from './outcomeWords.ts';

/** A run's kernel and patches: "v4.7-rc6 +throttle-noretry". */
export function runLabel(result: SimResult): string {
  return [result.scenario.kernel, ...canonicalPatches(result.scenario.patches).map((p) => `+${p}`)].join(' ');
}


/**
 * What differs from `from` to `to`: "kernel v4.8", "+throttle-noretry",
 * "-revert-f9054c70", "seed=2"; empty when the scenarios are the same.
 */
export function scenarioDelta(from: Scenario, to: Scenario): string[] {
  const changes: string[] = [];
  if (from.name !== to.name) changes.push(`scenario ${to.name}`);
  if (from.kernel !== to.kernel) changes.push(`kernel ${to.kernel}`);
  const before = canonicalPatches(from.patches);
  const after = canonicalPatches(to.patches);
  for (const p of after) if (!before.includes(p)) changes.push(`+${p}`);
  for (const p of before) if (!after.includes(p)) changes.push(`-${p}`);
  for (const spec of PARAMS) {
    const key = spec.key as ParamKey;
    if (from.params[key] !== to.params[key]) changes.push(`${key}=${formatNumber(to.params[key])}`);
  }
  return changes;
}

/** "v4.7-rc6: livelock, 9.6 req/s → +throttle-noretry: completed at 312 s". */
export function comparisonLine(pinned: SimResult, current: SimResult): string {
  const delta = scenarioDelta(pinned.scenario, current.scenario);
  return `${runLabel(pinned)}: ${shortOutcome(pinned)} → ${delta.length ? delta.join(' ') : 'same scenario'}: ${shortOutcome(current)}`;
}

/** The pinned scenario as a query; the default scenario is spelled by its kernel, so a citation never shows an empty compare. */
function compareQuery(pinned: SimResult): string {
  return scenarioToQuery(pinned.scenario) || `kernel=${pinned.scenario.kernel}`;
}

/** The Lab link that reopens the pair: the current run's settings, the pinned run's under `compare`. */
export function comparisonLink(pinned: SimResult, current: SimResult, options: CitationOptions): string {
  const link = citationLink(current, options);
  const hash = link.indexOf('#');
  const [base, anchor] = hash < 0 ? [link, ''] : [link.slice(0, hash), link.slice(hash)];
  const compare = new URLSearchParams({ compare: compareQuery(pinned) }).toString().replace(/%2C/gi, ',');
  return `${base}${base.includes('?') ? '&' : '?'}${compare}${anchor}`;
}

/** The command that prints this comparison: the current run's flags plus `--compare` with the pinned run's query. */
export function comparisonCommand(pinned: SimResult, current: SimResult): string {
  return `${reproduceCommand(current.scenario)} --compare '${compareQuery(pinned)}' --format text`;
}

/** The plain-text citation of a pinned run and the current one (≤ 72 columns but for unbreakable URLs). */
export function comparisonCitationText(pinned: SimResult, current: SimResult, options: CitationOptions): string {
  const pinnedId = scenarioId(pinned.scenario, pinned.model.version);
  const currentId = scenarioId(current.scenario, current.model.version);
  const indent = '           ';
  const lines: string[] = [];
  lines.push(`Forward Progress comparison ${pinnedId} -> ${currentId}`);
  lines.push(`(model ${current.model.name} ${current.model.version})`);
  lines.push(...wrap(`${runLabel(pinned)} (${pinnedId})`, CITE_WIDTH, 'Pinned:    ', indent));
  lines.push(...wrap(describeOutcome(pinned), CITE_WIDTH, indent, indent));
  lines.push(...wrap(`${runLabel(current)} (${currentId})`, CITE_WIDTH, 'Now:       ', indent));
  lines.push(...wrap(describeOutcome(current), CITE_WIDTH, indent, indent));
  const delta = scenarioDelta(pinned.scenario, current.scenario);
  lines.push(...wrap(delta.length ? delta.join(', ') : 'nothing (the same scenario)', CITE_WIDTH, 'Changed:   ', indent));
  lines.push('');
  const touched = (r: SimResult) => ({ xs: r.series.t, ys: r.series.touchedMiB });
  lines.push(...asciiChartOf(
    [
      { ...touched(pinned), mark: 'o' },
      { ...touched(current), mark: '*' },
    ],
    { width: CITE_WIDTH - 2, height: 7, yLabel: 'memory touched by the test, MiB (o pinned, * now)', xLabel: 'time (s)' },
  ).map((l) => `  ${l}`));
  lines.push('');
  lines.push(`Link: ${comparisonLink(pinned, current, options)}`);
  lines.push(...foldCommand(comparisonCommand(pinned, current), CITE_WIDTH, 'Reproduce: '));
  return lines.map((l) => l.trimEnd()).join('\n');
}
