/**
 * The fields of a lab trace (content/data/lab-2016/*.json, schema 1; written
 * by lab/parse/trace.ts) that the model comparison needs, read strictly: a
 * missing or malformed field is a {@link LabTraceError} naming the trace and
 * the field, never a silent default. Fields a trace may lack for a reason
 * (the guest's dd measurements, the sampler's later samples) are null.
 */

export class LabTraceError extends Error {
  constructor(readonly trace: string, readonly field: string, message: string) {
    super(`${trace}: ${field}: ${message}`);
    this.name = 'LabTraceError';
  }
}

/** One dd measurement of the guest (`bytes=… s=… MBps=…`), before the test. */
export interface DdMeasurement {
  bytes: number;
  s: number;
  /** bytes / s / 2^20 */
  MiBPerS: number;
}

export interface LabTraceFacts {
  /** The trace's run name, e.g. 4.6.2-crypt-r1. */
  run: string;
  /** Lab kernel variant id, e.g. 4.7.4-f9054c70+throttle-noretry. */
  kernelId: string;
  swap: 'crypt' | 'plain';
  cpus: number;
  memMiB: number;
  swapMiB: number;
  touchMiB: number;
  procs: number;
  overcommit: number;
  /** Seconds between the samples of a collector writing files beside the test (scenario key writer); null: the test alone. */
  writerS: number | null;
  /** The host's limit and the guest's watchdog, s. */
  hostTimeoutS: number;
  watchdogS: number;
  /** The run's date (provenance.date). */
  date: string;
  /** The lab's cache key of the kernel build (`key …` in provenance.kernelBuild.build), null for a distribution kernel. */
  buildKey: string | null;
  /** From provenance.kernelBuild.kconfig, null when the trace has no kconfig (a distribution kernel). */
  hz: number | null;
  /** provenance.guestSettings, as numbers where the guest printed one. */
  minFreeKbytes: number | null;
  watermarkScaleFactor: number | null;
  swappiness: number | null;
  /** Zones at boot (pages), from provenance.kernelBuild.zones. */
  zones: { name: string; free: number; min: number; low: number; high: number }[];
  /** The guest's dd measurements; null where the trace has none (an empty string or no field). */
  measurements: Record<string, DdMeasurement | null>;
  /** Outcome as the lab classified it. */
  result: {
    kind: string;
    reason: string;
    fillS: number | null;
    verifyS: number | null;
    oomKills: number;
    swapFreeAtKillKiB: number | null;
  };
  /** Guest time (s) memhog started (the `hog-start` event). */
  hogStartT: number;
  /** Guest time of the first OOM kill (the first `oom-kill` event), null if none. */
  oomKillT: number | null;
  /** Who invoked the first OOM kill and with what request (the first `oom-invoked` event), null if none or unreadable. */
  oomInvoker: OomInvoker | null;
  /** The collector beside the test (trace section collector): samples written, over how many seconds; null without one or where the guest did not report. */
  collector: { samples: number; seconds: number } | null;
  /** Guest time of the end of the run as the lab saw it (progress.endT, else the last sample). */
  endT: number;
  /**
   * Sampler series (guest s); dmWriteIos is cumulative writes completed on dm-0, memFreeKiB the guest's MemFree,
   * pgscanDirect and pgscanKswapd /proc/vmstat's cumulative pages scanned on the inactive lists (summed over the
   * zones before 4.8), allocstall its entries into direct reclaim; each null when the trace lacks it.
   */
  series: { t: number[]; writebackKiB: number[]; swapUsedKiB: number[]; dmWriteIos: number[] | null; memFreeKiB: number[] | null; pgscanDirect: number[] | null; pgscanKswapd: number[] | null; allocstall: number[] | null };
  /** Host-side reports (sysrq-m, allocation failures): still arrive when the guest's sampler is frozen. Empty for a trace without them (the Debian runs). */
  memReports: { t: number[]; writebackKiB: (number | null)[]; swapFreeKiB: (number | null)[] };
  peakWritebackKiB: number | null;
}

/** The kernel's "<comm> invoked oom-killer: gfp_mask=0x…(<flags>), order=<n>" line, read. */
export interface OomInvoker {
  comm: string;
  gfpFlags: string;
  order: number;
}

/** Reads an oom-invoked event's text; null when it is not the kernel's line. */
export function parseOomInvoker(text: string): OomInvoker | null {
  const m = /^(\S+) invoked oom-killer: gfp_mask=0x[0-9a-f]+\(([^)]*)\), order=(\d+)/.exec(text);
  return m ? { comm: m[1]!, gfpFlags: m[2]!, order: Number(m[3]) } : null;
}

type Json = Record<string, unknown>;

function get(trace: string, obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) throw new LabTraceError(trace, path, `missing (no object at ${key})`);
    cur = (cur as Json)[key];
  }
  return cur;
}

