import { citationText } from '@forward-progress/model/report/citation';
import { scenarioId } from '@forward-progress/model/scenario/codec';
import { defineWidget } from '../definition.ts';
import { kernelControl, paramControl } from '../sim/controls.ts';
import { computeRegression, regressionPlan } from './compute.ts';
import { regressionFigure } from './figure.ts';
import { regressionSummary, runName } from './summary.ts';
import { pinnedFor } from '../../figures/pinned.ts';
import { runDigest } from '../sim/simWidget.ts';

const controls = [
  { ...kernelControl('v4.6', ['v4.6', 'v4.7-rc6']), help: 'Both kernels contain f9054c70; the dashed run is the same kernel with the revert (4e390b2b2f34).' },
  paramControl('cryptMiBPerSPerCpu'),
  paramControl('diskMiBPerS'),
  paramControl('slabBytesPerBio'),
  paramControl('seed', { max: 1000 }),
];

/** "The f9054c70 regression": reserves per zone with and without the commit, same seed. */
export default defineWidget({
  id: 'reserves-regression',
  controls,
  heavy: true,
  runs: regressionPlan,
  compute: computeRegression,
  figure: (result, values, doc, compare, options) => regressionFigure(result, doc, options?.width, pinnedFor(controls, values, compare)),
  // Named by role, not kernel, so a change of kernel reads as "with f9054c70: before → after".
  digest: (result) => [
    { ...runDigest(result.withCommit), label: 'with f9054c70' },
    { ...runDigest(result.reverted), label: 'with the revert' },
  ],
  summary: (result) => regressionSummary(result),
  cite: (result, _values, context) => [
    citationText(result.withCommit, { siteUrl: context.siteUrl }),
    '',
    citationText(result.reverted, { siteUrl: context.siteUrl }),
  ].join('\n'),
  data: (result) => {
    const runs = [result.withCommit, result.reverted];
    const zones = result.zones.map((z) => z.name);
    return {
      meta: {
        widget: 'reserves-regression',
        model: `${result.withCommit.model.name} ${result.withCommit.model.version}`,
        runs: runs.map(runName).join(' | '),
        scenarioIds: runs.map((r) => scenarioId(r.scenario, r.model.version)).join(' | '),
        seed: result.withCommit.scenario.params.seed,
        minKiB: result.zones.map((z) => `${z.name} ${z.min}`).join(', '),
      },
      columns: ['run', 't_s', ...zones.map((z) => `${z}_free_kB`)],
      rows: runs.flatMap((r) => r.series.t.map((t, i) => [runName(r), t, ...zones.map((z) => r.series.zones[z]!.freeKiB[i]!)])),
    };
  },
});
