/**
 * What "The 2016 kernels, run again" states about the runs of the kernels the
 * lab built from source, computed from their traces (content/data/lab-2016)
 * and the lab's scenarios (lab/scenarios.json), so the prose and the tables
 * follow whatever runs are recorded: a scenario with no run yet says so.
 */
import { PLANNED_2016, TRACES_2016, setupWords, machineName, runsOfScenario, swapTotalKiB, labCommand2016, type Lab2016Trace, type PlannedScenario } from '../widgets/kernels-2016/traces.ts';
import {
  OUTCOME_WORDS, froze, leastSwapFreeKiB, isKcryptd, isKswapd, isOndrejsTest, isTest, lateDmWrites, mbps, outcomeClass, peakWritebackKiB, progressSeconds,
  sleepSites, stuck, swapFreeAtEndKiB, testSeconds, type OutcomeClass,
} from '../widgets/kernels-2016/analysis.ts';
import { runOutcome } from '../widgets/kernels-2016/summary.ts';
import { incident } from './incidentNumbers.ts';

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const range = (xs: number[], d = 0, unit = '') => {
  const v = xs.filter(Number.isFinite);
  if (!v.length) return 'not measured';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return `${lo === hi ? fmt(lo, d) : `${fmt(lo, d)}–${fmt(hi, d)}`}${unit}`;
};

/** The page a run's link points at: the widget, opened on that run. */
export const runHref = (run: string) => `../the-2016-kernels/?run=${encodeURIComponent(run)}#fig-kernels-2016`;

/** One row of the outcome table: a recorded run. */
export interface RunRow {
  run: string;
  rep: number;
  outcome: OutcomeClass;
  outcomeWords: string;
  detail: string;
  testS: string;
  peakWritebackMiB: string;
  leastSwapFreePct: string;
  lateDmWrites: string;
  qemuCpuPerWall: string;
  href: string;
  command: string;
}

/** A planned scenario and its runs (none yet: `runs` is empty). */
export interface ScenarioRow {
  name: string;
  kernel: string;
  swap: string;
  machine: string;
  touchMiB: number;
  description: string;
  runs: RunRow[];
}

function runRow(t: Lab2016Trace): RunRow {
  const late = lateDmWrites(t);
  const load = t.provenance.hostLoad;
  return {
    run: t.run,
    rep: t.rep,
    outcome: outcomeClass(t),
    outcomeWords: OUTCOME_WORDS[outcomeClass(t)],
    detail: runOutcome(t),
    testS: fmt(testSeconds(t)),
    peakWritebackMiB: fmt(peakWritebackKiB(t) / 1024, 1),
    leastSwapFreePct: fmt((100 * leastSwapFreeKiB(t)) / swapTotalKiB(t), 1),
    lateDmWrites: t.scenario.swap !== 'crypt' ? 'no dm-0' : late.perS === null ? 'n/a' : late.samplerStoppedAt !== null ? `${fmt(late.perS)} at ${fmt(late.at)} s (then the sampler stopped)` : fmt(late.perS),
    qemuCpuPerWall: load ? fmt(load.qemuCpuPerWall, 2) : 'n/a',
    href: runHref(t.run),
    command: labCommand2016(t),
  };
}

function scenarioRow(s: PlannedScenario): ScenarioRow {
  return {
    name: s.name,
    kernel: s.kernel,
    swap: setupWords(s),
    machine: `${machineName(s)} RAM, ${s.swapGiB} GiB swap, ${s.touchMiB >= 1024 ? `${fmt(s.touchMiB / 1024, 1)} GiB` : `${s.touchMiB} MiB`} touched`,
    touchMiB: s.touchMiB,
    description: s.description,
    runs: runsOfScenario(s.name).map(runRow),
  };
}

/** Machines in the order the table shows them: Ondrej's first. */
const machines = [...new Set(PLANNED_2016.map((s) => `${s.memMiB}/${s.swapGiB}/${s.touchMiB}`))]
  .sort((a, b) => Number(b.split('/')[0]) - Number(a.split('/')[0]));

