/**
 * Builds the trace JSON (content/data/lab/<run>.json) from a parsed log, and
 * formats it deterministically: objects indented, number arrays on one line,
 * events one per line. Everything comes from the log, so
 * formatTrace(buildTrace(parseSerialLog(log))) reproduces the committed file.
 */
import { classify, computeMetrics } from './classify.js';
import { describeTask, parseBlockedDumps, parseMemReports, summarizeBlocked, type MemReport } from './sysrq.js';
import { keptEvents } from './keptEvents.js';
import type {
  BlockedSection, CollectorSection, KernelBuild, LabEvent, MemReportSection, ParsedLog, ProgressSection, Provenance, Sample, Series, Trace,
} from './types.js';

/** Traces stay below this size; the series is thinned (every k-th sample) until they do. */
export const MAX_TRACE_BYTES = 60_000;
/** Traces of built kernels carry stack dumps and memory reports too: a larger budget. */
export const MAX_TRACE_BYTES_BUILT = 95_000;

const r = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function hostLoad(p: ParsedLog): Provenance['hostLoad'] {
  const f = p.footer;
  if (!f || f.qemuCpuS === null || f.hostLoad1Start === null || f.hostLoad1End === null) return null;
  return {
    load1Start: f.hostLoad1Start,
    load1End: f.hostLoad1End,
    qemuCpuS: f.qemuCpuS,
    qemuCpuPerWall: f.wallS > 0 ? r(f.qemuCpuS / f.wallS, 2) : 0,
  };
}

/** Built kernels (header line kernelId=…): where the tree came from, the edits, the build, the guest's uname and HZ. */
function kernelBuild(p: ParsedLog): KernelBuild | undefined {
  const h = p.header;
  if (h.kernelId === undefined) return undefined;
  const kconfig: Record<string, string> = {};
  for (const m of (p.guestInfo.kconfig ?? '').matchAll(/CONFIG_([A-Z0-9_]+)=(\S+)/g)) kconfig[m[1] as string] = m[2] as string;
  const measurements: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.guestInfo)) if (k.startsWith('measure ')) measurements[k.slice(8)] = v;
  return {
    id: h.kernelId,
    source: h.kernelSource ?? '',
    mirror: h.kernelMirror ?? '',
    commit: h.kernelCommit ?? '',
    mirrorDiff: h.kernelMirrorDiff ?? '',
    edits: (h.kernelEditsSha256 ?? '').trim(),
    configSha256: h.kernelConfigSha256 ?? '',
    compiler: h.kernelCompiler ?? '',
    build: h.kernelBuild ?? '',
    buildLog: h.kernelBuildLog ?? '',
    uname: p.guestInfo.uname ?? null,
    kconfig,
    zones: p.guestInfo.zones ?? null,
    measurements,
  };
}

function hostLoadSamples(p: ParsedLog): Array<[number, number]> | undefined {
  const s = p.header.hostLoadSamples;
  if (s === undefined) return undefined;
  return s.split(/\s+/).filter(Boolean).map((x) => x.split(':').map(Number) as [number, number]);
}

function provenance(p: ParsedLog): Provenance {
  const h = p.header;
  return {
    kernelPackage: h.kernelPackage ?? 'unknown',
    kernelVersion: p.kernelRelease ?? 'unknown',
    qemuVersion: h.qemuVersion ?? 'unknown',
    accelerator: h.accelerator ?? 'unknown',
    qemuArgs: h.qemuArgs ?? '',
    cmdline: h.cmdline ?? '',
    date: h.date ?? '',
    command: h.command ?? '',
    guestTools: h.guestTools ?? '',
    guestSettings: p.settings,
    host: {
      cores: Number(h.hostCores ?? 0),
      memoryMiB: Number(h.hostMemoryMiB ?? 0),
      cpu: h.hostCpu ?? '',
      kernel: h.hostKernel ?? '',
    },
    hostLoad: hostLoad(p),
    hostLoadSamples: hostLoadSamples(p),
    kernelBuild: kernelBuild(p),
  };
}

/** At most this many dumps are kept in the timeline (the summary counts them all). */
export const MAX_TIMELINE_DUMPS = 16;

