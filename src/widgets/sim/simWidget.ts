/**
 * A simulation widget in one declaration: the scenario it starts from, the
 * controls a reader may turn, and the panels it draws. Computing runs the
 * model (in a Web Worker in the browser); the citation, the data download
 * and the comparison come with it.
 */
import { simulate, type SimResult } from '@forward-progress/model/sim/simulate';
import { citationText, describeOutcome } from '@forward-progress/model/report/citation';
import { comparisonCitationText, comparisonLine, runLabel, shortOutcome } from '@forward-progress/model/report/comparison';
import type { RunDigest } from '../compare.ts';
import { reproduceCommand, scenarioId, scenarioToQuery } from '@forward-progress/model/scenario/codec';
import type { ControlSpec, ControlValues } from '../controls.ts';
import { defineWidget, type Comparison, type WidgetDefinition } from '../definition.ts';
import type { DataTable } from '../data.ts';
import { runFigure, type Panel, type Run } from './runFigure.ts';
import { scenarioFromValues, type SimBase } from './scenario.ts';

export interface SimWidgetSpec {
  id: string;
  base: SimBase;
  controls: readonly ControlSpec[];
  panels: readonly Panel[];
  /** Offer "pin and compare" (default true). */
  comparable?: boolean;
}

export { runLabel };

/** "v4.6: OOM kill at …" or, with a comparison, "Pinned → now: v4.6: OOM kill at … → +revert…: completed at …". */
export function simSummary(result: SimResult, compare?: Comparison<SimResult>): string {
  if (!compare) return `${runLabel(result)}: ${describeOutcome(result)}`;
  return `Pinned → now: ${comparisonLine(compare.result, result)}.`;
}

/** A model run as a comparison names it: by its kernel, with its outcome, id and command. */
export function runDigest(result: SimResult): RunDigest {
  return { label: result.scenario.kernel, outcome: shortOutcome(result), id: scenarioId(result.scenario, result.model.version), reproduce: reproduceCommand(result.scenario) };
}

export function simData(result: SimResult, panels: readonly Panel[]): DataTable {
  const s = result.series;
  return {
    meta: {
      scenarioId: scenarioId(result.scenario, result.model.version),
      model: `${result.model.name} ${result.model.version}`,
      scenario: result.scenario.name,
      kernel: result.scenario.kernel,
      patches: result.scenario.patches.join(',') || 'none',
      seed: result.scenario.params.seed,
      query: scenarioToQuery(result.scenario),
      outcome: describeOutcome(result),
    },
    columns: ['t_s', ...panels.map((p) => p.label)],
    rows: s.t.map((t, i) => [t, ...panels.map((p) => Math.round(p.value(result, i) * 1000) / 1000)]),
  };
}

export function defineSimWidget(spec: SimWidgetSpec): WidgetDefinition<SimResult> {
  return defineWidget<SimResult>({
    id: spec.id,
    controls: spec.controls,
    heavy: true,
    comparable: spec.comparable ?? true,
    compute: (values: ControlValues) => simulate(scenarioFromValues(spec.base, values)),
    figure: (result, _values, doc, compare, options) => {
      const runs: Run[] = [{ label: runLabel(result), result }];
      if (compare) runs.push({ label: `${compare.label}: ${runLabel(compare.result)}`, result: compare.result, pinned: true });
      return runFigure(runs, [...spec.panels], doc, simSummary(result, compare), options?.width);
    },
    summary: (result, _values, compare) => simSummary(result, compare),
    cite: (result, _values, context, compare) =>
      compare ? comparisonCitationText(compare.result, result, { siteUrl: context.siteUrl }) : citationText(result, { siteUrl: context.siteUrl }),
    data: (result) => simData(result, spec.panels),
  });
}