/** The outcome table: one group per machine, the scenarios in the lab's order, every recorded run. */
export const outcomeGroups = machines.map((m) => {
  const scenarios = PLANNED_2016.filter((s) => `${s.memMiB}/${s.swapGiB}/${s.touchMiB}` === m)
    .sort((a, b) => a.kernel.localeCompare(b.kernel, 'en', { numeric: true }) || a.swap.localeCompare(b.swap))
    .map(scenarioRow);
  return { machine: scenarios[0]!.machine, scenarios };
});

/** Every run of a kernel id on Ondrej's machine with swap on dm-crypt. */
function ondrejRuns(kernel: string): Lab2016Trace[] {
  return TRACES_2016.filter((t) => t.scenario.kernel === kernel && t.scenario.swap === 'crypt' && isOndrejsTest(t));
}

/** "1 of 1 run stuck at the host limit", "2 of 3 runs completed, 1 crawling at the host limit", or "not run yet". */
export function outcomeTally(runs: Lab2016Trace[]): string {
  if (!runs.length) return 'not run yet';
  const counts = new Map<OutcomeClass, number>();
  for (const t of runs) counts.set(outcomeClass(t), (counts.get(outcomeClass(t)) ?? 0) + 1);
  const parts = [...counts].map(([c, n], k) => `${k === 0 ? `${n} of ${runs.length} run${runs.length > 1 ? 's' : ''}` : n} ${OUTCOME_WORDS[c]}`);
  return parts.join(', ');
}

/**
 * The kernel's own OOM gate in the host's memory reports of some runs: how
 * many reports printed it, in how many the kernel called the unit
 * all_unreclaimable (scanned ≥ 6 × reclaimable), and the highest scan count
 * as a percentage of the gate.
 */
export function reclaimGateFacts(runs: Lab2016Trace[]) {
  const rows = runs.flatMap((t) => {
    const g = t.memReports?.reclaimGate;
    if (!g) return [];
    return g.scannedKiB.flatMap((s, i) => (s === null || !g.gateKiB[i] ? [] : [{ unit: g.unit, pct: (100 * s) / g.gateKiB[i]!, past: g.unreclaimable[i] === true }]));
  });
  return {
    unit: rows[0]?.unit ?? '',
    reports: rows.length,
    past: rows.filter((x) => x.past).length,
    maxPct: rows.length ? fmt(Math.max(...rows.map((x) => x.pct))) : '',
  };
}