function blockedSection(text: string): BlockedSection {
  const dumps = parseBlockedDumps(text);
  let stride = 1;
  while (Math.ceil(dumps.length / stride) > MAX_TIMELINE_DUMPS) stride++;
  const kept = thin(dumps, stride);
  return {
    dumps: dumps.length,
    tasks: dumps.reduce((a, d) => a + d.tasks.length, 0),
    summary: summarizeBlocked(dumps).map((row) => ({ ...row, firstT: r(row.firstT, 2), lastT: r(row.lastT, 2) })),
    timeline: kept.map((d) => ({ t: r(d.t, 2), tasks: d.tasks.map((t) => describeTask(t)) })),
    timelineStride: stride,
  };
}

function memReportSection(text: string): MemReportSection {
  const reps = parseMemReports(text);
  const watermarks: MemReportSection['watermarks'] = {};
  for (const [z, v] of Object.entries(reps[0]?.zones ?? {})) watermarks[z] = { min: v.min, low: v.low, high: v.high };
  return {
    t: reps.map((x) => r(x.t, 2)),
    source: reps.map((x) => x.source),
    freeKiB: reps.map((x) => x.freeKiB),
    writebackKiB: reps.map((x) => x.writebackKiB),
    swapFreeKiB: reps.map((x) => x.swapFreeKiB),
    watermarks,
    reclaimGate: reclaimGateSeries(reps),
  };
}

/** The largest reclaim unit's gate across the reports (see MemReportSection.reclaimGate). */
function reclaimGateSeries(reps: MemReport[]): MemReportSection['reclaimGate'] {
  const first = reps.find((x) => Object.keys(x.reclaim).length > 0);
  if (!first) return undefined;
  const [unit] = Object.entries(first.reclaim).sort((a, b) => b[1].lruKiB - a[1].lruKiB)[0]!;
  return {
    unit,
    scannedKiB: reps.map((x) => x.reclaim[unit]?.scannedKiB ?? null),
    gateKiB: reps.map((x) => (x.reclaim[unit] ? 6 * x.reclaim[unit].lruKiB : null)),
    unreclaimable: reps.map((x) => x.reclaim[unit]?.unreclaimable ?? null),
  };
}

/** The rate of progress near the end of the run: memhog's fill and the kernel's swap-out over the last 5 guest minutes. */
function progressSection(p: ParsedLog, text: string): ProgressSection {
  const WINDOW_S = 300;
  const pts = p.hogs.flatMap((h) => h.progress).sort((a, b) => a[0] - b[0]);
  const last = pts[pts.length - 1];
  const ls = p.samples[p.samples.length - 1];
  const mem = parseMemReports(text).filter((m) => m.swapFreeKiB !== null);
  const kernelTimes = [...text.matchAll(/^\s*\[\s*(\d+\.\d+)\]/gm)].map((m) => Number(m[1]));
  const endT = Math.max(ls?.t ?? 0, last?.[0] ?? 0, kernelTimes.length ? Math.max(...kernelTimes) : 0) || null;
  let rate: number | null = null;
  let swapRate: number | null = null;
  if (endT !== null && endT > WINDOW_S) {
    const from = endT - WINDOW_S;
    const before = pts.filter((x) => x[0] <= from).at(-1)?.[1] ?? 0;
    const at = pts.filter((x) => x[0] <= endT).at(-1)?.[1] ?? 0;
    rate = r(((at - before) / WINDOW_S) * 60, 1);
    const m0 = mem.find((m) => m.t >= from);
    const m1 = mem.at(-1);
    if (m0 && m1 && m1.t > m0.t) swapRate = r((((m0.swapFreeKiB ?? 0) - (m1.swapFreeKiB ?? 0)) / (m1.t - m0.t)) * 60, 1);
  }
  return {
    touchedMiB: p.hogs.reduce((a, h) => a + h.touchedMiB, 0),
    lastProgressT: last ? r(last[0], 2) : null,
    lastSampleT: ls ? r(ls.t, 2) : null,
    endT: endT === null ? null : r(endT, 2),
    recentMiBPerMin: rate,
    recentSwapUsedKiBPerMin: swapRate,
  };
}

