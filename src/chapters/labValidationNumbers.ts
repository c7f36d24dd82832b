/**
 * The model against the real-kernel lab traces (content/data/lab-2016/*.json,
 * then the Debian runs in content/data/lab/*.json), computed once per build
 * with the model's own compareAgainstLab(): the same table
 * `fpsim validate --against lab` prints. New traces are picked up by the glob.
 */
import { compareAgainstLab, type LabComparison, type LabRow } from '@forward-progress/model/lab/compare';
import { matchedLine } from '@forward-progress/model/report/labValidation';
import { TIME_FACTOR, ratioRange, timeAgreement, type TimeGroup } from '@forward-progress/model/lab/timeAgreement';
import { directScanRatios, timesWord } from '@forward-progress/model/lab/scanRatio';
import { defaultParams } from '@forward-progress/model/scenario/params';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { scenarioId, scenarioToQuery } from '@forward-progress/model/scenario/codec';
import { simulate, type SimResult } from '@forward-progress/model/sim/simulate';
import { LabTraceError, readLabTrace } from '@forward-progress/model/lab/trace';

const lab2016 = import.meta.glob('../../content/data/lab-2016/*.json', { eager: true, import: 'default' });
const labToday = import.meta.glob('../../content/data/lab/*.json', { eager: true, import: 'default' });

