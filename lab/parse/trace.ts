/**
 * Builds the trace JSON (content/data/lab/<run>.json) from a parsed log, and
 * formats it deterministically: objects indented, number arrays on one line,
 * events one per line. Everything comes from the log, so
 * formatTrace(buildTrace(parseSerialLog(log))) reproduces the committed file.
 */
import { classify, computeMetrics } from './classify.js';
import type { LabEvent, ParsedLog, Provenance, Sample, Series, Trace } from './types.js';

/** Traces stay below this size; the series is thinned (every k-th sample) until they do. */
export const MAX_TRACE_BYTES = 60_000;
/** At most this many events are kept (the first ones, which carry the story). */
export const MAX_EVENTS = 40;

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
  };
}

function series(samples: Sample[]): Series {
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
  };
}

/** Every stride-th sample, always keeping the first and the last. */
export function thin<T>(xs: T[], stride: number): T[] {
  if (stride <= 1 || xs.length <= 2) return xs;
  const out = xs.filter((_, i) => i % stride === 0);
  if ((xs.length - 1) % stride !== 0) out.push(xs[xs.length - 1] as T);
  return out;
}

export function buildTrace(p: ParsedLog): Trace {
  if (!p.scenario) throw new Error('log has no LABHOST scenario= header line');
  const events: LabEvent[] = p.events.slice(0, MAX_EVENTS).map((e) => ({ t: r(e.t, 2), kind: e.kind, text: e.text }));
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
      series: series(kept),
      events,
    };
    if (Buffer.byteLength(formatTrace(trace)) < MAX_TRACE_BYTES || kept.length <= 2) return trace;
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