/** What one kernel did on Ondrej's machine: tally, times and where its tasks slept. */
function kernelStory(kernel: string) {
  const runs = ondrejRuns(kernel);
  const first = runs[0];
  const site = (pick: (task: string) => boolean) => {
    const all = runs.flatMap((t) => sleepSites(t, pick).map((s) => ({ ...s, run: t.run, of: t.blocked?.dumps ?? 0 })));
    return all.sort((a, b) => b.dumps - a.dumps)[0];
  };
  const sitesOf = (pick: (task: string) => boolean) => [...new Set(runs.flatMap((t) => sleepSites(t, pick).map((s) => s.sleepsIn)))];
  return {
    kernel,
    runs: runs.length,
    ran: runs.length > 0,
    tally: outcomeTally(runs),
    allStuck: runs.length > 0 && runs.every((t) => stuck(outcomeClass(t))),
    allCompleted: runs.length > 0 && runs.every((t) => outcomeClass(t) === 'completed'),
    anyOom: runs.some((t) => outcomeClass(t) === 'oom-killed'),
    allOom: runs.length > 0 && runs.every((t) => outcomeClass(t) === 'oom-killed'),
    anyFreeze: runs.some((t) => froze(outcomeClass(t))),
    outcomes: runs.map((t) => ({ run: t.run, rep: t.rep, href: runHref(t.run), text: runOutcome(t) })),
    /** "Run 1: completed in 563 s. Run 2: …" */
    outcomeSentences: runs.map((t) => `Run ${t.rep}: ${runOutcome(t)}.`).join(' '),
    testS: range(runs.map(testSeconds)),
    completedS: range(runs.filter((t) => outcomeClass(t) === 'completed').map(testSeconds)),
    movedS: range(runs.map((t) => progressSeconds(t) ?? NaN)),
    touchedMiB: range(runs.map((t) => t.progress.touchedMiB)),
    swapFreePct: range(runs.map((t) => (100 * swapFreeAtEndKiB(t)) / swapTotalKiB(t)), 0),
    leastSwapFreePct: range(runs.map((t) => (100 * leastSwapFreeKiB(t)) / swapTotalKiB(t)), 0),
    swapKiBPerS: range(runs.map((t) => (t.progress.recentSwapUsedKiBPerMin ?? NaN) / 60), 0),
    pagesPerS: range(runs.map((t) => (t.progress.recentSwapUsedKiBPerMin ?? NaN) / 60 / 4), 0),
    fillS: range(runs.map((t) => t.result.fillS ?? NaN), 0),
    peakWritebackMiB: range(runs.map((t) => peakWritebackKiB(t) / 1024), 0),
    samplerWritebackMiB: range(runs.map((t) => t.metrics.peakWritebackKiB / 1024), 0),
    samplerStoppedS: range(runs.map((t) => lateDmWrites(t).samplerStoppedAt ?? NaN), 0),
    maxGapS: range(runs.map((t) => t.result.maxSampleGapS), 0),
    recentSwapKiBPerMin: range(runs.map((t) => t.progress.recentSwapUsedKiBPerMin ?? NaN), 0),
    allocFailures: range(runs.map((t) => t.metrics.allocFailures)),
    allocFailureText: [...new Set(runs.flatMap((t) => t.events.filter((e) => e.kind === 'alloc-failure').map((e) => e.text.replace(/^(\S+): page allocation failure: /, '$1: '))))],
    /** Host reports (sysrq-m, allocation failures) that found 0 kB free, out of all of them. */
    zeroFreeReports: `${runs.flatMap((t) => t.memReports?.freeKiB ?? []).filter((x) => x === 0).length} of ${runs.flatMap((t) => t.memReports?.freeKiB ?? []).length}`,
    gate: reclaimGateFacts(runs),
    dumps: range(runs.map((t) => t.blocked?.dumps ?? 0)),
    kcryptd: site(isKcryptd),
    kswapd: site(isKswapd),
    memhog: site(isTest),
    kcryptdSites: sitesOf(isKcryptd),
    kswapdSites: sitesOf(isKswapd),
    memhogSites: sitesOf(isTest),
    vmlogSites: sitesOf((task) => task === 'vmlog'),
    throttleSleepers: [...new Set(runs.flatMap((t) => (t.blocked?.summary ?? []).filter((s) => s.sleepsIn === 'throttle_vm_writeout').map((s) => s.task)))],
    throttleDumps: range(runs.map((t) => (t.blocked?.summary ?? []).filter((s) => s.sleepsIn === 'throttle_vm_writeout').reduce((n, s) => n + s.dumps, 0))),
    firstRun: first?.run ?? '',
    firstHref: first ? runHref(first.run) : '',
  };
}

export type KernelStory = ReturnType<typeof kernelStory>;

const kernelIds = [...new Set(PLANNED_2016.map((s) => s.kernel))];
export const stories: Record<string, KernelStory> = Object.fromEntries(kernelIds.map((k) => [k, kernelStory(k)]));

