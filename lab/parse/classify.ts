/**
 * Turns a parsed log into a verdict (completed / oom-killed / stalled / failed)
 * plus whole-run metrics. The guest prints its own RESULT line; the host-side
 * classification re-checks it against independent evidence: memhog's data
 * verification, the sampler's gaps, the host timeout and the kernel's messages.
 */
import type { Metrics, ParsedLog, Result, ResultKind, Sample, SampleField } from './types.js';

/** A sampler interval longer than this counts as a gap (the sampler ticks every 0.5 s). */
export const GAP_S = 2;
/** A gap this long means the system froze; a run with one is "stalled" even if it later completed. */
export const STALL_GAP_S = 60;

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function extreme(samples: Sample[], f: SampleField, pick: 'min' | 'max'): number | null {
  if (samples.length === 0) return null;
  let best = samples[0]!.v[f];
  for (const s of samples) best = pick === 'min' ? Math.min(best, s.v[f]) : Math.max(best, s.v[f]);
  return best;
}

function delta(samples: Sample[], f: SampleField): number | null {
  if (samples.length === 0) return null;
  return samples[samples.length - 1]!.v[f] - samples[0]!.v[f];
}

export function sampleGaps(samples: Sample[]): { max: number; over2s: number } {
  let max = 0;
  let over = 0;
  for (const s of samples.slice(1)) {
    max = Math.max(max, s.dt);
    if (s.dt > GAP_S) over++;
  }
  return { max: round(max, 2), over2s: over };
}

export function computeMetrics(p: ParsedLog): Metrics {
  const s = p.samples;
  const swapUsed = s.map((x) => x.v.SwapTotal - x.v.SwapFree);
  const scanD = delta(s, 'pgscan_direct');
  const stealD = delta(s, 'pgsteal_direct');
  const scanK = delta(s, 'pgscan_kswapd');
  const stealK = delta(s, 'pgsteal_kswapd');
  const stalls = s.length
    ? (delta(s, 'allocstall_dma32') ?? 0) + (delta(s, 'allocstall_normal') ?? 0) + (delta(s, 'allocstall_movable') ?? 0)
    : null;
  const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b <= 0 ? null : round(a / b, 1));
  return {
    samples: s.length,
    corruptSamples: p.corruptSamples,
    minMemFreeKiB: extreme(s, 'MemFree', 'min'),
    minMemAvailableKiB: extreme(s, 'MemAvailable', 'min'),
    peakWritebackKiB: extreme(s, 'Writeback', 'max'),
    maxSwapUsedKiB: swapUsed.length ? Math.max(...swapUsed) : null,
    maxPsiSomeAvg10: extreme(s, 'psi_some10', 'max'),
    maxPsiFullAvg10: extreme(s, 'psi_full10', 'max'),
    pgscanDirect: scanD,
    pgstealDirect: stealD,
    pgscanKswapd: scanK,
    pgstealKswapd: stealK,
    allocstalls: stalls,
    pswpout: delta(s, 'pswpout'),
    pswpin: delta(s, 'pswpin'),
    directScanStealRatio: ratio(scanD, stealD),
    kswapdScanStealRatio: ratio(scanK, stealK),
    hungTaskReports: p.events.filter((e) => e.kind === 'hung-task').length,
    allocFailures: p.events.filter((e) => e.kind === 'alloc-failure').length,
    touchedMiB: p.hogs.reduce((a, h) => a + h.touchedMiB, 0),
  };
}

/** SwapFree at the first OOM kill: the kernel's own report if present, else the last sample before the counter moved. */
function swapFreeAtFirstKill(p: ParsedLog): number | null {
  const first = p.oomFreeSwapKiB[0];
  if (first !== undefined) return first;
  const s = p.samples;
  for (let i = 1; i < s.length; i++) {
    if (s[i]!.v.oom_kill > s[i - 1]!.v.oom_kill) return s[i - 1]!.v.SwapFree;
  }
  return null;
}

