/**
 * The validation table and the sweeps behind the Model page, computed at
 * build time (once per build) with the model's own validate() and sweep().
 */
import { VALIDATION_MACHINES, VALIDATION_ROWS, VALIDATION_SEEDS, validate, type ValidationCell } from '@forward-progress/model/sim/validate';
import { sweep, type SweepResult } from '@forward-progress/model/sim/sweep';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { classify } from '@forward-progress/model/sim/validate';
import { fmt, run } from './runs.ts';

let cells: ValidationCell[] | undefined;

export function validationCells(): ValidationCell[] {
  return (cells ??= validate());
}

export interface RowMachine {
  row: (typeof VALIDATION_ROWS)[number];
  machine: (typeof VALIDATION_MACHINES)[number];
  cells: ValidationCell[];
  matched: number;
}

/** Every (2016 row, machine) pair with its cells; a pair "reproduces" when most seeds match. */
export function rowMachines(): RowMachine[] {
  const all = validationCells();
  return VALIDATION_ROWS.flatMap((row) => VALIDATION_MACHINES.map((machine) => {
    const c = all.filter((x) => x.row === row.id && x.machine === machine.name);
    return { row, machine, cells: c, matched: c.filter((x) => x.match).length };
  }));
}

export function validationTotals() {
  const all = validationCells();
  const pairs = rowMachines();
  const ondrej = all.filter((c) => c.machine === VALIDATION_MACHINES[0]!.name);
  const byEvidence = (evidence: 'reported' | 'inferred') => {
    const c = all.filter((x) => x.evidence === evidence);
    return { rows: VALIDATION_ROWS.filter((r) => r.evidence === evidence).length, cells: c.length, matched: c.filter((x) => x.match).length };
  };
  return {
    reported: byEvidence('reported'),
    inferred: byEvidence('inferred'),
    inferredNames: VALIDATION_ROWS.filter((r) => r.evidence === 'inferred').map((r) => r.short).join(' and '),
    cells: all.length,
    matched: all.filter((c) => c.match).length,
    seeds: VALIDATION_SEEDS.length,
    machines: VALIDATION_MACHINES.length,
    rows: VALIDATION_ROWS.length,
    ondrejCells: ondrej.length,
    ondrejMatched: ondrej.filter((c) => c.match).length,
    failingPairs: pairs.filter((p) => p.matched * 2 < p.cells.length),
  };
}

/** The unknowns each outcome map sweeps: memory cgroups visited × the global dirty limit. */
export const MAP_AXES = { memcgs: [1, 2, 3, 4, 5], globalDirtyLimitMiB: [0, 10, 40, 160] };

const maps = new Map<string, SweepResult>();

/** The outcome map of one failing pair: its kernel on its machine over the unknowns. */
export function outcomeMap(pair: RowMachine): SweepResult {
  const key = `${pair.row.id}@${pair.machine.name}`;
  let result = maps.get(key);
  if (!result) {
    const { scenario } = resolveScenario({ scenario: pair.machine.scenario, kernel: pair.row.kernel, patches: pair.row.patches, params: pair.machine.params });
    result = sweep(scenario, MAP_AXES);
    maps.set(key, result);
  }
  return result;
}

/**
 * The v4.7-rc6 crawl with and without the model's one device-mapper layer
 * below dm-crypt (`lowerDmLayers`), a mechanism no 2016 trace shows: the
 * Model page states what the crawl depends on.
 */
export function lowerLayerDependence() {
  const withLayer = run({ kernel: 'v4.7-rc6' });
  const without = run({ kernel: 'v4.7-rc6', params: { lowerDmLayers: 0 } });
  const words = (r: typeof withLayer) => (r.outcome.kind === 'completed' ? `completes in ${fmt(r.outcome.t)} s` : r.outcome.kind === 'oom-kill' ? `is OOM-killed at ${fmt(r.outcome.t)} s` : 'is still not done at the horizon');
  return {
    defaultLayers: fmt(withLayer.scenario.params.lowerDmLayers ?? 0),
    withLayer: words(withLayer),
    without: words(without),
    withoutCrawls: classify(without) === 'crawl',
    withoutInput: { kernel: 'v4.7-rc6', params: { lowerDmLayers: 0 } },
  };
}