/** The builds: one per kernel id that has a run, with its source and edits as the trace records them. */
export const builds = kernelIds.map((id) => {
  const t = TRACES_2016.find((x) => x.provenance.kernelBuild.id === id);
  const b = t?.provenance.kernelBuild;
  const seconds = b ? Number(/(\d+) s on/.exec(b.build)?.[1] ?? NaN) : NaN;
  return {
    id,
    built: Boolean(b),
    mirror: b?.mirror.replace(/^github:/, '') ?? '',
    commit: b?.commit.slice(0, 12) ?? '',
    mirrorUrl: b ? `https://github.com/${b.mirror.replace(/^github:/, '')}/tree/${b.commit}` : '',
    uname: b?.uname.replace(/^Linux \(none\) /, '').replace(/ #1 SMP.*$/, '') ?? '',
    edits: b ? b.edits.split(/\s+/).filter(Boolean).map((e) => e.replace(/:[0-9a-f]+$/, '')) : [],
    hz: b?.kconfig.HZ ?? '',
    preempt: b ? Object.keys(b.kconfig).find((k) => k.startsWith('PREEMPT')) ?? '' : '',
    buildSeconds: Number.isFinite(seconds) ? fmt(seconds) : '',
    compiler: b?.compiler.replace(/ \(gcc-11 -fno-pie.*$/, '') ?? '',
  };
});

const all = TRACES_2016;
const any = all[0];
const crypt1G = all.filter((t) => t.scenario.swap === 'crypt' && isOndrejsTest(t));
const wm = any?.memReports ? (any as unknown as { memReports: { watermarks?: Record<string, { min: number; low: number; high: number }> } }).memReports.watermarks : undefined;
const measured = all.filter((t) => mbps(t, 'crypt_null_write_1M') !== null);
const cipherW = measured.map((t) => mbps(t, 'crypt_null_write_1M')!);
const diskW = measured.map((t) => mbps(t, 'vda_write_1M')!);
const ratios = measured.map((t) => mbps(t, 'vda_write_1M')! / mbps(t, 'crypt_null_write_1M')!);

export const k2016 = {
  fmt,
  runs: all.length,
  scenariosRun: new Set(all.map((t) => t.scenario.name)).size,
  scenariosPlanned: PLANNED_2016.length,
  notRun: PLANNED_2016.filter((s) => runsOfScenario(s.name).length === 0).map((s) => s.name),
  /** Runs per scenario recorded so far, over the scenarios that have any: "1–3". */
  runsPerScenario: range(PLANNED_2016.map((s) => runsOfScenario(s.name).length).filter((n) => n > 0)),
  kernelsRun: new Set(all.map((t) => t.scenario.kernel)).size,
  kernelsPlanned: kernelIds.length,
  dates: [...new Set(all.map((t) => t.provenance.date.slice(0, 10)))].sort().join(', '),
  qemu: any?.provenance.qemuVersion.replace('QEMU emulator version ', '') ?? 'unknown',
  accelerators: [...new Set(all.map((t) => t.provenance.accelerator))].join(', '),
  hz: [...new Set(all.map((t) => t.provenance.kernelBuild.kconfig.HZ))].join(', '),
  preempt: [...new Set(all.map((t) => Object.keys(t.provenance.kernelBuild.kconfig).find((k) => k.startsWith('PREEMPT')) ?? 'none'))].join(', '),
  compilers: [...new Set(all.map((t) => t.provenance.kernelBuild.compiler.replace(/ \(gcc-11 -fno-pie.*$/, '')))].join('; '),
  buildSeconds: range(all.map((t) => Number(/(\d+) s on/.exec(t.provenance.kernelBuild.build)?.[1] ?? NaN)), 0),
  cpus: range(all.map((t) => t.scenario.cpus)),
  minFreeKbytes: [...new Set(all.map((t) => t.provenance.guestSettings?.min_free_kbytes).filter(Boolean))].join(', '),
  watermarks: wm ? Object.entries(wm).map(([zone, w]) => ({ zone, min: fmt(w.min), low: fmt(w.low), high: fmt(w.high) })) : [],
  /** Throttle threshold of throttle_direct_reclaim: half the zones' min watermarks together (KiB). */
  pfmemallocHalfKiB: wm ? fmt(Object.values(wm).reduce((s, w) => s + w.min, 0) / 2) : 'n/a',
  measuredRuns: measured.length,
  measuredRunIds: measured.map((t) => t.run),
  cipherWriteMBps: range(cipherW, 0),
  cipherReadMBps: range(measured.map((t) => mbps(t, 'crypt_null_read_1M')!), 0),
  diskWriteMBps: range(diskW, 0),
  diskWrite4kMBps: range(measured.map((t) => mbps(t, 'vda_write_4k')!), 1),
  cryptDiskWriteMBps: range(measured.map((t) => mbps(t, 'crypt_vda_write_1M')!), 0),
  diskOverCipher: range(ratios, 0),
  qemuCpuPerWall: range(all.map((t) => t.provenance.hostLoad?.qemuCpuPerWall ?? NaN), 2),
  hostLimitS: range(all.map((t) => t.scenario.hostTimeoutS), 0),
  crypt1GRuns: crypt1G.length,
  stories,
  builds,
  outcomeGroups,
  plain: Object.fromEntries(kernelIds.map((k) => {
    const runs = TRACES_2016.filter((t) => t.scenario.kernel === k && t.scenario.swap === 'plain' && isOndrejsTest(t));
    return [k, { tally: outcomeTally(runs), testS: range(runs.map(testSeconds)), ran: runs.length > 0 }];
  })) as Record<string, { tally: string; testS: string; ran: boolean }>,
};

// ------------------------------------------------- beside what 2016 reported

type Expect = 'oom' | 'stuck' | 'completes' | 'sites';

/** One thing 2016 reported (or that is only inferred), and the lab kernels that carry the same code. */
interface ThreadRow {
  id: string;
  kernel2016: string;
  evidence: 'reported' | 'inferred';
  said: string;
  basis?: string;
  refs: string[];
  lab: string[];
  expect: Expect;
  /** The model's row for the same kernel on Ondrej's machine (models/src/sim/validate.ts), if it has one. */
  model?: string;
}

const THREAD_ROWS: ThreadRow[] = [
  { id: 'may', kernel2016: 'a 4.6-rc kernel with f9054c70 (Ondrej\'s May log); 4.6 (Mikulas)', evidence: 'reported', said: 'OOM kill with 97 % of swap free; 0 kB free in DMA and DMA32; about 54 MB under writeback. Mikulas: "On kernel 4.6 - premature OOM".', refs: ['may', 'm16'], lab: ['4.6.2'], expect: 'oom', model: 'v4.6' },
  { id: 'parent', kernel2016: 'the parent of f9054c70', evidence: 'inferred', said: 'no OOM message.', basis: 'from the bisection, which says nothing about speed', refs: ['may'], lab: ['4.6.2+revert'], expect: 'completes', model: 'v4.5' },
  { id: 'rc6', kernel2016: 'v4.7-rc6 (f9054c70 and the OOM rework)', evidence: 'reported', said: 'no OOM kill; the system "livelocks for dozens minutes"; a kcryptd worker asleep in throttle_vm_writeout, reached from its clone-bio allocation.', refs: ['m21', 'm6'], lab: ['4.7.4-f9054c70'], expect: 'stuck', model: 'v4.7-rc6' },
  { id: 'noretry', kernel2016: 'v4.7-rc7 with Mikulas\'s __GFP_NORETRY early return', evidence: 'reported', said: 'no OOM kill, no livelock: "the swap fills slowly as expected", but the system was "not much responsive".', refs: ['m21', 'm16'], lab: ['4.7.4-f9054c70+throttle-noretry'], expect: 'completes', model: 'v4.7-rc6+throttle-noretry' },
  { id: 'less-throttle', kernel2016: 'v4.7-rc7 with PF_LESS_THROTTLE set in mempool_alloc (Michal, flag only)', evidence: 'reported', said: '"The system froze as well".', refs: ['m27', 'm25'], lab: ['4.7.4-f9054c70+mempool-less-throttle'], expect: 'stuck', model: 'v4.7-rc6+mempool-less-throttle' },
  { id: 'skip', kernel2016: 'the same with an early return for PF_LESS_THROTTLE in throttle_vm_writeout (Ondrej\'s addition)', evidence: 'reported', said: 'it worked: "Without it it didn\'t work".', refs: ['m30'], lab: ['4.7.4-f9054c70+mempool-less-throttle+throttle-skip-less-throttle'], expect: 'completes', model: 'v4.7-rc6+mempool-less-throttle+throttle-skip-less-throttle' },
  { id: 'revert', kernel2016: 'with the revert of f9054c70 (4.6.7, 4.7.1, v4.8-rc1), on Mikulas\'s machine', evidence: 'reported', said: 'swapping to dm-crypt "works in the simple example"; occasional stalls in throttle_vm_writeout.', refs: ['mikulas-0803', 'mikulas-0804'], lab: ['4.7.4', '4.8.15'], expect: 'completes', model: 'v4.8' },
  { id: 'stezenbach', kernel2016: 'a 4.6.2 desktop with LVM above dm-crypt (June)', evidence: 'reported', said: 'lockup; kcryptd workers asleep in throttle_vm_writeout and wait_iff_congested, reached from the clone-bio allocation; kswapd waiting in mempool_alloc under alloc_tio.', refs: ['m43', 'stezenbach'], lab: ['4.6.2'], expect: 'sites' },
];

type Agreement = 'agrees' | 'partly' | 'differs' | 'not run yet';

function compare(row: ThreadRow): { agreement: Agreement; note: string } {
  const ss = row.lab.map((k) => stories[k]).filter((s): s is KernelStory => Boolean(s));
  const ran = ss.filter((s) => s.ran);
  if (!ran.length) return { agreement: 'not run yet', note: 'no run of this kernel yet' };
  const every = (f: (s: KernelStory) => boolean) => ran.every(f);
  const some = (f: (s: KernelStory) => boolean) => ran.some(f);
  if (row.expect === 'oom') {
    if (every((s) => s.allOom)) return { agreement: 'agrees', note: 'OOM-killed in the lab too' };
    if (some((s) => s.anyOom)) return { agreement: 'partly', note: 'some runs OOM-killed, others not' };
    return { agreement: 'differs', note: every((s) => s.allStuck) ? 'no OOM kill: the test was stuck until the host limit, with swap nearly empty' : 'no OOM kill' };
  }
  if (row.expect === 'stuck') {
    if (every((s) => s.allStuck)) return { agreement: 'agrees', note: 'no OOM kill; still not done at the 30-minute host limit' };
    if (some((s) => s.anyFreeze)) return { agreement: 'partly', note: 'froze in some runs, not in all' };
    return { agreement: 'differs', note: 'completed in the lab' };
  }
  if (row.expect === 'completes') {
    if (every((s) => s.allCompleted)) return { agreement: 'agrees', note: 'completed, with no freeze of a minute or more' };
    if (every((s) => !s.allStuck)) return { agreement: 'partly', note: 'completed, but not every run without a freeze' };
    return { agreement: 'differs', note: 'did not complete within the host limit' };
  }
  const s = ran[0]!;
  const wic = s.kcryptdSites.includes('wait_iff_congested');
  const tvw = s.kcryptdSites.includes('throttle_vm_writeout');
  const ksw = s.kswapdSites.includes('mempool_alloc');
  const seen = [wic && 'kcryptd in wait_iff_congested', tvw && 'kcryptd in throttle_vm_writeout', ksw && 'kswapd in mempool_alloc'].filter(Boolean).join(', ');
  const missing = [!wic && 'kcryptd in wait_iff_congested', !tvw && 'kcryptd in throttle_vm_writeout', !ksw && 'kswapd in mempool_alloc'].filter(Boolean).join(', ');
  return { agreement: wic && tvw && ksw ? 'agrees' : seen ? 'partly' : 'differs', note: `${seen ? `the lab's dumps show ${seen}` : 'none of these in the lab\'s dumps'}${missing ? `; not ${missing}` : ''}` };
}

/** The model's outcome for a 2016 row, as the incident chapter computes it (memoised runs). */
function modelOf(id: string | undefined) {
  const r = id ? incident.rows.find((x) => x.row.id === id) : undefined;
  return r ? { id, short: r.row.short, text: r.model, first: r.model.split(/(?<=\.) /)[0] ?? r.model, command: r.command, href: `../lab/${r.query ? `?${r.query}` : ''}#fig-lab`, input: r.row.input } : undefined;
}

export const threadRows = THREAD_ROWS.map((row) => ({
  ...row,
  modelRun: modelOf(row.model),
  labRuns: row.lab.map((k) => ({ kernel: k, tally: stories[k]?.tally ?? 'not run yet', href: stories[k]?.firstHref ?? '', outcomes: stories[k]?.outcomes ?? [] })),
  ...compare(row),
}));
