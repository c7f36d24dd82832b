/**
 * `fpsim validate --against lab`: for each real-kernel lab trace, the model
 * run on that trace's machine (labMachine.ts) with that trace's kernel
 * (kernelVariants.ts), and the two side by side: outcome class, time to the
 * kill or the completion, writeback plateau, dm-0/kcryptd write rate late in
 * the run. The lab runs are evidence, not a tuning target: nothing here
 * feeds back into a parameter.
 *
 * Both sides are measured the same way:
 * - the run's phase is the test's touch pass (memhog's fill; the model's test
 *   has no read-back pass), from its start to its end, the OOM kill, or the
 *   horizon;
 * - "late" is the last {@link CRAWL_LATE_S} s of that phase; the real rate is
 *   dm-0's completed writes per second (/sys/block/dm-0/stat), the model's
 *   kcryptd's completed requests per second;
 * - the writeback plateau is the median of Writeback over the phase while
 *   swap is in use (real: the sampler's samples and the host's sysrq-m
 *   reports, which still arrive when the sampler is frozen);
 * - the class is outcomeClass.ts's, with the real run's fill time as its
 *   completion.
 */
import { resolveScenario } from '../scenario/scenarios.ts';
import { simulate, type SimResult } from '../sim/simulate.ts';
import { Machine } from '../sim/machine.ts';
import { CRAWL_LATE_S, CRAWL_MAX_REQ_PER_S, OOM_SWAP_FREE_PCT, classifyOutcome, crawledAtTheEnd, lateMeanRate, type OutcomeClass } from '../sim/outcomeClass.ts';
import { median } from '../sim/validate.ts';
import { LabTraceError, readLabTrace, readLabTraceHeader, type LabTraceFacts } from './trace.ts';
import { mapLabKernel, mappingLabel, type KernelMapping } from './kernelVariants.ts';
import { hasMeasurements, labMachine, type TakenParam } from './labMachine.ts';

/** A real run's class: one of the model's, or undetermined when the trace cannot tell a crawl from a slow run. */
export type RealClass = OutcomeClass | 'undetermined';

export interface RealSide {
  cls: RealClass;
  /** The lab's own verdict (result.kind) and its reason. */
  labKind: string;
  labReason: string;
  /** Seconds from the test's start to the kill or the end of its touch pass; null if neither. */
  endS: number | null;
  swapFreePctAtKill: number | null;
  plateauKiB: number | null;
  peakWritebackKiB: number | null;
  lateReqPerS: number | null;
  /** Where the late rate comes from. */
  lateFrom: string;
  /** Pages scanned on the inactive lists (/proc/vmstat pgscan) by direct reclaim and by kswapd over the phase, as far as the sampler reached; null without the series. */
  scan: ScanCounts | null;
}

/** pgscan_direct, pgscan_kswapd and allocstall (null without its series) over a run's phase; `untilS`: the last sample counted, s from the test's start. */
export interface ScanCounts {
  direct: number;
  kswapd: number;
  allocstall: number | null;
  untilS: number;
}

export interface ModelSide {
  seeds: number[];
  classes: Partial<Record<OutcomeClass, number>>;
  /** The most common class (ties: the first in seed order). */
  cls: OutcomeClass;
  clsCount: number;
  /** Medians over the seeds: time to kill/completion (over the runs that ended), plateau, late rate. */
  endS: number | null;
  plateauKiB: number | null;
  lateReqPerS: number | null;
  /** Medians over the seeds of the model's pgscan_direct and pgscan_kswapd over its whole run. */
  scanDirect: number;
  scanKswapd: number;
  allocstall: number;
}

export interface LabRow {
  /** File name (or run name) of the trace. */
  trace: string;
  run: string;
  kernelId: string;
  swap: string;
  mapping: KernelMapping;
  /** Why the model cannot run this trace; null when it did. */
  unsupported: string | null;
  real: RealSide | null;
  model: ModelSide | null;
  taken: TakenParam[];
  notes: string[];
  /** Per zone, the watermarks (pages) the real kernel set at boot and the model's machine sets: a check of the machine, not of the outcome. */
  watermarks: { zone: string; real: { min: number; low: number; high: number } | null; model: { min: number; low: number; high: number } | null }[];
  matched: boolean | null;
}

export interface LabComparison {
  rows: LabRow[];
  matched: number;
  compared: number;
  seeds: number[];
}

