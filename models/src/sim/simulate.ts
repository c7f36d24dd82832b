/**
 * simulate(scenario) → result: build the machine, start the actors, run the
 * engine to the test's completion, the horizon or the event cap, and classify
 * what happened. An OOM kill does not end the run: it ends once the victim
 * has exited and the last of its pages (those under writeback at its exit
 * last) is free, or at the horizon if it never gets there. Nothing here is
 * scripted per kernel.
 */
import { resolveScenario, type Notice, type Scenario } from '../scenario/scenarios.ts';
import { Machine, type MachineCtx } from './machine.ts';
import type { OomKill } from '../mm/oomKill.ts';
import type { VmEvents } from '../mm/vmEvents.ts';
import { buildJob, lockHolder, testProgram } from './workload.ts';
import { oomReaper } from '../mm/oomKill.ts';
import { PF_KTHREAD } from '../mm/flags.ts';
import { kswapd } from '../mm/vmscan.ts';
import { kcryptdWorker, dmcryptWrite } from '../dm/dmCrypt.ts';
import { throttleVmWriteoutCheck } from '../mm/pageWriteback.ts';
import { zoneReclaimablePages, zoneTotal } from '../mm/zone.ts';
import type { Actor, Task } from '../runtime/engine.ts';
import type { KernelPolicy } from '../kernel/kernels.ts';

export const MODEL_NAME = 'forward-progress';
export const MODEL_VERSION = '0.1.0';
/** Hard cap on events per run (the horizon caps simulated time). */
export const DEFAULT_MAX_EVENTS = 5_000_000;

export type OutcomeKind = 'completed' | 'oom-kill' | 'livelock';
export interface Outcome {
  kind: OutcomeKind;
  /** Seconds of simulated time: of the completion, of the FIRST OOM kill (the headline 2016 reported), or of the end. */
  t: number;
  /** For a livelock: where the test program and kcryptd spent most of their time. */
  waitSite?: string;
  /** What ended the run: the completion; the OOM victim's exit with all its memory back ('victim-exit'); the horizon; the event cap. */
  endedBy: 'completion' | 'victim-exit' | 'horizon' | 'event-cap';
}

/** What happened after the first OOM kill (null in a run without one). Seconds of simulated time, null for "never". */
export interface AfterKill {
  /** The victim reached its signal check and ran exit_mm. */
  victimExitS: number | null;
  /** The victim had exited and its last page (under writeback at its exit) was free; the run ended there. */
  memoryBackS: number | null;
  /** The OOM reaper unmapped the victim's memory (v4.6+). */
  reapedS: number | null;
  /** The reaper gave up after MAX_OOM_REAP_RETRIES tries. */
  reapFailedS: number | null;
  /** TIF_MEMDIE was first cleared (by the reaper, or at the exit). */
  memdieClearedS: number | null;
  /** Where the victim was at the end of the run, if it had not exited ('run' when not asleep). */
  victimStuckIn: string | null;
  /** Pages freed by the reaper and the exit, KiB: resident, clean swap cache, under writeback then, swap slots alone. */
  freedKiB: { resident: number; swapCache: number; writeback: number; swapSlots: number };
  /** out_of_memory calls that killed nobody: a victim still dying (OOM_SCAN_ABORT), or nobody the model tracks to choose. */
  scansAborted: number;
  scansWithoutCandidate: number;
}

export interface Series {
  t: number[];
  freeKiB: number[];
  swapUsedKiB: number[];
  writebackKiB: number[];
  slabKiB: number[];
  pagePoolFree: number[];
  /** Requests kcryptd finished per second; with plain swap, swap writes submitted to the disk per second. */
  kcryptdReqPerS: number[];
  touchedMiB: number[];
  anonKiB: number[];
  swapCacheKiB: number[];
  fileKiB: number[];
  cryptPagesInFlight: number[];
  biosInFlight: number[];
  throttleLimitKiB: number[];
  /** should_reclaim_retry (v4.7+) per sampling interval: the largest no_progress_loops, how often it ran, how often it said stop. */
  noProgressLoops: number[];
  retryChecks: number[];
  retryGiveUps: number[];
  /** Elements left in each mempool. */
  pools: Record<string, number[]>;
  /** Where each kcryptd worker is (its current wait site, or 'run'). */
  kcryptdState: string[][];
  /** Per zone: free pages (KiB), pages_scanned and the 6 × reclaimable gate (pages). */
  zones: Record<string, { freeKiB: number[]; pagesScanned: number[]; reclaimableGate: number[] }>;
}

