/**
 * What a 2016 run shows, read off its trace: how it ended (in the words the
 * chapter uses), the series the figure draws, and the blocked tasks of the
 * sysrq-w dump nearest a moment. Used by the chapter's numbers and by the
 * widget alike, so both say the same thing.
 */
import { endOf, swapTotalKiB, testAlone, type Lab2016Trace } from './traces.ts';

/**
 * How a run ended. This is the one place that classifies a real 2016 run for
 * the site: the chapter's table and tallies, the widget, and the words the
 * other chapters use ({@link outcomeClause}, through
 * src/chapters/lab2016Outcomes.ts) all start from it.
 * - completed: the test touched and read back everything, with no freeze;
 * - froze-then-completed: it completed, but the sampler could not run for a minute or more;
 * - crawling: still running at the host limit, and still making progress;
 * - frozen: still running at the host limit, with no progress in its last minutes;
 * - oom-killed: the OOM killer fired (the lab's verdict, or any kill it counted);
 * - failed: the lab's harness says the run failed (bad pages, setup, panic).
 *
 * `fpsim validate --against lab` classifies the same traces in the model's
 * vocabulary (models/src/lab/compare.ts, the crawl rule of
 * models/src/sim/outcomeClass.ts, over the touch pass only). The two never
 * contradict: tests/unit/lab2016Outcomes.test.ts states which model classes
 * each class here admits and checks every committed trace.
 */
export type OutcomeClass = 'completed' | 'froze-then-completed' | 'crawling' | 'frozen' | 'oom-killed' | 'failed';

/** A class in a few words, for labels, tables and tallies ("2 of 3 runs completed"). */
export const OUTCOME_WORDS: Record<OutcomeClass, string> = {
  completed: 'completed',
  'froze-then-completed': 'completed after a freeze',
  crawling: 'crawling at the host limit',
  frozen: 'stuck at the host limit',
  'oom-killed': 'OOM-killed',
  failed: 'failed',
};

/** What the class is read from: a run's result and progress (a run's head has them, without its series). */
export type OutcomeFacts = Pick<Lab2016Trace, 'result' | 'progress'>;

export function outcomeClass(t: OutcomeFacts): OutcomeClass {
  const r = t.result;
  if (r.kind === 'oom-killed' || (r.oomKills ?? 0) > 0) return 'oom-killed';
  if (r.kind === 'completed') return 'completed';
  if (r.kind === 'failed') return 'failed';
  // Stalled: the guest said COMPLETED after a freeze, or the host limit (or the guest's watchdog) came first.
  if (guestCompleted(t)) return 'froze-then-completed';
  return (t.progress.recentMiBPerMin ?? 0) > 0 ? 'crawling' : 'frozen';
}

/** Whether the guest reported the test done (its RESULT word, or the lab's reason for a run that froze on the way). */
function guestCompleted(t: OutcomeFacts): boolean {
  const word = (t.result as { guestOutcome?: string | null }).guestOutcome;
  return word !== undefined && word !== null ? word === 'COMPLETED' : /memhog completed/.test(t.result.reason);
}

/** Whether the run froze: it was stuck or crawling at the host limit, or got through only after a freeze. */
export const froze = (c: OutcomeClass): boolean => c === 'frozen' || c === 'crawling' || c === 'froze-then-completed';

/** Whether the run was still not done at the host limit. */
export const stuck = (c: OutcomeClass): boolean => c === 'frozen' || c === 'crawling';

const minutes = (s: number) => fmtInt(s / 60);
const fmtInt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/**
 * How a run ended, as a clause that follows the kernel's name in prose
 * ("Linux 4.6.2 froze without an OOM kill"): {@link outcomeClass}'s class,
 * with the facts of the trace that tell it apart.
 */