export interface LabTraceInput {
  /** File name, for messages. */
  name: string;
  json: unknown;
  /** Set when the file is not valid JSON (json is then ignored). */
  parseError?: string;
}

export const LAB_SEEDS = [1, 2, 3, 4, 5];

/** Writes per second over the last CRAWL_LATE_S s before `endT`, from a cumulative counter; null without two samples ≥ 30 s apart reaching near the end. */
export function lateCounterRate(t: readonly number[], cum: readonly number[], startT: number, endT: number): number | null {
  const from = Math.max(startT, endT - CRAWL_LATE_S);
  let a = -1, b = -1;
  for (let i = 0; i < t.length; i++) {
    if (t[i]! <= from) a = i;
    if (t[i]! <= endT) b = i;
  }
  if (a < 0) a = t.findIndex((x) => x >= startT);
  if (a < 0 || b <= a) return null;
  const span = t[b]! - t[a]!;
  if (span < 30 || t[b]! < endT - 30) return null;
  return (cum[b]! - cum[a]!) / span;
}

/** The real run's side. */
export function realSide(f: LabTraceFacts): RealSide {
  const start = f.hogStartT;
  const killed = f.result.oomKills > 0;
  const fillEnd = f.result.fillS !== null ? start + f.result.fillS : null;
  const killT = killed ? f.oomKillT : null;
  const phaseEnd = killT ?? fillEnd ?? f.endT;
  const swapFreePctAtKill = killed && f.result.swapFreeAtKillKiB !== null ? Math.round((f.result.swapFreeAtKillKiB / (f.swapMiB * 1024)) * 1000) / 10 : null;

  // Late write rate: dm-0's counter where the sampler reached the end, else the fall of SwapFree in the host's reports.
  let lateReqPerS: number | null = null;
  let lateFrom = 'none: no sample and no report in the last 5 minutes';
  if (f.series.dmWriteIos) {
    lateReqPerS = lateCounterRate(f.series.t, f.series.dmWriteIos, start, phaseEnd);
    if (lateReqPerS !== null) lateFrom = 'dm-0 writes completed (sampler)';
  }
  if (lateReqPerS === null) {
    const pts = f.memReports.t.map((t, i) => [t, f.memReports.swapFreeKiB[i]] as const).filter(([t, v]) => v !== null && t > phaseEnd - CRAWL_LATE_S && t <= phaseEnd) as [number, number][];
    if (pts.length >= 2 && pts[pts.length - 1]![0] - pts[0]![0] >= 60) {
      const [t0, v0] = pts[0]!, [t1, v1] = pts[pts.length - 1]!;
      lateReqPerS = Math.max(0, (v0 - v1) / 4 / (t1 - t0));
      lateFrom = 'estimate: pages newly in swap per second, from SwapFree in the host\'s sysrq-m reports (the sampler was frozen)';
    }
  }

  // Writeback while swapping, over the phase: samples with swap in use, and the host's reports with swap in use.
  const wb: number[] = [];
  f.series.t.forEach((t, i) => {
    if (t >= start && t <= phaseEnd && f.series.swapUsedKiB[i]! > 0) wb.push(f.series.writebackKiB[i]!);
  });
  const swapFreeMax = Math.max(0, ...(f.memReports.swapFreeKiB.filter((v) => v !== null) as number[]));
  f.memReports.t.forEach((t, i) => {
    const w = f.memReports.writebackKiB[i], s = f.memReports.swapFreeKiB[i];
    if (t >= start && t <= phaseEnd && w !== null && w !== undefined && s !== null && s !== undefined && s < swapFreeMax) wb.push(w);
  });

  let cls: RealClass;
  if (killed) cls = (swapFreePctAtKill ?? 0) >= OOM_SWAP_FREE_PCT ? 'oom-kill-swap-free' : 'oom-kill-other';
  else if (fillEnd !== null) cls = crawledAtTheEnd(fillEnd, lateReqPerS) ? 'crawl' : 'completes';
  else if (lateReqPerS === null) cls = 'undetermined';
  else cls = lateReqPerS <= CRAWL_MAX_REQ_PER_S ? 'crawl' : 'slow';

  return {
    cls, labKind: f.result.kind, labReason: f.result.reason,
    endS: killT !== null ? Math.round((killT - start) * 10) / 10 : f.result.fillS,
    swapFreePctAtKill,
    plateauKiB: median(wb),
    peakWritebackKiB: f.peakWritebackKiB,
    lateReqPerS: lateReqPerS === null ? null : Math.round(lateReqPerS * 10) / 10,
    lateFrom,
    scan: scanOverPhase(f, start, phaseEnd),
  };
}

