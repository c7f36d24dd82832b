import type { Kernels2016Result } from './compute.ts';
import { runName, swapTotalKiB, type Lab2016Trace } from './traces.ts';
import { OUTCOME_WORDS, leastSwapFreeKiB, outcomeClass, peakWritebackKiB, progressSeconds, testSeconds, type BlockedTask } from './analysis.ts';

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const mib = (kib: number | null, d = 1) => (kib === null ? 'n/a' : `${fmt(kib / 1024, d)} MiB`);

/** Short task names for figures: "kworker [kcryptd]" → "kcryptd". */
export const shortTask = (task: string) => task.replace(/^kworker \[(.*)\]$/, '$1');

/** A run's end in a few words: "completed in 1,160 s", "stuck at the host limit (test moved for 18 s)". */
export function runOutcome(t: Lab2016Trace): string {
  const c = outcomeClass(t);
  const moved = progressSeconds(t);
  if (c === 'completed') return `completed in ${fmt(testSeconds(t))} s`;
  if (c === 'froze-then-completed') return `completed in ${fmt(testSeconds(t))} s after a freeze of ${fmt(t.result.maxSampleGapS)} s`;
  if (c === 'oom-killed') return `OOM-killed after ${fmt(testSeconds(t))} s`;
  if (c === 'frozen') return `stuck at the host limit after ${fmt(testSeconds(t))} s (the test last moved ${moved === null ? 'never' : `${fmt(moved)} s in`})`;
  if (c === 'crawling') {
    const phase = t.result.fillS !== null ? `touched all ${fmt(t.scenario.touchMiB)} MiB in ${fmt(t.result.fillS)} s, still reading it back` : `still touching memory (${fmt(t.progress.touchedMiB)} of ${fmt(t.scenario.touchMiB)} MiB)`;
    return `crawling at the host limit after ${fmt(testSeconds(t))} s: ${phase}${t.result.maxSampleGapS >= 60 ? `; the sampler was frozen for ${fmt(t.result.maxSampleGapS)} s` : ''}`;
  }
  return OUTCOME_WORDS[c];
}

/** One sentence about a whole run. */
export function runSentence(t: Lab2016Trace): string {
  const freeSwap = leastSwapFreeKiB(t);
  return `${runName(t)}: ${runOutcome(t)}; writeback peaked at ${mib(peakWritebackKiB(t))}; at least ${fmt((100 * freeSwap) / swapTotalKiB(t))} % of swap stayed free.`;
}

/** Blocked tasks grouped by where they sleep: "kcryptd ×2 in wait_iff_congested". */
export function groupTasks(tasks: BlockedTask[]): { task: BlockedTask; n: number }[] {
  const groups = new Map<string, { task: BlockedTask; n: number }>();
  for (const b of tasks) {
    const key = `${b.task}\u0000${b.sleepsIn}\u0000${b.callers.join('<')}`;
    const g = groups.get(key);
    if (g) g.n += 1;
    else groups.set(key, { task: b, n: 1 });
  }
  return [...groups.values()];
}

export function dumpSentence(r: Kernels2016Result): string {
  if (!r.dump) return 'This run has no sysrq-w dump.';
  const where = groupTasks(r.dump.tasks).map(({ task, n }) => `${shortTask(task.task)}${n > 1 ? ` ×${n}` : ''} in ${task.sleepsIn}${task.callers[0] ? ` (from ${task.callers[0]})` : ''}`);
  return `The sysrq-w dump nearest the cursor, at ${fmt(r.dump.t)} s: ${where.length ? `${where.join('; ')}` : 'no task was blocked'}.`;
}

export function kernels2016Summary(r: Kernels2016Result): string {
  const t = r.trace;
  if (!t) return 'No recorded run has this name.';
  const v = r.values;
  const atText = v.from === 'none'
    ? `At ${fmt(r.at)} s nothing had been sampled yet.`
    : `At ${fmt(r.at)} s${r.askedAt !== null ? ` (the run ended there; the cursor asked for ${fmt(r.askedAt)} s)` : ''}: free memory ${mib(v.freeKiB)}, under writeback ${mib(v.writebackKiB)}, swap used ${mib(v.swapUsedKiB, 0)} (${v.from}, ${fmt(v.t, 1)} s).`;
  return [runSentence(t), atText, dumpSentence(r)].join(' ');
}