export function classify(p: ParsedLog): Result {
  const gaps = sampleGaps(p.samples);
  const hogs = p.hogs;
  const maxOf = (xs: Array<number | null>): number | null => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  const fillS = maxOf(hogs.map((h) => h.fillS));
  const verifyS = maxOf(hogs.map((h) => h.verifyS));
  const verified = hogs.filter((h) => h.badPages !== null);
  const badPages = verified.length ? verified.reduce((a, h) => a + (h.badPages ?? 0), 0) : null;
  const lastSample = p.samples[p.samples.length - 1];
  const counted = p.guestResult?.oomKill ?? lastSample?.v.oom_kill ?? 0;
  // kernels before 4.13 have no oom_kill counter (the sampler prints -1): count the kernel's kill reports
  const oomKills = counted >= 0 ? counted : p.events.filter((e) => e.kind === 'oom-kill').length;
  const swapFreeAtKillKiB = oomKills > 0 || p.events.some((e) => e.kind === 'oom-kill') ? swapFreeAtFirstKill(p) : null;
  const wallS = p.footer ? p.footer.wallS : null;
  const firstOf = (kind: string): number | null => {
    const t = p.events.find((e) => e.kind === kind)?.t;
    return t === undefined ? null : round(t, 2);
  };

  let kind: ResultKind;
  let reason: string;
  const g = p.guestResult;
  const mib = p.scenario ? `${p.scenario.procs > 1 ? `${p.scenario.procs}x` : ''}${p.scenario.touchMiB} MiB` : 'its memory';
  if (g) {
    const outcome = g.outcome;
    if (outcome === 'WATCHDOG') {
      kind = 'stalled';
      reason = `guest watchdog fired at t=${firstOf('watchdog') ?? g.t} s: memhog was still running after ${p.scenario?.watchdogS ?? '?'} s`;
    } else if (badPages !== null && badPages > 0) {
      kind = 'failed';
      reason = `data verification failed: ${badPages} bad pages`;
    } else if (outcome === 'COMPLETED') {
      if (gaps.max >= STALL_GAP_S) {
        kind = 'stalled';
        reason = `memhog completed, but the system froze: the sampler could not run for ${gaps.max} s`;
      } else {
        kind = 'completed';
        reason = `touched and verified ${mib}, bad_pages=0; sampler max gap ${gaps.max} s` +
          (gaps.over2s ? `, ${gaps.over2s} gaps > ${GAP_S} s` : '');
      }
    } else if (outcome === 'OOM_KILLED') {
      kind = 'oom-killed';
      const t = firstOf('oom-kill');
      reason = `OOM killer killed memhog${t !== null ? ` at t=${t} s` : ''}` +
        (swapFreeAtKillKiB !== null ? `; SwapFree then ${swapFreeAtKillKiB} kB` : '') +
        (lastSample ? ` of ${lastSample.v.SwapTotal} kB` : '');
    } else if (outcome === 'FAILED_setup') {
      kind = 'failed';
      reason = `guest setup failed: ${p.fatal ?? 'unknown'}`;
    } else if (hogs.some((h) => h.mmapFailed)) {
      kind = 'failed';
      reason = `memhog could not mmap ${mib} (exit ${g.rc}); overcommit_memory=${p.settings.overcommit_memory ?? '?'}`;
    } else {
      kind = 'failed';
      reason = `memhog exited with status ${g.rc} (${outcome})`;
    }
  } else if (p.footer?.timedOut) {
    kind = 'stalled';
    reason = `host timeout after ${p.footer.wallS} s with no RESULT; last sample at t=${lastSample?.t ?? 'none'}`;
  } else if (p.events.some((e) => e.kind === 'panic')) {
    kind = 'failed';
    reason = `kernel panic at t=${firstOf('panic')} s`;
  } else if (p.footer) {
    kind = 'failed';
    reason = `no RESULT line; QEMU exited with status ${p.footer.qemuExit} after ${p.footer.wallS} s`;
  } else {
    kind = 'failed';
    reason = 'log ends without a RESULT line or the host footer (run interrupted?)';
  }

  const expected: ResultKind = p.scenario?.expect ?? 'completed';
  return {
    kind,
    reason,
    badPages,
    maxSampleGapS: gaps.max,
    gapsOver2s: gaps.over2s,
    fillS,
    verifyS,
    wallS,
    oomKills,
    swapFreeAtKillKiB,
    guestOutcome: g ? g.outcome : null,
    expected,
    asExpected: kind === expected,
  };
}