/**
 * Whether a real run's counters cover its whole phase: the run ended (a kill
 * or the end of the fill) and the sampler reached that end, give or take one
 * sample interval and a half (the lab samples once a second). Where not, the
 * counts stop where the sampler stopped, and say so.
 */
export function scanCoversPhase(real: Pick<RealSide, 'endS' | 'scan'>): boolean {
  return real.scan !== null && real.endS !== null && real.scan.untilS >= real.endS - 1.5;
}

/**
 * The sampler's pgscan counters over [start, end]: the last sample at or
 * before the end less the last sample at or before the start (0 before the
 * first). A frozen guest's sampler stops early; untilS says how far it got.
 */
export function scanOverPhase(f: LabTraceFacts, start: number, end: number): ScanCounts | null {
  const { t, pgscanDirect: d, pgscanKswapd: k } = f.series;
  if (!d || !k) return null;
  let a = -1, b = -1;
  for (let i = 0; i < t.length; i++) {
    if (t[i]! <= start) a = i;
    if (t[i]! <= end) b = i;
  }
  if (b < 0 || b <= a) return null;
  const at = (xs: number[], i: number) => (i < 0 ? 0 : xs[i]!);
  const st = f.series.allocstall;
  return { direct: at(d, b) - at(d, a), kswapd: at(k, b) - at(k, a), allocstall: st ? at(st, b) - at(st, a) : null, untilS: Math.round((t[b]! - start) * 10) / 10 };
}

/** The same measures of one model run. */
export function modelMeasures(r: SimResult): { cls: OutcomeClass; endS: number | null; plateauKiB: number | null; lateReqPerS: number; scanDirect: number; scanKswapd: number; allocstall: number } {
  const cls = classifyOutcome(r);
  const s = r.series;
  const wb: number[] = [];
  for (let i = 0; i < s.t.length; i++) if (s.t[i]! <= r.outcome.t && s.swapUsedKiB[i]! > 0) wb.push(s.writebackKiB[i]!);
  return {
    cls,
    endS: cls === 'completes' || cls === 'oom-kill-swap-free' || cls === 'oom-kill-other' ? r.outcome.t : null,
    plateauKiB: median(wb),
    lateReqPerS: lateMeanRate(s.t, s.kcryptdReqPerS, r.outcome.t) ?? 0,
    scanDirect: r.summary.vmstat.pgscanDirect,
    scanKswapd: r.summary.vmstat.pgscanKswapd,
    allocstall: r.summary.vmstat.allocstall,
  };
}

/** The zones' watermarks at boot: the trace's /proc/zoneinfo beside the model machine's (built, not run). */
function compareWatermarks(f: LabTraceFacts, scenario: ReturnType<typeof resolveScenario>['scenario']): LabRow['watermarks'] {
  const model = new Machine(scenario, 1).zones.map((z) => ({ zone: z.name as string, min: z.min, low: z.low, high: z.high }));
  const names = [...new Set([...f.zones.map((z) => z.name), ...model.map((z) => z.zone)])];
  return names.map((zone) => {
    const r = f.zones.find((z) => z.name === zone);
    const m = model.find((z) => z.zone === zone);
    return { zone, real: r ? { min: r.min, low: r.low, high: r.high } : null, model: m ? { min: m.min, low: m.low, high: m.high } : null };
  });
}

function modelSide(runs: ReturnType<typeof modelMeasures>[], seeds: number[]): ModelSide {
  const classes: Partial<Record<OutcomeClass, number>> = {};
  for (const r of runs) classes[r.cls] = (classes[r.cls] ?? 0) + 1;
  let cls = runs[0]!.cls;
  for (const r of runs) if ((classes[r.cls] ?? 0) > (classes[cls] ?? 0)) cls = r.cls;
  const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    seeds, classes, cls, clsCount: classes[cls]!,
    endS: r1(median(runs.map((r) => r.endS).filter((x): x is number => x !== null))),
    plateauKiB: median(runs.map((r) => r.plateauKiB).filter((x): x is number => x !== null)),
    lateReqPerS: r1(median(runs.map((r) => r.lateReqPerS))),
    scanDirect: median(runs.map((r) => r.scanDirect)) ?? 0,
    scanKswapd: median(runs.map((r) => r.scanKswapd)) ?? 0,
    allocstall: median(runs.map((r) => r.allocstall)) ?? 0,
  };
}