export interface SimResult {
  model: { name: string; version: string };
  scenario: Scenario;
  /**
   * What resolving the input changed or dropped (an unknown key, a clamped or
   * non-numeric value), one notice each; empty for a resolved Scenario.
   */
  notices: Notice[];
  kernel: { label: string; policy: KernelPolicy };
  outcome: Outcome;
  oomKills: OomKill[];
  afterKill: AfterKill | null;
  flags: { reservesExhausted: boolean; reservesExhaustedAt: number | null };
  /** Seconds per wait site per actor. */
  stalls: Record<string, Record<string, number>>;
  summary: {
    touchedMiB: number;
    swapOuts: number;
    writebacksDone: number;
    kcryptdReqPerSMedian: number;
    minFreeKiB: number;
    maxWritebackKiB: number;
    kswapdWakeups: number;
    /** /proc/vmstat's reclaim counters: pages scanned on and freed from the inactive lists, by kswapd and by direct reclaim. */
    vmstat: VmEvents;
  };
  checks: { conservation: boolean; nonNegative: boolean };
  series: Series;
  events: number;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Options of a run. `reference`: every twin runs as in a traced run, without
 * the shortcuts an untraced run takes to save time (the steps are dropped);
 * the result must be the same, only slower — the tests hold the shortcuts to
 * that.
 */
export interface SimulateOptions {
  maxEvents?: number;
  reference?: boolean;
}

/** The most events a run may be given (the default is DEFAULT_MAX_EVENTS). */
export const MAX_MAX_EVENTS = 50_000_000;

/**
 * The options as the run takes them, and a notice for each one it could not
 * take as given: not an object, an unknown key, a maxEvents that is not a
 * number (default) or outside 1 … MAX_MAX_EVENTS (clamped, rounded), a
 * reference that is not a boolean (off). Never throws.
 */
export function resolveSimulateOptions(opts: unknown): { maxEvents: number; reference: boolean; notices: Notice[] } {
  const notices: Notice[] = [];
  let maxEvents = DEFAULT_MAX_EVENTS, reference = false;
  if (opts === undefined) return { maxEvents, reference, notices };
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    notices.push({ key: 'options', message: 'simulate options: expected an object; ignored' });
    return { maxEvents, reference, notices };
  }
  for (const [key, value] of Object.entries(opts as Record<string, unknown>)) {
    if (key === 'maxEvents') {
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        notices.push({ key: 'options.maxEvents', message: `maxEvents=${String(value)} is not a number; ${DEFAULT_MAX_EVENTS} used` });
        continue;
      }
      maxEvents = Math.min(MAX_MAX_EVENTS, Math.max(1, Math.round(value)));
      if (maxEvents !== value) notices.push({ key: 'options.maxEvents', message: `maxEvents=${value} out of range [1, ${MAX_MAX_EVENTS}] or not whole; ${maxEvents} used` });
    } else if (key === 'reference') {
      if (value === undefined) continue;
      if (typeof value !== 'boolean') notices.push({ key: 'options.reference', message: `reference=${String(value)} is not true or false; off` });
      else reference = value;
    } else notices.push({ key: `options.${key}`, message: `unknown option ${key}; ignored` });
  }
  return { maxEvents, reference, notices };
}

