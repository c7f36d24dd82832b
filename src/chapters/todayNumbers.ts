/**
 * What the "Today" chapter states about the lab's recorded runs, computed
 * from the traces themselves (content/data/lab/*.json), so the prose follows
 * whatever runs are recorded.
 */
import { TRACES, variantOf, type LabTrace } from '../widgets/today/traces.ts';
import { modelV49 } from '../widgets/today/modelLine.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
}

/** Writeback while swap-out is busy: the 90th percentile of samples above 1 MiB. */
function busyWritebackKiB(t: LabTrace): number {
  return quantile(t.series.writebackKiB.filter((k) => k > 1024), 0.9);
}

export interface Group {
  key: string;
  kernel: string;
  swap: string;
  variant: string;
  runs: LabTrace[];
}

function group(kernel: string, swap: string, variant: string): Group {
  return { key: `${kernel}-${swap}${variant ? `-${variant}` : ''}`, kernel, swap, variant, runs: TRACES.filter((t) => t.scenario.kernel === kernel && t.scenario.swap === swap && variantOf(t) === variant) };
}

const range = (xs: number[], d = 0) => (xs.length === 0 ? 'n/a' : Math.min(...xs) === Math.max(...xs) ? fmt(xs[0]!, d) : `${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)}`);

export function describeGroup(g: Group) {
  const r = g.runs;
  return {
    n: r.length,
    completed: r.filter((t) => t.result.kind === 'completed').length,
    oomKilled: r.filter((t) => t.result.kind === 'oom-killed').length,
    fill: range(r.map((t) => t.result.fillS ?? NaN).filter(Number.isFinite), 0),
    wall: range(r.map((t) => t.result.wallS ?? NaN).filter(Number.isFinite), 0),
    busyWritebackMiB: range(r.map((t) => busyWritebackKiB(t) / 1024), 1),
    peakWritebackMiB: range(r.map((t) => t.metrics.peakWritebackKiB / 1024), 1),
    psiFull: range(r.map((t) => t.metrics.maxPsiFullAvg10), 0),
    scanSteal: range(r.map((t) => t.metrics.directScanStealRatio ?? NaN).filter(Number.isFinite), 0),
    swapFreeAtKillMiB: range(r.map((t) => (t.result.swapFreeAtKillKiB ?? NaN) / 1024).filter(Number.isFinite), 0),
  };
}

const crypt61 = group('6.1', 'crypt', '');
const crypt612 = group('6.12', 'crypt', '');
const plain61 = group('6.1', 'plain', '');
const plain612 = group('6.12', 'plain', '');
const mglru61 = group('6.1', 'crypt', 'mglru');
const mglru612 = group('6.12', 'crypt', 'mglru');
const oom61 = group('6.1', 'crypt', 'oomctl');
const oom612 = group('6.12', 'crypt', 'oomctl');

const all = TRACES;
const swapBios = new Set(all.map((t) => (t.provenance as unknown as { guestSettings?: Record<string, string> }).guestSettings?.dm_swap_bios).filter(Boolean));
const model = modelV49();

export const today = {
  fmt,
  runs: all.length,
  scenarios: new Set(all.map((t) => t.scenario.name)).size,
  allOndrejCompleted: [crypt61, crypt612, plain61, plain612, mglru61, mglru612].every((g) => g.runs.every((t) => t.result.kind === 'completed')),
  anyBadPages: all.some((t) => (t.result.badPages ?? 0) > 0),
  maxGapS: fmt(Math.max(...all.map((t) => t.result.maxSampleGapS)), 2),
  kernels: [...new Set(all.map((t) => t.provenance.kernelPackage))],
  /** The upstream release each Debian package carries ("6.1.192"): the package version after "=", without the Debian revision. */
  upstream: [...new Set(all.map((t) => t.provenance.kernelPackage.split('=')[1]?.replace(/-[^-]*$/, '') ?? 'unknown'))],
  qemu: all[0]?.provenance.qemuVersion.replace('QEMU emulator version ', '') ?? 'unknown',
  dates: range(all.map((t) => Date.parse(t.provenance.date)).filter(Number.isFinite).map((x) => x / 86400000), 0),
  firstDate: all.map((t) => t.provenance.date).sort()[0]?.slice(0, 10) ?? 'unknown',
  swapBiosPages: [...swapBios].join(', '),
  swapBiosMiB: [...swapBios].map((p) => fmt((Number(p) * 4) / 1024)).join(', '),
  crypt61: describeGroup(crypt61),
  crypt612: describeGroup(crypt612),
  plain61: describeGroup(plain61),
  plain612: describeGroup(plain612),
  mglru61: describeGroup(mglru61),
  mglru612: describeGroup(mglru612),
  oom61: describeGroup(oom61),
  oom612: describeGroup(oom612),
  model: {
    outcome: model.outcome.kind,
    t: fmt(model.outcome.t),
    peakWritebackMiB: fmt(model.summary.maxWritebackKiB / 1024, 1),
  },
};
