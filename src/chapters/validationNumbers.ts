/**
 * The validation table and the sweeps behind the Model page, computed at
 * build time (once per build) with the model's own validate() and sweep().
 */
import { ONDREJ_MACHINE, VALIDATION_MACHINES, VALIDATION_ROWS, VALIDATION_SEEDS, median, summarizeValidation, validate, validationTotalsByEvidence, type RowSummary, type ValidationCell } from '@forward-progress/model/sim/validate';
import { CRAWL_LATE_S, CRAWL_MAX_REQ_PER_S, type OutcomeClass } from '@forward-progress/model/sim/outcomeClass';
import { sweep, type SweepResult } from '@forward-progress/model/sim/sweep';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { classify } from '@forward-progress/model/sim/validate';
import { Machine } from '@forward-progress/model/sim/machine';
import { fmt, run, scenarioOf } from './runs.ts';

let cells: ValidationCell[] | undefined;
let summaries: RowSummary[] | undefined;
/** Milliseconds the table took to compute (once per build). */
export let validationMs = 0;

export function validationCells(): ValidationCell[] {
  if (!cells) {
    const t0 = performance.now();
    cells = validate();
    validationMs = performance.now() - t0;
  }
  return cells;
}

/** Per row: the seed counts per machine, the distribution, the boundary flag, the medians. */
export function validationSummaries(): RowSummary[] {
  return (summaries ??= summarizeValidation(validationCells()));
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
  const ondrej = all.filter((c) => c.machine === ONDREJ_MACHINE);
  const byEvidence = validationTotalsByEvidence(validationSummaries());
  return {
    reported: byEvidence.reported,
    inferred: byEvidence.inferred,
    boundaryRows: validationSummaries().filter((s) => s.boundary).map((s) => s.row.short),
    crawlMaxReqPerS: CRAWL_MAX_REQ_PER_S,
    crawlLateMin: CRAWL_LATE_S / 60,
    machineNames: VALIDATION_MACHINES.map((m) => m.name),
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

/**
 * The failing pairs that get an outcome map: for a row that fails on every
 * machine size, only Ondrej's machine; and a pair whose runs are the same as
 * an earlier mapped row's on the same machine (same class and time on every
 * seed) shares that row's map. Each map is 20 runs, so this keeps the build
 * from sweeping the same behaviour twice.
 */
export function mappedPairs(): { pair: RowMachine; note: string }[] {
  const failing = validationTotals().failingPairs;
  const out: { pair: RowMachine; note: string }[] = [];
  const sameRuns = (a: RowMachine, b: RowMachine) =>
    a.cells.length === b.cells.length && a.cells.every((c, i) => c.got === b.cells[i]!.got && c.outcome.t === b.cells[i]!.outcome.t);
  for (const pair of failing) {
    const everywhere = failing.filter((p) => p.row === pair.row).length === VALIDATION_MACHINES.length;
    if (everywhere && pair.machine.name !== ONDREJ_MACHINE) continue;
    const twin = out.find((o) => o.pair.machine === pair.machine && sameRuns(o.pair, pair));
    const name = (p: RowMachine) => [p.row.kernel, ...p.row.patches].join(' + ');
    if (twin) {
      twin.note += ` ${name(pair)} gives the same runs on this machine (every seed), so it shares this map.`;
      continue;
    }
    out.push({ pair, note: everywhere ? `It misses on every machine size; the map is for ${ONDREJ_MACHINE}.` : '' });
  }
  return out;
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
    withoutClass: classify(without),
    withClass: classify(withLayer),
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

/** A class as the page's prose says it of a kernel ("it completes on 7 of 10 seeds"). */
const CLASS_PROSE: Record<OutcomeClass, string> = {
  completes: 'completes',
  'oom-kill-swap-free': 'is OOM-killed with swap mostly free',
  'oom-kill-other': 'is OOM-killed with swap mostly used',
  crawl: 'crawls',
  slow: 'is still short of its end at the horizon, its I/O flowing,',
  'event-cap': 'reaches the event cap',
};

/**
 * One 2016 row on Ondrej's machine: how many of the validation seeds give the
 * row's outcome; how the seeds fell, in words, the most common class first
 * ("completes on 7 of 10 seeds (median 1,253 s) and is still short of its end
 * at the horizon, its I/O flowing, on 3"); and on how many seeds the reserves
 * reached zero.
 */
export function rowOnOndrej(rowId: string): { matched: number; cells: number; tally: string; reservesExhausted: number } {
  const pair = rowMachines().find((p) => p.row.id === rowId && p.machine.name === ONDREJ_MACHINE);
  if (!pair) throw new Error(`no validation row ${rowId}`);
  const counts = new Map<OutcomeClass, number>();
  for (const c of pair.cells) counts.set(c.got, (counts.get(c.got) ?? 0) + 1);
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([cls, n], i) => {
    const ended = pair.cells.filter((c) => c.got === cls && cls !== 'slow' && cls !== 'crawl' && cls !== 'event-cap').map((c) => c.outcome.t);
    const mid = median(ended);
    return `${CLASS_PROSE[cls]} on ${n}${i === 0 ? ` of ${pair.cells.length} seeds` : ''}${mid === null ? '' : ` (median ${fmt(mid)} s)`}`;
  });
  const tally = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0] ?? '';
  return { matched: pair.matched, cells: pair.cells.length, tally, reservesExhausted: pair.cells.filter((c) => c.reservesExhausted).length };
}