function series(samples: Sample[], built: boolean): Series {
  const opt = (f: 'dm_wios' | 'vda_wios' | 'allocstall'): number[] | undefined =>
    built ? samples.map((s) => s.extra[f] ?? -1) : undefined;
  return {
    t: samples.map((s) => r(s.t, 1)),
    memFreeKiB: samples.map((s) => s.v.MemFree),
    memAvailableKiB: samples.map((s) => s.v.MemAvailable),
    writebackKiB: samples.map((s) => s.v.Writeback),
    swapUsedKiB: samples.map((s) => s.v.SwapTotal - s.v.SwapFree),
    psiSomeAvg10: samples.map((s) => r(s.v.psi_some10, 2)),
    psiFullAvg10: samples.map((s) => r(s.v.psi_full10, 2)),
    pgscanDirect: samples.map((s) => s.v.pgscan_direct),
    pgstealDirect: samples.map((s) => s.v.pgsteal_direct),
    pgscanKswapd: samples.map((s) => s.v.pgscan_kswapd),
    pgstealKswapd: samples.map((s) => s.v.pgsteal_kswapd),
    dmWriteIos: opt('dm_wios'),
    vdaWriteIos: opt('vda_wios'),
    allocstall: opt('allocstall'),
  };
}

/** Every stride-th sample, always keeping the first and the last. */
export function thin<T>(xs: T[], stride: number): T[] {
  if (stride <= 1 || xs.length <= 2) return xs;
  const out = xs.filter((_, i) => i % stride === 0);
  if ((xs.length - 1) % stride !== 0) out.push(xs[xs.length - 1] as T);
  return out;
}

/** The collector of a `writer` scenario: its own final count and what reached its disk. */
function collectorSection(p: ParsedLog): CollectorSection | undefined {
  const everyS = p.scenario?.writer;
  if (!everyS) return undefined;
  const end = /samples=(\d+) every=\d+ seconds=(\d+)/.exec(p.guestInfo.writer ?? '');
  const onDisk = p.header.writerSlotsOnDisk;
  return {
    everyS,
    samples: end ? Number(end[1]) : null,
    seconds: end ? Number(end[2]) : null,
    slotsOnDisk: onDisk !== undefined && /^\d+$/.test(onDisk) ? Number(onDisk) : null,
  };
}

/**
 * text: the whole log, needed for the kernel's stack dumps and memory reports of
 * built kernels (logs with a kernelId header line); Debian-kernel traces do not use it.
 */
export function buildTrace(p: ParsedLog, text = ''): Trace {
  const built = p.header.kernelId !== undefined;
  const blocked = built ? blockedSection(text) : undefined;
  const memReports = built ? memReportSection(text) : undefined;
  const progress = built ? progressSection(p, text) : undefined;
  const collector = collectorSection(p);
  if (!p.scenario) throw new Error('log has no LABHOST scenario= header line');
  const kept = keptEvents(p.events);
  const events: LabEvent[] = kept.events.map((e) => ({ t: r(e.t, 2), kind: e.kind, text: e.text }));
  const eventsOmitted = Object.keys(kept.omitted).length > 0 ? kept.omitted : undefined;
  const intervalS = p.scenario.sampleMs / 1000;
  let trace: Trace | null = null;
  for (let stride = 1; ; stride++) {
    const kept = thin(p.samples, stride);
    trace = {
      schema: 1,
      run: p.header.run ?? p.scenario.name,
      rep: Number(p.header.rep ?? 1),
      scenario: p.scenario,
      provenance: provenance(p),
      result: classify(p),
      metrics: computeMetrics(p),
      sampling: { intervalS, stride, points: kept.length },
      series: series(kept, built),
      events,
      eventsOmitted,
      progress,
      collector,
      blocked,
      memReports,
    };
    if (Buffer.byteLength(formatTrace(trace)) < (built ? MAX_TRACE_BYTES_BUILT : MAX_TRACE_BYTES) || kept.length <= 2) return trace;
  }
}

function fmt(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every((x) => x === null || typeof x !== 'object')) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((x) => inner + JSON.stringify(x)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${fmt(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** The committed text of a trace file (ends with a newline). */
export function formatTrace(t: Trace): string {
  return fmt(t, '') + '\n';
}
