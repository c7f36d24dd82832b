/**
 * The validation table and the sweeps behind the Model page, computed at
 * build time (once per build) with the model's own validate() and sweep().
 */
import { VALIDATION_MACHINES, VALIDATION_ROWS, VALIDATION_SEEDS, validate, type ValidationCell } from '@forward-progress/model/sim/validate';
import { sweep, type SweepResult } from '@forward-progress/model/sim/sweep';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { classify } from '@forward-progress/model/sim/validate';
import { Machine } from '@forward-progress/model/sim/machine';
import { fmt, run, scenarioOf } from './runs.ts';

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

/** The what-if of a bio-based device-mapper layer below dm-crypt, which no 2016 report shows. */
const WITH_LAYER = { kernel: 'v4.7-rc6', params: { lowerDmLayers: 1 } };

/**
 * v4.7-rc6 with the model's defaults (no device-mapper layer below dm-crypt,
 * as every 2016 trace has it) and with the what-if layer (`lowerDmLayers` 1)
 * that earlier versions of the model used by default: the Model page states
 * what a crawl in the model depends on.
 */
export function lowerLayerDependence() {
  const withLayer = run(WITH_LAYER);
  const without = run({ kernel: 'v4.7-rc6' });
  const words = (r: typeof withLayer) => (r.outcome.kind === 'completed' ? `completes in ${fmt(r.outcome.t)} s` : r.outcome.kind === 'oom-kill' ? `is OOM-killed at ${fmt(r.outcome.t)} s` : `is still not done at the ${fmt(r.outcome.t / 60)}-minute horizon`);
  return {
    defaultLayers: fmt(without.scenario.params.lowerDmLayers ?? 0),
    withLayer: words(withLayer),
    withCrawls: classify(withLayer) === 'crawl',
    without: words(without),
    withoutCrawls: classify(without) === 'crawl',
    withInput: WITH_LAYER,
  };
}

/**
 * The global dirty limit the model starts from by default: the value
 * writeback_set_ratelimit() computes at boot (page-writeback.c 4.6:2038),
 * which only balance_dirty_pages would move afterwards.
 */
export function bootDirtyLimit(kernel = 'v4.7-rc6') {
  const pages = new Machine(scenarioOf({ kernel }), 1).domainDirtyLimit;
  return { pages, mib: fmt((pages * 4) / 1024) };
}

/** One 2016 row on Ondrej's machine: how many of the validation seeds give the row's outcome. */
export function rowOnOndrej(rowId: string): { matched: number; cells: number } {
  const pair = rowMachines().find((p) => p.row.id === rowId && p.machine.name === VALIDATION_MACHINES[0]!.name);
  if (!pair) throw new Error(`no validation row ${rowId}`);
  return { matched: pair.matched, cells: pair.cells.length };
}