export function simulate(input: Scenario | unknown, opts?: SimulateOptions): SimResult {
  const resolved = isScenario(input) ? { scenario: input, notices: [] as Notice[] } : resolveScenario(input);
  const { scenario } = resolved;
  const options = resolveSimulateOptions(opts);
  const notices = [...resolved.notices, ...options.notices];
  const m = new Machine(scenario, options.maxEvents, { reference: options.reference });
  const e = m.engine;

  const start = (name: string, pf: number, body: (ctx: MachineCtx) => Actor): Task => {
    const t = e.task(name, pf);
    e.start(t, body(m.ctx(t)));
    return t;
  };
  m.testTask = start('test', 0, testProgram);
  m.kswapdTask = start('kswapd0', 0, kswapd);
  for (let i = 0; i < m.p.cpus; i++) m.kcryptdTasks.push(start(`kcryptd/${i}`, 0, (ctx) => kcryptdWorker(ctx, i)));
  m.dmcryptWriteTask = start('dmcrypt_write', 0, dmcryptWrite);
  const builders: Task[] = [];
  for (let i = 0; i < m.p.buildJobs; i++) builders.push(start(`build/${i}`, 0, (ctx) => buildJob(ctx, i)));
  const extra: Task[] = [];
  if (m.kernel.policy.oomReaper !== 'none') extra.push((m.oomReaperTask = start('oom_reaper', PF_KTHREAD, oomReaper)));
  if (m.p.oomLockHolder > 0) extra.push((m.lockHolderTask = start('lock holder', 0, lockHolder)));

  const zoneNames = m.zones.map((z) => z.name);
  const series: Series = {
    t: [], freeKiB: [], swapUsedKiB: [], writebackKiB: [], slabKiB: [], pagePoolFree: [], kcryptdReqPerS: [], touchedMiB: [],
    anonKiB: [], swapCacheKiB: [], fileKiB: [], cryptPagesInFlight: [], biosInFlight: [], throttleLimitKiB: [],
    noProgressLoops: [], retryChecks: [], retryGiveUps: [],
    pools: Object.fromEntries(Object.values(m.pools).map((p) => [p.name, []])), kcryptdState: m.kcryptdTasks.map(() => []),
    zones: Object.fromEntries(zoneNames.map((n) => [n, { freeKiB: [], pagesScanned: [], reclaimableGate: [] }])),
  };
  let conservation = true, nonNegative = true;
  let lastCrypt = 0;
  const sampleUs = m.p.sampleMs * 1000;
  const probeCtx = { ...m.ctx(m.kcryptdTasks[0] ?? m.testTask), trace: null, task: { name: 'probe', pf: 0, memdie: false, cpuDebtUs: 0 } };
  let minFree = Infinity, maxWb = 0;
  // The series each sample appends to, looked up once.
  const zoneSeries = m.zones.map((z) => series.zones[z.name]!);
  const poolList = Object.values(m.pools);
  const poolSeries = poolList.map((p) => series.pools[p.name]!);
  const sample = () => {
    let free = 0, slab = 0, anon = 0, swapCache = 0, file = 0, wb = 0, crypt = 0;
    const swapOk = m.swapAvailable();
    for (let i = 0; i < m.zones.length; i++) {
      const z = m.zones[i]!;
      free += z.free;
      slab += z.slab;
      anon += z.anon;
      swapCache += z.swapClean;
      file += z.file;
      wb += z.anonWb;
      crypt += z.crypt;
      if (zoneTotal(z) !== z.managed) conservation = false;
      if (z.free < 0 || z.pcp < 0 || z.anon < 0 || z.anonInactive < 0 || z.anonInactive > z.anon || z.anonWb < 0 || z.swapClean < 0 || z.file < 0 || z.slab < 0 || z.crypt < 0 || z.pagesScanned < 0) nonNegative = false;
      const zs = zoneSeries[i]!;
      zs.freeKiB.push(z.free * 4);
      zs.pagesScanned.push(z.pagesScanned);
      zs.reclaimableGate.push(6 * zoneReclaimablePages(z, swapOk));
    }
    if (m.swapUsed < 0 || m.diskInFlight < 0) nonNegative = false;
    minFree = Math.min(minFree, free);
    maxWb = Math.max(maxWb, wb);
    series.t.push(r3(e.now / 1e6));
    series.freeKiB.push(free * 4);
    series.swapUsedKiB.push(m.swapUsed * 4);
    series.writebackKiB.push(wb * 4);
    series.slabKiB.push(slab * 4);
    series.pagePoolFree.push(m.pools.pagePool.elements.length);
    series.kcryptdReqPerS.push(r3(((m.cryptDone - lastCrypt) * 1e6) / sampleUs));
    lastCrypt = m.cryptDone;
    series.touchedMiB.push(r3(m.touched / 256));
    series.anonKiB.push(anon * 4);
    series.swapCacheKiB.push(swapCache * 4);
    series.fileKiB.push(file * 4);
    series.cryptPagesInFlight.push(crypt - m.pools.pagePool.elements.length);
    series.biosInFlight.push(m.kcryptdQueue.length + m.writeQueue.length + m.diskInFlight);
    for (let i = 0; i < poolList.length; i++) poolSeries[i]!.push(poolList[i]!.elements.length);
    for (let i = 0; i < m.kcryptdTasks.length; i++) series.kcryptdState[i]!.push(m.kcryptdTasks[i]!.waitSite || 'run');
    series.throttleLimitKiB.push(m.kernel.policy.throttleVmWriteout === 'present' ? throttleVmWriteoutCheck(probeCtx, m.writebackState()).limit * 4 : 0);
    series.noProgressLoops.push(m.retryWindow.maxLoops);
    series.retryChecks.push(m.retryWindow.checks);
    series.retryGiveUps.push(m.retryWindow.giveUps);
    m.retryWindow.maxLoops = 0;
    m.retryWindow.checks = 0;
    m.retryWindow.giveUps = 0;
  };
  const sampler = e.task('sampler', 0);
  e.start(sampler, (function* () {
    for (;;) {
      sample();
      yield { op: 'sleep' as const, us: sampleUs, site: 'idle' };
    }
  })());

  const end = e.run();
  if (series.t[series.t.length - 1] !== r3(e.now / 1e6)) sample();

  const stalls: Record<string, Record<string, number>> = {};
  const tasks = [m.testTask, m.kswapdTask, ...m.kcryptdTasks, m.dmcryptWriteTask, ...builders, ...extra];
  for (const t of tasks) {
    // A task still asleep at the end has been waiting since waitStart.
    if (t.waitSite && t.gen) t.stalls[t.waitSite] = (t.stalls[t.waitSite] ?? 0) + (e.now - t.waitStart);
    stalls[t.name] = Object.fromEntries(Object.entries(t.stalls).filter(([s]) => s !== 'idle').map(([s, us]) => [s, r3(us / 1e6)]).sort());
  }
  let outcome: Outcome;
  let afterKill: AfterKill | null = null;
  if (m.oomKills.length > 0) {
    outcome = { kind: 'oom-kill', t: r3(m.oomKills[0]!.t / 1e6), endedBy: m.victimGoneAt >= 0 ? 'victim-exit' : end === 'event-cap' ? 'event-cap' : 'horizon' };
    const o = m.oom;
    const s = (us: number) => (us >= 0 ? r3(us / 1e6) : null);
    afterKill = {
      victimExitS: s(o.victimExitAt), memoryBackS: s(m.victimGoneAt), reapedS: s(o.reapedAt), reapFailedS: s(o.reapFailedAt), memdieClearedS: s(o.memdieClearedAt),
      victimStuckIn: o.victimExitAt >= 0 ? null : m.testTask.waitSite || 'run',
      freedKiB: { resident: o.freed.resident * 4, swapCache: o.freed.swapCache * 4, writeback: o.freed.writeback * 4, swapSlots: o.freed.swapSlots * 4 },
      scansAborted: o.aborts, scansWithoutCandidate: o.noCandidate,
    };
  } else if (m.testDone) outcome = { kind: 'completed', t: r3(m.testDoneAt / 1e6), endedBy: 'completion' };
  else {
    const bySite: Record<string, number> = {};
    for (const t of [m.testTask, ...m.kcryptdTasks]) for (const [s, us] of Object.entries(t.stalls)) if (s !== 'idle' && s !== 'cpu') bySite[s] = (bySite[s] ?? 0) + us;
    const waitSite = Object.entries(bySite).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'none';
    outcome = { kind: 'livelock', t: r3(e.now / 1e6), waitSite, endedBy: end === 'event-cap' ? 'event-cap' : 'horizon' };
  }
  const rates = series.kcryptdReqPerS.slice(1).filter((_, i) => series.t[i + 1]! > 0);
  const sorted = [...rates].sort((a, b) => a - b);
  return {
    model: { name: MODEL_NAME, version: MODEL_VERSION },
    scenario,
    notices,
    kernel: { label: m.kernel.label, policy: m.kernel.policy },
    outcome,
    oomKills: m.oomKills.map((k) => ({ ...k, t: r3(k.t / 1e6) })),
    afterKill,
    flags: { reservesExhausted: m.reservesExhaustedAt >= 0, reservesExhaustedAt: m.reservesExhaustedAt >= 0 ? r3(m.reservesExhaustedAt / 1e6) : null },
    stalls,
    summary: {
      touchedMiB: r3(m.touched / 256),
      swapOuts: m.swapOuts,
      writebacksDone: m.writebacksDone,
      kcryptdReqPerSMedian: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0,
      minFreeKiB: minFree * 4,
      maxWritebackKiB: maxWb * 4,
      kswapdWakeups: m.kswapdWakeups,
      vmstat: { ...m.vmEvents },
    },
    checks: { conservation, nonNegative },
    series,
    events: e.events,
  };
}

function isScenario(x: unknown): x is Scenario {
  return !!x && typeof x === 'object' && 'params' in x && 'kernel' in x && 'patches' in x && 'name' in x && typeof (x as Scenario).params === 'object' && (x as Scenario).params !== null && 'horizonS' in (x as Scenario).params;
}
