import { variantOf, type LabTrace } from './traceNames.ts';
import type { TodayResult } from './compute.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const VARIANTS: Record<string, string> = { oomctl: 'OOM-control', mglru: 'MGLRU' };

/** How a comparison names a recorded run: "6.1 dm-crypt run 1", "6.12 bare-disk MGLRU run 2". */
export function traceName(t: LabTrace): string {
  const variant = variantOf(t);
  return `${t.scenario.kernel} ${t.scenario.swap === 'crypt' ? 'dm-crypt' : 'bare-disk'}${variant ? ` ${VARIANTS[variant] ?? variant}` : ''} run ${t.rep}`;
}

/** A recorded run's end in a few words, like a model run's shortOutcome: "completed in 216.2 s", "OOM kill after 254.3 s, 0% swap free". */
export function traceOutcome(t: LabTrace): string {
  const r = t.result;
  const after = r.wallS === null ? '' : ` after ${fmt(r.wallS, 1)} s`;
  if (r.kind === 'completed') return r.wallS === null ? 'completed' : `completed in ${fmt(r.wallS, 1)} s`;
  if (r.kind === 'oom-killed') {
    const swapKiB = t.scenario.swapGiB * 1024 * 1024;
    const free = r.swapFreeAtKillKiB === null || swapKiB <= 0 ? '' : `, ${Math.round((100 * r.swapFreeAtKillKiB) / swapKiB)}% swap free`;
    return `OOM kill${after}${free}`;
  }
  return `${r.kind}${after}`;
}

export function traceSentence(t: LabTrace): string {
  const r = t.result;
  const m = t.metrics;
  const what = r.kind === 'completed'
    ? `completed (touched and verified ${fmt(t.scenario.touchMiB)} MiB; fill ${fmt(r.fillS ?? 0, 1)} s, read-back ${fmt(r.verifyS ?? 0, 1)} s)`
    : r.kind === 'oom-killed'
      ? `OOM-killed with ${fmt((r.swapFreeAtKillKiB ?? 0) / 1024)} MiB of swap free`
      : `${r.kind} (${r.reason})`;
  const ratio = m.directScanStealRatio === null ? '' : `; direct reclaim scanned ${fmt(m.directScanStealRatio)} pages per page it reclaimed`;
  return `${t.scenario.kernel} with swap ${t.scenario.swap === 'crypt' ? 'on dm-crypt' : 'on the bare disk'}, run ${t.rep}: ${what}; writeback peaked at ${fmt(m.peakWritebackKiB)} kB, PSI memory full at ${fmt(m.maxPsiFullAvg10, 1)} %${ratio}.`;
}

export function todaySummary(result: TodayResult): string {
  if (!result.trace) return 'No recorded run matches these settings.';
  return [traceSentence(result.trace), result.other ? `The same on ${traceSentence(result.other)}` : ''].filter(Boolean).join(' ');
}