function num(trace: string, obj: unknown, path: string): number {
  const v = get(trace, obj, path);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LabTraceError(trace, path, `expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function numOrNull(trace: string, obj: unknown, path: string): number | null {
  const v = get(trace, obj, path);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LabTraceError(trace, path, `expected a number or null, got ${JSON.stringify(v)}`);
  return v;
}

function str(trace: string, obj: unknown, path: string): string {
  const v = get(trace, obj, path);
  if (typeof v !== 'string') throw new LabTraceError(trace, path, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function optional(obj: unknown, path: string): unknown {
  try {
    return get('', obj, path);
  } catch {
    return undefined;
  }
}

function numArray(trace: string, obj: unknown, path: string, allowNull = false): (number | null)[] {
  const v = get(trace, obj, path);
  if (!Array.isArray(v)) throw new LabTraceError(trace, path, 'expected an array');
  v.forEach((x, i) => {
    if (!(typeof x === 'number' && Number.isFinite(x)) && !(allowNull && x === null)) throw new LabTraceError(trace, `${path}[${i}]`, `expected a number${allowNull ? ' or null' : ''}, got ${JSON.stringify(x)}`);
  });
  return v as (number | null)[];
}

/** A guest setting printed as a decimal number, or null ("absent", "", missing). */
function setting(obj: unknown, key: string): number | null {
  const v = optional(obj, `provenance.guestSettings.${key}`);
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
}

/** `bytes=33554432 s=1.66 MBps=20.2` → the measurement; '' or absent → null. */
export function parseDd(trace: string, field: string, v: unknown): DdMeasurement | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new LabTraceError(trace, field, `expected "bytes=… s=… MBps=…", got ${JSON.stringify(v)}`);
  const m = /^bytes=(\d+) s=(\d+(?:\.\d+)?)(?: MBps=\S+)?$/.exec(v.trim());
  if (!m) throw new LabTraceError(trace, field, `expected "bytes=… s=… MBps=…", got ${JSON.stringify(v)}`);
  const bytes = Number(m[1]), s = Number(m[2]);
  if (!(s > 0) || !(bytes > 0)) throw new LabTraceError(trace, field, `a measurement of ${bytes} bytes in ${s} s cannot give a rate`);
  return { bytes, s, MiBPerS: bytes / s / 1048576 };
}

/** `DMA:free=3853,min=15,low=18,high=21 DMA32:…` → zones (pages). */
export function parseZones(trace: string, v: unknown): LabTraceFacts['zones'] {
  if (v === undefined || v === null || v === '') return [];
  if (typeof v !== 'string') throw new LabTraceError(trace, 'provenance.kernelBuild.zones', `expected a string, got ${JSON.stringify(v)}`);
  return v.trim().split(/\s+/).map((z) => {
    const m = /^(\w+):free=(\d+),min=(\d+),low=(\d+),high=(\d+)$/.exec(z);
    if (!m) throw new LabTraceError(trace, 'provenance.kernelBuild.zones', `cannot read zone ${JSON.stringify(z)}`);
    return { name: m[1]!, free: Number(m[2]), min: Number(m[3]), low: Number(m[4]), high: Number(m[5]) };
  });
}

function collectorOf(json: unknown): { samples: number; seconds: number } | null {
  const samples = optional(json, 'collector.samples'), seconds = optional(json, 'collector.seconds');
  return typeof samples === 'number' && typeof seconds === 'number' ? { samples, seconds } : null;
}

/** The three fields that say which kernel and swap a trace ran, read before anything else. */
export function readLabTraceHeader(json: unknown, name = 'trace'): { run: string; kernelId: string; swap: string; resultKind: string } {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new LabTraceError(name, '', 'not a JSON object');
  const run = str(name, json, 'run');
  return { run, kernelId: str(run, json, 'scenario.kernel'), swap: str(run, json, 'scenario.swap'), resultKind: str(run, json, 'result.kind') };
}

/** Reads the facts of one trace; `name` is what errors call it (its file name). */
export function readLabTrace(json: unknown, name = 'trace'): LabTraceFacts {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new LabTraceError(name, '', 'not a JSON object');
  const schema = get(name, json, 'schema');
  if (schema !== 1) throw new LabTraceError(name, 'schema', `expected schema 1, got ${JSON.stringify(schema)}`);
  const run = str(name, json, 'run');
  const t = run || name;
  const swap = str(t, json, 'scenario.swap');
  if (swap !== 'crypt' && swap !== 'plain') throw new LabTraceError(t, 'scenario.swap', `expected "crypt" or "plain", got ${JSON.stringify(swap)}`);
  const hzRaw = optional(json, 'provenance.kernelBuild.kconfig.HZ');
  let hz: number | null = null;
  if (hzRaw !== undefined && hzRaw !== null && hzRaw !== '') {
    if (typeof hzRaw !== 'string' || !/^\d+$/.test(hzRaw)) throw new LabTraceError(t, 'provenance.kernelBuild.kconfig.HZ', `expected a number, got ${JSON.stringify(hzRaw)}`);
    hz = Number(hzRaw);
  }
  const measurements: Record<string, DdMeasurement | null> = {};
  const meas = optional(json, 'provenance.kernelBuild.measurements');
  if (meas && typeof meas === 'object') for (const [k, v] of Object.entries(meas as Json)) measurements[k] = parseDd(t, `provenance.kernelBuild.measurements.${k}`, v);

  const events = get(t, json, 'events');
  if (!Array.isArray(events)) throw new LabTraceError(t, 'events', 'expected an array');
  const hog = events.find((e) => e && typeof e === 'object' && (e as Json).kind === 'hog-start') as Json | undefined;
  if (!hog || typeof hog.t !== 'number') throw new LabTraceError(t, 'events', 'no hog-start event: the test never started');

  const st = numArray(t, json, 'series.t') as number[];
  const seriesOf = (key: string) => {
    const a = numArray(t, json, `series.${key}`) as number[];
    if (a.length !== st.length) throw new LabTraceError(t, `series.${key}`, `has ${a.length} points, series.t has ${st.length}`);
    return a;
  };
  const dm = optional(json, 'series.dmWriteIos') === undefined ? null : seriesOf('dmWriteIos');
  const memFree = optional(json, 'series.memFreeKiB') === undefined ? null : seriesOf('memFreeKiB');
  const scanD = optional(json, 'series.pgscanDirect') === undefined ? null : seriesOf('pgscanDirect');
  const scanK = optional(json, 'series.pgscanKswapd') === undefined ? null : seriesOf('pgscanKswapd');
  const stalls = optional(json, 'series.allocstall') === undefined ? null : seriesOf('allocstall');
  const hasReports = optional(json, 'memReports') !== undefined;
  const mt = hasReports ? (numArray(t, json, 'memReports.t') as number[]) : [];
  const memOf = (key: string) => {
    if (!hasReports) return [];
    const a = numArray(t, json, `memReports.${key}`, true);
    if (a.length !== mt.length) throw new LabTraceError(t, `memReports.${key}`, `has ${a.length} points, memReports.t has ${mt.length}`);
    return a;
  };
  const endT = numOrNull(t, json, 'progress.endT') ?? st[st.length - 1] ?? hog.t;
  const swapGiB = num(t, json, 'scenario.swapGiB');
  return {
    run: t,
    kernelId: str(t, json, 'scenario.kernel'),
    swap,
    cpus: num(t, json, 'scenario.cpus'),
    memMiB: num(t, json, 'scenario.memMiB'),
    swapMiB: swapGiB * 1024,
    touchMiB: num(t, json, 'scenario.touchMiB'),
    procs: num(t, json, 'scenario.procs'),
    overcommit: num(t, json, 'scenario.overcommit'),
    writerS: typeof optional(json, 'scenario.writer') === 'number' ? (optional(json, 'scenario.writer') as number) : null,
    hostTimeoutS: num(t, json, 'scenario.hostTimeoutS'),
    watchdogS: num(t, json, 'scenario.watchdogS'),
    date: str(t, json, 'provenance.date'),
    buildKey: /^key (\w+)/.exec(String(optional(json, 'provenance.kernelBuild.build') ?? ''))?.[1] ?? null,
    hz,
    minFreeKbytes: setting(json, 'min_free_kbytes'),
    watermarkScaleFactor: setting(json, 'watermark_scale_factor'),
    swappiness: setting(json, 'swappiness'),
    zones: parseZones(t, optional(json, 'provenance.kernelBuild.zones')),
    measurements,
    result: {
      kind: str(t, json, 'result.kind'),
      reason: str(t, json, 'result.reason'),
      fillS: numOrNull(t, json, 'result.fillS'),
      verifyS: numOrNull(t, json, 'result.verifyS'),
      oomKills: num(t, json, 'result.oomKills'),
      swapFreeAtKillKiB: numOrNull(t, json, 'result.swapFreeAtKillKiB'),
    },
    hogStartT: hog.t,
    oomKillT: (events.find((e) => e && typeof e === 'object' && (e as Json).kind === 'oom-kill' && typeof (e as Json).t === 'number') as { t: number } | undefined)?.t ?? null,
    oomInvoker: parseOomInvoker(String((events.find((e) => e && typeof e === 'object' && (e as Json).kind === 'oom-invoked') as Json | undefined)?.text ?? '')),
    collector: collectorOf(json),
    endT,
    series: { t: st, writebackKiB: seriesOf('writebackKiB'), swapUsedKiB: seriesOf('swapUsedKiB'), dmWriteIos: dm, memFreeKiB: memFree, pgscanDirect: scanD, pgscanKswapd: scanK, allocstall: stalls },
    memReports: { t: mt, writebackKiB: memOf('writebackKiB'), swapFreeKiB: memOf('swapFreeKiB') },
    peakWritebackKiB: numOrNull(t, json, 'metrics.peakWritebackKiB'),
  };
}
