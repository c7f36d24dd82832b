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
  /** Seconds between the samples of the collector that writes to a second disk; absent: no collector. */
  writer?: number;
}

/**
 * The small collector of a `writer` scenario: every `everyS` seconds one sample
 * into the next 32 KiB slot of a second disk, buffered. `samples` is the guest's
 * own count at the end of the run (null when the guest never got there: a stalled
 * run); `slotsOnDisk` is what the host found written on that disk afterwards.
 */
export interface CollectorSection {
  everyS: number;
  samples: number | null;
  seconds: number | null;
  slotsOnDisk: number | null;
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

/**
 * Fields that newer versions of vmlog print after the required ones; a sample
 * without them is still valid (older logs). allocstall: the single counter of
 * kernels before 4.8 (on later kernels, the sum of the per-zone ones); dm_* and
 * vda_*: writes completed, sectors written, requests in flight of dm-0 and vda.
 */
export const OPTIONAL_SAMPLE_FIELDS = [
  'allocstall', 'dm_wios', 'dm_wsect', 'dm_inflight', 'vda_wios', 'vda_wsect', 'vda_inflight',
] as const;
export type OptionalSampleField = (typeof OPTIONAL_SAMPLE_FIELDS)[number];

/** One line of the in-guest sampler. */
export interface Sample {
  /** sample number; a jump means console lines were lost, not that the sampler stalled */
  seq: number;
  /** guest CLOCK_BOOTTIME, s */
  t: number;
  /** time since the sampler's previous sample, s (its own view of how long it could not run) */
  dt: number;
  v: Record<SampleField, number>;
  /** the optional fields present on this line */
  extra: Partial<Record<OptionalSampleField, number>>;
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
  /** every progress line: [guest t, MiB of work done] (fill: MiB touched; read-back: the size plus MiB verified) */
  progress: Array<[number, number]>;
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
  /** `LAB: t=… uname|kconfig|zones …` lines of the guest, by their first word */
  guestInfo: Record<string, string>;
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
  /** host load average (1 min) sampled during the run: [host s since start, load1] (built kernels only) */
  hostLoadSamples?: Array<[number, number]> | undefined;
  /** kernels the lab builds from source: the pinned tree, its edits and the build (absent for Debian kernels) */
  kernelBuild?: KernelBuild | undefined;
}

export interface KernelBuild {
  id: string;
  /** what the tree was: mirror and commit, or a tarball and its sha256 */
  source: string;
  mirror: string;
  commit: string;
  /** how the mirror differs from the release (lab/kernels/<id>/source.env) */
  mirrorDiff: string;
  /** the lab's edits, in order, with the first 16 hex digits of each script's sha256 */
  edits: string;
  configSha256: string;
  compiler: string;
  build: string;
  buildLog: string;
  /** the guest's `uname -a` */
  uname: string | null;
  /** CONFIG_HZ and friends, read from /proc/config.gz in the guest */
  kconfig: Record<string, string>;
  /** zone watermarks (pages) at boot, from /proc/zoneinfo */
  zones: string | null;
  /**
   * The guest's own timings before the test (busybox dd, direct I/O): name -> dd's summary.
   * vda_*: the virtio disk; crypt_null_*: dm-crypt over dm-zero (the cipher alone);
   * crypt_vda_*: dm-crypt over the disk (the swap path). 1M: 32 MiB in 1 MiB blocks; 4k: 256 blocks of 4 KiB.
   */
  measurements: Record<string, string>;
}

/** The stack-dump part of a trace (built kernels): who sleeps where. */
export interface BlockedSection {
  /** how many sysrq-w dumps the log holds, and how many tasks they list in all */
  dumps: number;
  tasks: number;
  /** one row per (task, function it sleeps in, nearest callers), most frequent first */
  summary: Array<{ task: string; sleepsIn: string; from: string; chain: string; dumps: number; firstT: number; lastT: number }>;
  /** each kept dump: kernel time and one line per task ("kswapd0 D in mempool_alloc (io_schedule_timeout) <- ...") */
  timeline: Array<{ t: number; tasks: string[] }>;
  /** timeline thinning: every stride-th dump plus the first and last */
  timelineStride: number;
}

/** The kernel's own memory reports (sysrq-m and allocation-failure Mem-Info), which arrive even when the guest is wedged. */
export interface MemReportSection {
  t: number[];
  source: string[];
  freeKiB: Array<number | null>;
  writebackKiB: Array<number | null>;
  swapFreeKiB: Array<number | null>;
  /** zone watermarks from the first report (KiB) */
  watermarks: Record<string, { min: number; low: number; high: number }>;
  /**
   * The OOM gate of the largest reclaim unit (a zone up to 4.7, the node from
   * 4.8), per report: pages scanned since a page was last freed into it, and
   * six times its reclaimable pages (zone_reclaimable, pgdat_reclaimable),
   * with the kernel's own all_unreclaimable verdict; absent where the kernel
   * prints no such line (5.x and later).
   */
  reclaimGate?: { unit: string; scannedKiB: Array<number | null>; gateKiB: Array<number | null>; unreclaimable: Array<boolean | null> } | undefined;
}

/** For runs that did not finish: how far the test got and when progress stopped. */
export interface ProgressSection {
  /** last memhog progress line: MiB touched and guest time */
  touchedMiB: number;
  lastProgressT: number | null;
  /** last sampler line (guest time) */
  lastSampleT: number | null;
  /** the last guest time the log shows (sample, kernel dump or report), s */
  endT: number | null;
  /** memhog's progress (fill, then read-back) over the last 5 guest minutes before endT, MiB per minute (0: none) */
  recentMiBPerMin: number | null;
  /** change of swap in use over the last 5 guest minutes before endT, from the kernel's memory reports (Free swap),
   *  KiB per minute (negative: swap freed by the read-back) */
  recentSwapUsedKiBPerMin: number | null;
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
  /** built kernels: cumulative writes completed on dm-0 (the thread's "requests") and on vda */
  dmWriteIos?: number[] | undefined;
  vdaWriteIos?: number[] | undefined;
  /** built kernels: direct-reclaim stalls (one counter before 4.8) */
  allocstall?: number[] | undefined;
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
  /** Events of a repeating kind (allocation failures, hung-task reports) the trace left out, per kind (lab/parse/keptEvents.ts). */
  eventsOmitted?: Partial<Record<EventKind, number>> | undefined;
  progress?: ProgressSection | undefined;
  /** The collector on the second disk (scenario key writer), when the run had one. */
  collector?: CollectorSection | undefined;
  blocked?: BlockedSection | undefined;
  memReports?: MemReportSection | undefined;
}