export function outcomeClause(t: Lab2016Trace): string {
  const r = t.result;
  const stoppedAt = `when the lab stopped it at ${minutes(r.wallS ?? testSeconds(t))} minutes`;
  switch (outcomeClass(t)) {
    case 'completed':
      return 'completed the test';
    case 'froze-then-completed':
      return `got the test through, but froze for ${fmtInt(r.maxSampleGapS)} s on the way`;
    case 'oom-killed':
      return 'OOM-killed the test';
    case 'failed':
      return `ended in a failure the lab reports as "${r.reason}"`;
    case 'crawling':
      return r.fillS !== null
        ? `froze and crawled, without an OOM kill: the test touched its last page after ${minutes(r.fillS)} minutes, and the run was still not done ${stoppedAt}`
        : `froze and crawled, without an OOM kill: the test had touched ${fmtInt(t.progress.touchedMiB)} of its ${fmtInt(t.scenario.touchMiB)} MiB ${stoppedAt}`;
    case 'frozen':
      return 'froze without an OOM kill';
  }
}

/** A kcryptd worker sat in throttle_vm_writeout in at least one sysrq-w dump. */
export function kcryptdThrottled(t: Lab2016Trace): boolean {
  return (t.blocked?.summary ?? []).some((s) => isKcryptd(s.task) && s.sleepsIn === 'throttle_vm_writeout');
}

/** Ondrej's test as 2016 ran it: his machine size (1 GiB of RAM), and the test alone, with no collector beside it. */
export const isOndrejsTest = (t: Lab2016Trace): boolean => t.scenario.memMiB === 1024 && testAlone(t.scenario);

const hogStart = (t: Lab2016Trace) => t.events.find((e) => e.kind === 'hog-start')?.t ?? t.series.t[0] ?? 0;

/** Seconds from the test's start to its end (completed), its kill, or the host limit. */
export function testSeconds(t: Lab2016Trace): number {
  return endOf(t) - hogStart(t);
}

/** Seconds from the test's start to its last progress line (how long it moved at all). */
export function progressSeconds(t: Lab2016Trace): number | null {
  return t.progress.lastProgressT === null ? null : t.progress.lastProgressT - hogStart(t);
}

/** A host-side memory report (sysrq-m or an allocation failure), with swap used derived from free swap. */
export interface MemPoint {
  t: number; freeKiB: number | null; writebackKiB: number | null; swapUsedKiB: number | null; source: string;
  /** Pages scanned since a page was last freed into the largest zone (4.6, 4.7) or the node (4.8+), as % of six times its reclaimable pages: 100 is the kernel's "all_unreclaimable". */
  gatePct: number | null;
}

function gatePct(g: NonNullable<Lab2016Trace['memReports']>['reclaimGate'], i: number): number | null {
  const scanned = g?.scannedKiB[i], gate = g?.gateKiB[i];
  return scanned === null || scanned === undefined || !gate ? null : (100 * scanned) / gate;
}

export function memPoints(t: Lab2016Trace): MemPoint[] {
  const m = t.memReports;
  if (!m) return [];
  return m.t.map((time, i) => ({
    t: time,
    freeKiB: m.freeKiB[i] ?? null,
    writebackKiB: m.writebackKiB[i] ?? null,
    swapUsedKiB: m.swapFreeKiB[i] === null || m.swapFreeKiB[i] === undefined ? null : swapTotalKiB(t) - m.swapFreeKiB[i]!,
    source: m.source[i] ?? '',
    gatePct: gatePct(m.reclaimGate, i),
  }));
}

/** Writeback at its highest, from the sampler or the host's memory reports (the sampler may have stopped). */
export function peakWritebackKiB(t: Lab2016Trace): number {
  return Math.max(t.metrics.peakWritebackKiB, ...memPoints(t).map((p) => p.writebackKiB ?? 0));
}

/** Free swap at the end: the last host report that has it, else the last sample. */
export function swapFreeAtEndKiB(t: Lab2016Trace): number {
  const last = [...memPoints(t)].reverse().find((p) => p.swapUsedKiB !== null);
  const lastSample = t.series.swapUsedKiB.at(-1) ?? 0;
  if (last && last.t >= (t.series.t.at(-1) ?? 0)) return swapTotalKiB(t) - last.swapUsedKiB!;
  return swapTotalKiB(t) - lastSample;
}

/** The least free swap the run saw (KiB), from the sampler and the host's reports: how far swap filled. */
export function leastSwapFreeKiB(t: Lab2016Trace): number {
  const used = Math.max(0, ...t.series.swapUsedKiB, ...memPoints(t).map((p) => p.swapUsedKiB ?? 0));
  return swapTotalKiB(t) - used;
}

