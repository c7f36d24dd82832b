/** Shared types of the lab's log parser, classifier and trace writer. */

/** One scenario as resolved by lab/scripts/scenarios.mjs (defaults merged). */
export interface Scenario {
  name: string;
  kernel: string;
  swap: 'crypt' | 'plain';
  cpus: number;
  memMiB: number;
  swapGiB: number;
  touchMiB: number;
  procs: number;
  overcommit: number;
  thp: 'never' | 'always' | 'madvise';
  mglru: 'on' | 'off';
  sampleMs: number;
  watchdogS: number;
  hostTimeoutS: number;
  expect: ResultKind;
  description: string;
}

/** The vmlog fields every valid sample line must carry (see lab/guest/vmlog.c). */
export const SAMPLE_FIELDS = [
  'MemFree', 'MemAvailable', 'Cached', 'AnonPages', 'SwapCached', 'SwapTotal', 'SwapFree', 'Dirty',
  'Writeback', 'ActiveAnon', 'InactiveAnon', 'Slab',
  'nr_free_pages', 'nr_writeback', 'nr_isolated_anon', 'pswpin', 'pswpout',
  'pgscan_kswapd', 'pgscan_direct', 'pgsteal_kswapd', 'pgsteal_direct',
  'allocstall_dma32', 'allocstall_normal', 'allocstall_movable', 'oom_kill', 'pgmajfault',
  'nr_vmscan_write', 'nr_vmscan_immediate_reclaim',
  'psi_some10', 'psi_full10', 'psi_some_us', 'psi_full_us',
] as const;
export type SampleField = (typeof SAMPLE_FIELDS)[number];

/** One line of the in-guest sampler. */
export interface Sample {
  /** sample number; a jump means console lines were lost, not that the sampler stalled */
  seq: number;
  /** guest CLOCK_BOOTTIME, s */
  t: number;
  /** time since the sampler's previous sample, s (its own view of how long it could not run) */
  dt: number;
  v: Record<SampleField, number>;
}

export type EventKind =
  | 'init' | 'start' | 'hog-start' | 'fill-done' | 'verify-done' | 'hog-ok' | 'mmap-failed'
  | 'oom-invoked' | 'oom-kill' | 'hung-task' | 'alloc-failure' | 'soft-lockup' | 'panic'
  | 'watchdog' | 'fatal' | 'result';

export interface LabEvent {
  /** guest seconds since boot */
  t: number;
  kind: EventKind;
  text: string;
}

/** One memhog process's report. */
export interface HogReport {
  id: number;
  startT: number | null;
  /** last progress report of the fill pass, MiB */
  touchedMiB: number;
  fillS: number | null;
  verifyS: number | null;
  badPages: number | null;
  ok: boolean;
  mmapFailed: boolean;
}

/** Everything parseSerialLog() extracts from one serial log. */
export interface ParsedLog {
  /** LABHOST key=value header lines written by lab/run.sh before QEMU starts */
  header: Record<string, string>;
  scenario: Scenario | null;
  /** LABHOST end line: null if the log was cut before QEMU returned */
  footer: {
    qemuExit: number;
    wallS: number;
    timedOut: boolean;
    /** CPU seconds (user + sys) the QEMU process got; absent in logs made before it was recorded */
    qemuCpuS: number | null;
    hostLoad1Start: number | null;
    hostLoad1End: number | null;
  } | null;
  kernelRelease: string | null;
  /** `LAB: t=… settings …` key=value pairs (guest VM settings) */
  settings: Record<string, string>;
  samples: Sample[];
  /** lines that contain "VM seq=" but are incomplete (e.g. interleaved with kernel output) */
  corruptSamples: number;
  events: LabEvent[];
  hogs: HogReport[];
  /** the guest's own verdict: `LAB: t=… RESULT <outcome> rc=… oom_kill=…` */
  guestResult: { t: number; outcome: string; rc: number; oomKill: number } | null;
  /** "Free swap = N kB" values from the kernel's OOM reports (dmesg), in order */
  oomFreeSwapKiB: number[];
  fatal: string | null;
}

export type ResultKind = 'completed' | 'oom-killed' | 'stalled' | 'failed';

export interface Result {
  kind: ResultKind;
  reason: string;
  /** memhog's verification: pages whose data did not match (null: never verified) */
  badPages: number | null;
  /** largest interval between two sampler ticks, s (0.5 = no stall) */
  maxSampleGapS: number;
  /** number of sampler intervals longer than 2 s */
  gapsOver2s: number;
  fillS: number | null;
  verifyS: number | null;
  /** host wall time of the QEMU process, s */
  wallS: number | null;
  oomKills: number;
  /** SwapFree when the first OOM kill happened (kernel's report, else last sample before it) */
  swapFreeAtKillKiB: number | null;
  /** the guest's RESULT word (COMPLETED, OOM_KILLED, WATCHDOG, FAILED_rcN) or null */
  guestOutcome: string | null;
  expected: ResultKind;
  asExpected: boolean;
}

/** Whole-run metrics computed from every sample (not the downsampled series). */
export interface Metrics {
  samples: number;
  corruptSamples: number;
  minMemFreeKiB: number | null;
  minMemAvailableKiB: number | null;
  peakWritebackKiB: number | null;
  maxSwapUsedKiB: number | null;
  maxPsiSomeAvg10: number | null;
  maxPsiFullAvg10: number | null;
  /** vmstat deltas over the sampled period */
  pgscanDirect: number | null;
  pgstealDirect: number | null;
  pgscanKswapd: number | null;
  pgstealKswapd: number | null;
  allocstalls: number | null;
  pswpout: number | null;
  pswpin: number | null;
  /** pgscan_direct / pgsteal_direct (null when nothing was stolen) */
  directScanStealRatio: number | null;
  kswapdScanStealRatio: number | null;
  hungTaskReports: number;
  allocFailures: number;
  /** how far the fill pass got (sum over memhogs, MiB, in 64 MiB steps) */
  touchedMiB: number;
}

export interface Provenance {
  kernelPackage: string;
  kernelVersion: string;
  qemuVersion: string;
  accelerator: string;
  qemuArgs: string;
  cmdline: string;
  date: string;
  command: string;
  guestTools: string;
  guestSettings: Record<string, string>;
  host: { cores: number; memoryMiB: number; cpu: string; kernel: string };
  /**
   * How busy the host was. qemuCpuPerWall is QEMU's CPU seconds per wall second:
   * close to the vCPU count on an idle host, much lower when other work competed
   * for the cores (TCG timings then stretch). null for logs without the figures.
   */
  hostLoad: { load1Start: number; load1End: number; qemuCpuS: number; qemuCpuPerWall: number } | null;
}

export interface Series {
  t: number[];
  memFreeKiB: number[];
  memAvailableKiB: number[];
  writebackKiB: number[];
  swapUsedKiB: number[];
  psiSomeAvg10: number[];
  psiFullAvg10: number[];
  pgscanDirect: number[];
  pgstealDirect: number[];
  pgscanKswapd: number[];
  pgstealKswapd: number[];
}

export interface Trace {
  schema: 1;
  run: string;
  rep: number;
  scenario: Scenario;
  provenance: Provenance;
  result: Result;
  metrics: Metrics;
  /** how the series was thinned: every `stride`-th sample of `intervalS` spacing, plus the last */
  sampling: { intervalS: number; stride: number; points: number };
  series: Series;
  events: LabEvent[];
}