/**
 * Compares every trace. A trace the model cannot express (its kernel, plain
 * swap, a malformed trace) becomes a row with the reason. A trace without the
 * guest's dd measurements borrows them from the nearest-dated trace of the
 * same kernel build (same variant id and build key) that has them, and says so.
 */
export function compareAgainstLab(traces: readonly LabTraceInput[], opts: { seeds?: number[]; onRow?: (r: LabRow) => void } = {}): LabComparison {
  const seeds = opts.seeds ?? LAB_SEEDS;
  const facts = new Map<string, LabTraceFacts>();
  const errors = new Map<string, string>();
  for (const t of traces) {
    if (t.parseError !== undefined) {
      errors.set(t.name, `${t.name}: not valid JSON: ${t.parseError}`);
      continue;
    }
    try {
      const header = readLabTraceHeader(t.json, t.name);
      if (!mapLabKernel(header.kernelId).ok) continue;
      facts.set(t.name, readLabTrace(t.json, t.name));
    } catch (e) {
      if (e instanceof LabTraceError) errors.set(t.name, e.message);
      else throw e;
    }
  }
  const rows: LabRow[] = [];
  for (const t of traces) {
    let header: ReturnType<typeof readLabTraceHeader> | null = null;
    if (t.parseError === undefined) {
      try {
        header = readLabTraceHeader(t.json, t.name);
      } catch (e) {
        if (!(e instanceof LabTraceError)) throw e;
        errors.set(t.name, e.message);
      }
    }
    const mapping = header ? mapLabKernel(header.kernelId) : ({ ok: false, reason: 'malformed trace' } as const);
    const row: LabRow = {
      trace: t.name, run: header?.run ?? t.name, kernelId: header?.kernelId ?? '?', swap: header?.swap ?? '?', mapping,
      unsupported: null, real: null, model: null, taken: [], notes: [], watermarks: [], matched: null,
    };
    const f = facts.get(t.name);
    if (errors.has(t.name)) row.unsupported = `malformed trace: ${errors.get(t.name)}`;
    else if (!mapping.ok) row.unsupported = mapping.reason;
    else if (f) {
      row.real = realSide(f);
      let measuredBy = f;
      if (!hasMeasurements(f)) {
        const siblings = [...facts.values()].filter((g) => g !== f && g.kernelId === f.kernelId && g.buildKey === f.buildKey && hasMeasurements(g));
        siblings.sort((a, b) => Math.abs(Date.parse(a.date) - Date.parse(f.date)) - Math.abs(Date.parse(b.date) - Date.parse(f.date)) || (a.run < b.run ? -1 : 1));
        if (siblings[0]) {
          measuredBy = siblings[0];
          row.notes.push(`this trace has no dd measurements of the guest; the cipher and disk speeds are ${measuredBy.run}'s (the same kernel build${f.buildKey ? ` ${f.buildKey}` : ''}, recorded ${measuredBy.date})`);
        }
      }
      const machine = labMachine(f, measuredBy);
      if (!machine.ok) row.unsupported = machine.reason;
      else if (!hasMeasurements(measuredBy)) row.unsupported = 'no dd measurements of the guest\'s cipher and disk in this trace, nor in another trace of the same kernel build';
      else {
        row.taken = machine.taken;
        row.notes.push(...machine.notes);
        const runs = seeds.map((seed) => {
          const { scenario, notices } = resolveScenario({ kernel: mapping.kernel, patches: mapping.patches, params: { ...machine.params, seed } });
          for (const n of notices) if (!row.notes.includes(n.message)) row.notes.push(n.message);
          return modelMeasures(simulate(scenario));
        });
        row.model = modelSide(runs, seeds);
        row.watermarks = compareWatermarks(f, resolveScenario({ kernel: mapping.kernel, patches: mapping.patches, params: machine.params }).scenario);
        row.matched = row.real.cls === row.model.cls;
      }
    }
    rows.push(row);
    opts.onRow?.(row);
  }
  const compared = rows.filter((r) => r.matched !== null);
  return { rows, matched: compared.filter((r) => r.matched).length, compared: compared.length, seeds };
}

export { mappingLabel };