/** Completed dm-0 writes per second at sample i, over the preceding ~5 s (the thread's "requests per second"). */
export function dmWritesPerS(t: Lab2016Trace, i: number): number | null {
  const ios = t.series.dmWriteIos;
  const j = Math.max(0, i - 5);
  const dt = t.series.t[i]! - t.series.t[j]!;
  if (!ios || i === j || dt <= 0) return null;
  return (ios[i]! - ios[j]!) / dt;
}

/**
 * dm-0 writes per second over the last minute the sampler saw while the test
 * still wrote (before the read-back), and when that minute ended. For a run
 * whose sampler froze early, that minute is early: `samplerStoppedAt` says so.
 */
export function lateDmWrites(t: Lab2016Trace): { perS: number | null; at: number; samplerStoppedAt: number | null } {
  const ts = t.series.t;
  const ios = t.series.dmWriteIos;
  const fillDone = t.events.find((e) => e.kind === 'fill-done')?.t;
  let k = ts.length - 1;
  if (fillDone !== undefined) while (k > 0 && ts[k]! > fillDone) k--;
  let j = k;
  while (j > 0 && ts[k]! - ts[j - 1]! <= 60) j--;
  const dt = ts[k]! - ts[j]!;
  const end = endOf(t);
  const lastSample = ts.at(-1) ?? 0;
  return {
    perS: ios && dt > 0 ? (ios[k]! - ios[j]!) / dt : null,
    at: ts[k] ?? 0,
    samplerStoppedAt: end - lastSample > 60 ? lastSample : null,
  };
}

/** One blocked task of a dump: the task, the function it sleeps in, the wait primitives under it, and its callers (nearest first). */
export interface BlockedTask { task: string; state: string; sleepsIn: string; waits: string[]; callers: string[] }

/** Parses a timeline line: "kswapd0 D in mempool_alloc (schedule_timeout, io_schedule_timeout) <- bio_alloc_bioset <- …". */
export function parseBlocked(line: string): BlockedTask {
  const m = /^(.*?) (\S) in (\S+)(?: \(([^)]*)\))?((?: <- \S+)*)\s*$/.exec(line);
  if (!m) return { task: line, state: '?', sleepsIn: '?', waits: [], callers: [] };
  return {
    task: m[1]!,
    state: m[2]!,
    sleepsIn: m[3]!,
    waits: m[4] ? m[4].split(',').map((s) => s.trim()).filter(Boolean) : [],
    callers: m[5] ? m[5].split(' <- ').map((s) => s.trim()).filter(Boolean) : [],
  };
}

/** The recorded dump nearest to time `at` (the timeline keeps up to 16 of a run's dumps). */
export function nearestDump(t: Lab2016Trace, at: number): { t: number; tasks: BlockedTask[] } | null {
  const timeline = t.blocked?.timeline ?? [];
  if (!timeline.length) return null;
  let best = timeline[0]!;
  for (const d of timeline) if (Math.abs(d.t - at) < Math.abs(best.t - at)) best = d;
  return { t: best.t, tasks: best.tasks.map(parseBlocked) };
}

/** Where a kind of task sleeps most often in a run's dumps (by summary rows, most dumps first). */
export function sleepSites(t: Lab2016Trace, task: (name: string) => boolean): { sleepsIn: string; from: string; chain: string; dumps: number; firstT: number; lastT: number }[] {
  return (t.blocked?.summary ?? [])
    .filter((s) => task(s.task) && s.sleepsIn !== '?')
    .sort((a, b) => b.dumps - a.dumps);
}

export const isKcryptd = (task: string) => task.includes('kcryptd');
export const isKswapd = (task: string) => task.startsWith('kswapd');
export const isTest = (task: string) => task === 'memhog';

/** A guest measurement "bytes=… s=… MBps=…" as MB/s, or null when the run did not measure it. */
export function mbps(t: Lab2016Trace, key: string): number | null {
  const m = /MBps=([\d.]+)/.exec(t.provenance.kernelBuild.measurements?.[key] ?? '');
  return m ? Number(m[1]) : null;
}