const inputs = (mods: Record<string, unknown>, dir: string) =>
  Object.entries(mods)
    .map(([path, json]) => ({ name: `${dir}/${path.slice(path.lastIndexOf('/') + 1)}`, json }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

let cached: LabComparison | undefined;
/** Milliseconds the comparison took (the build log prints it once). */
export let labComparisonMs = 0;

export function labComparison(): LabComparison {
  if (!cached) {
    const t0 = performance.now();
    cached = compareAgainstLab([...inputs(lab2016, 'lab-2016'), ...inputs(labToday, 'lab')]);
    labComparisonMs = performance.now() - t0;
  }
  return cached;
}

/** Rows the page shows one by one: every trace the model ran, and every trace refused for a reason of its own (plain swap, no measurements). */
export function labRowsShown(): LabRow[] {
  return labComparison().rows.filter((r) => r.mapping.ok || r.unsupported !== r.mapping.reason);
}

/** Traces whose kernel the model has no counterpart for, one entry per kernel. */
export function labKernelsNotModelled(): { kernel: string; runs: string[]; reason: string }[] {
  const out = new Map<string, { kernel: string; runs: string[]; reason: string }>();
  for (const r of labComparison().rows) {
    if (r.mapping.ok || r.unsupported !== r.mapping.reason) continue;
    const e = out.get(r.kernelId) ?? { kernel: r.kernelId, runs: [], reason: r.mapping.reason };
    e.runs.push(r.run);
    out.set(r.kernelId, e);
  }
  return [...out.values()];
}

/** A time group for the page: counts, the ratio range, and the run furthest from agreement (seconds rounded). */
function timeGroupShown(g: TimeGroup) {
  const far = g.furthest;
  return { of: g.of, within: g.within, range: ratioRange(g), furthest: far ? { run: far.run, realS: Math.round(far.realS), modelS: Math.round(far.modelS) } : null };
}

export function labTotals() {
  const c = labComparison();
  const time = timeAgreement(c.rows);
  return {
    timeFactor: TIME_FACTOR,
    timePlain: timeGroupShown(time.plain),
    timeCrypt: timeGroupShown(time.crypt),
    scanCrypt: (() => {
      const g = directScanRatios(c.rows).crypt;
      return g.of ? { of: g.of, median: timesWord(g.median!), least: timesWord(g.least!), most: timesWord(g.most!) } : null;
    })(),
    matched: c.matched,
    compared: c.compared,
    traces: c.rows.length,
    seeds: c.seeds.length,
    line: matchedLine(c),
    notCompared: c.rows.length - c.compared,
    borrowed: c.rows.filter((r) => r.notes.some((n) => n.includes('no dd measurements'))).map((r) => r.run),
    cipher: range(c.rows, 'cryptMiBPerSPerCpu'),
    disk: range(c.rows, 'diskMiBPerS'),
    touch: range(c.rows, 'touchMiBPerS'),
    defaultCipher: defaultParams().cryptMiBPerSPerCpu,
    defaultDisk: defaultParams().diskMiBPerS,
  };
}

/** Smallest and largest value of a parameter taken from the traces the model ran, rounded. */
function range(rows: LabRow[], key: string): { min: number; max: number } | null {
  const xs = rows.flatMap((r) => (r.model ? r.taken.filter((t) => t.key === key).map((t) => t.value) : []));
  return xs.length ? { min: Math.round(Math.min(...xs)), max: Math.round(Math.max(...xs)) } : null;
}

/**
 * A real run that got to the end of its fill while crawling (the class the
 * crawl definition exists for), or null when no trace has one: its run id,
 * minutes to the end of the fill, and its write rate over the last minutes.
 */
export function crawlThatFinished(): { run: string; fillMin: number; lateReqPerS: number } | null {
  const r = labComparison().rows.find((x) => x.real?.cls === 'crawl' && x.real.endS !== null && x.real.lateReqPerS !== null);
  if (!r || !r.real || r.real.endS === null || r.real.lateReqPerS === null) return null;
  return { run: r.run, fillMin: Math.round(r.real.endS / 60), lateReqPerS: Math.round(r.real.lateReqPerS) };
}

/** The first lab row of 4.6.2 on dm-crypt, 1 GiB, whose class the model misses, and the model's seed-1 run on its machine (null when there is none). */
function lab462Miss() {
  const onOndrejsSize = (r: LabRow) => r.taken.some((t) => t.key === 'ramMiB' && t.value === 1024);
  const row = labComparison().rows.find((r) => r.kernelId === '4.6.2' && r.swap === 'crypt' && r.model && r.matched === false && onOndrejsSize(r));
  if (!row || !row.mapping.ok) return null;
  const params = Object.fromEntries(row.taken.map((t) => [t.key, t.value]));
  const input = { kernel: row.mapping.kernel, patches: [...row.mapping.patches], params: { ...params, seed: 1 } };
  const r = simulate(resolveScenario(input).scenario);
  // Where each task spent most of its waiting (the run's stall sites, cpu and idle left out).
  const site = (task: string) => Object.entries(r.stalls[task] ?? {}).filter(([k]) => k !== 'cpu').sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'nothing';
  return { row, input, r, site, id: scenarioId(r.scenario, r.model.version), query: scenarioToQuery(r.scenario) };
}

let miss462: ReturnType<typeof lab462Miss> | undefined;
const lab462 = () => (miss462 === undefined ? (miss462 = lab462Miss()) : miss462);
const tenths = (x: number) => Math.round(x * 10) / 10;

/** A freeze in one model run, as the model page tells it (freezeInRun). */
export interface RunFreeze {
  /** When free memory was 0 with swap in use and no kcryptd write completing, s. */
  frozeS: number;
  /** When the largest zone's scan count first passed its zone_reclaimable gate during the freeze, s; null if it never did. */
  gateS: number | null;
  /** When writes completed again (the first sample out of the freeze), s. */
  resumedS: number;
  endS: number;
  kind: string;
}

/** What freezeInRun reads of a run: its end and five of its series. */
type FreezeInput = { outcome: { kind: string; t: number }; series: Pick<SimResult['series'], 't' | 'freeKiB' | 'kcryptdReqPerS' | 'swapUsedKiB' | 'zones'> };

/**
 * The first freeze of a run and how it ended: the first sample with free
 * memory 0, swap in use and no kcryptd write completing, through the first
 * sample that is not; the gate of the zone with the largest
 * zone_reclaimable gate (six times its reclaimable pages), when its scan
 * count first reached it from the freeze on. Null when the run never froze,
 * or froze to its end (that is not a freeze the run left).
 */
export function freezeInRun(r: FreezeInput): RunFreeze | null {
  const span = freezeSpan(r);
  if (!span) return null;
  const { from, to, zone } = span;
  const s = r.series;
  const gate = zone ? zone.pagesScanned.findIndex((n, i) => i >= from && n >= zone.reclaimableGate[i]!) : -1;
  const at = (i: number) => tenths(s.t[i]!);
  return { frozeS: at(from), gateS: gate >= 0 ? at(gate) : null, resumedS: at(to), endS: tenths(r.outcome.t), kind: r.outcome.kind };
}

/** freezeInRun's samples: the first of the freeze, the first out of it, and the zone with the largest gate. */
function freezeSpan(r: FreezeInput): { from: number; to: number; zone: FreezeInput['series']['zones'][string] | undefined } | null {
  const s = r.series;
  const stuck = (i: number) => s.freeKiB[i] === 0 && s.kcryptdReqPerS[i] === 0 && s.swapUsedKiB[i]! > 0;
  const from = s.t.findIndex((_, i) => stuck(i));
  if (from < 0) return null;
  let to = from;
  while (to < s.t.length && stuck(to)) to++;
  if (to >= s.t.length) return null;
  const zone = Object.values(s.zones).sort((a, b) => Math.max(...b.reclaimableGate) - Math.max(...a.reclaimableGate))[0];
  return { from, to, zone };
}

/** How far (%, rounded) the largest zone's scan count got towards its zone_reclaimable gate during the freeze; null when the run did not freeze. */
function gatePeakInFreeze(r: FreezeInput): number | null {
  const span = freezeSpan(r);
  if (!span || !span.zone) return null;
  const { from, to, zone } = span;
  let peak = 0;
  for (let i = from; i < to; i++) if (zone.reclaimableGate[i]! > 0) peak = Math.max(peak, zone.pagesScanned[i]! / zone.reclaimableGate[i]!);
  return Math.round(peak * 100);
}

/**
 * How the model leaves the freeze on the machine of a real 4.6.2 run that
 * froze (lab462Miss), seed 1 (freezeInRun), how far its largest zone's scan
 * count got towards the zone_reclaimable gate meanwhile, and where the test,
 * kswapd and the first kcryptd worker waited most. Null when no such row
 * exists or the model never froze there.
 */
export function modelFreezeOnLab462(): ({ run: string; input: { kernel: string; patches: string[]; params: Record<string, number> }; id: string; query: string; sites: { test: string; kswapd: string; kcryptd: string }; gatePeakPct: number | null } & RunFreeze) | null {
  const m = lab462();
  if (!m) return null;
  const { row, input, r, site, id, query } = m;
  const freeze = freezeInRun(r);
  if (!freeze) return null;
  return { run: row.run, input, id, query, sites: { test: site('test'), kswapd: site('kswapd0'), kcryptd: site('kcryptd/0') }, gatePeakPct: gatePeakInFreeze(r), ...freeze };
}

/**
 * The same run when the model does not freeze at all (modelFreezeOnLab462 is
 * null): its outcome and end, the kcryptd workers' mean rate, and where the
 * first worker spent its time (seconds in wait_iff_congested and in
 * throttle_vm_writeout, of the run's length). Null when there is no such row,
 * or when the model froze (the other function tells that story).
 */
export function modelUnfrozenOnLab462(): { run: string; input: { kernel: string; patches: string[]; params: Record<string, number> }; id: string; query: string; kind: string; endS: number; kcryptdReqPerS: number; kcryptdWaitIffCongestedS: number; kcryptdThrottleS: number; testSite: string } | null {
  if (modelFreezeOnLab462()) return null;
  const m = lab462();
  if (!m) return null;
  const { row, input, r, site, id, query } = m;
  const rates = r.series.kcryptdReqPerS;
  const stalls = r.stalls['kcryptd/0'] ?? {};
  return {
    run: row.run, input, id, query, kind: r.outcome.kind, endS: tenths(r.outcome.t),
    kcryptdReqPerS: Math.round(rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length)),
    kcryptdWaitIffCongestedS: tenths(stalls.wait_iff_congested ?? 0),
    kcryptdThrottleS: tenths(stalls.throttle_vm_writeout ?? 0),
    testSite: site('test'),
  };
}

/**
 * The lab's runs of the 2016 kernels (content/data/lab-2016) that ended in an
 * OOM kill, each with the allocation that invoked the killer as the guest's
 * log gives it (null when the line is not readable), and how many runs there
 * are in all.
 */
export function lab2016OomKills(): { runs: number; kills: { run: string; kernelId: string; comm: string | null; order: number | null }[] } {
  const traces = inputs(lab2016, 'lab-2016');
  const kills = traces.flatMap(({ name, json }) => {
    let f;
    try {
      f = readLabTrace(json, name);
    } catch (e) {
      // A malformed trace is reported by the lab table (compareAgainstLab); it tells nothing here.
      if (e instanceof LabTraceError) return [];
      throw e;
    }
    return f.result.oomKills > 0 ? [{ run: f.run, kernelId: f.kernelId, comm: f.oomInvoker?.comm ?? null, order: f.oomInvoker?.order ?? null }] : [];
  });
  return { runs: traces.length, kills };
}
