import type { LabTrace } from './traces.ts';
import type { TodayResult } from './compute.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

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
