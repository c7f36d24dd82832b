/**
 * The Today figure's dotted line: the model's v4.9 on Ondrej's machine, a
 * 2016 kernel, simulated. It never depends on the controls, so a browser
 * bundle gets the line as it was computed when the site was built
 * (computedAtBuild in src/client/bundleStubs.mjs) and never runs the model.
 */
import { simulate, type SimResult } from '@forward-progress/model/sim/simulate';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';

/** What the figure draws of the run: its kernel and the series of the panels the model has. */
export interface ModelLine {
  kernel: string;
  series: Pick<SimResult['series'], 't' | 'freeKiB' | 'writebackKiB' | 'swapUsedKiB'>;
}

let run: SimResult | undefined;

/** The whole run, once (the chapter's prose quotes how it ends). */
export function modelV49(): SimResult {
  return (run ??= simulate(resolveScenario({ scenario: 'ondrej-2016', kernel: 'v4.9' }).scenario));
}

export function modelV49Line(): ModelLine {
  const { scenario, series } = modelV49();
  return { kernel: scenario.kernel, series: { t: series.t, freeKiB: series.freeKiB, writebackKiB: series.writebackKiB, swapUsedKiB: series.swapUsedKiB } };
}
