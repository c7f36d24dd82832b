/**
 * The runs of the 2016 kernels that the lab built from source
 * (content/data/lab-2016/*.json, made by `npm run lab -- --kernel <id>`), and
 * the scenarios planned for them (lab/scenarios.json), so that a planned
 * scenario with no run yet can say so. Bundled with the site, so it builds
 * without QEMU: the build reads every trace; the widget in a browser lists
 * the runs (RUNS_2016) and loads the one it shows (loadTrace2016).
 */
import type { LabTrace } from '../today/traces.ts';
import type { BlockedSummaryRow } from '../../../lab/parse/sysrq.ts';
import scenarioFile from '../../../lab/scenarios.json';

/** One blocked task of a sysrq-w dump, summarised over the dumps of a run (the parser's own row type). */
export type BlockedSummary = BlockedSummaryRow;

/** A 2016 run: a Today trace plus what only the built kernels record (lab/kernels/README.md). */
export interface Lab2016Trace extends LabTrace {
  scenario: LabTrace['scenario'] & { hostTimeoutS: number; sampleMs: number; cpus: number; writer?: number };
  provenance: LabTrace['provenance'] & {
    hostLoad: { load1Start: number; load1End: number; qemuCpuS: number; qemuCpuPerWall: number } | null;
    guestSettings?: Record<string, string>;
    kernelBuild: {
      id: string; source: string; mirror: string; commit: string; mirrorDiff: string; edits: string;
      configSha256: string; compiler: string; build: string; buildLog: string; uname: string;
      kconfig: Record<string, string>; zones: string; measurements: Record<string, string>;
    };
  };
  metrics: LabTrace['metrics'] & { touchedMiB: number; allocFailures: number; hungTaskReports: number; pgscanDirect: number; pgstealDirect: number };
  series: LabTrace['series'] & { dmWriteIos: number[]; vdaWriteIos: number[]; allocstall: number[] };
  events: { t: number; kind: string; text: string }[];
  progress: { touchedMiB: number; lastProgressT: number | null; lastSampleT: number | null; endT: number | null; recentMiBPerMin: number | null; recentSwapUsedKiBPerMin: number | null };
  blocked: { dumps: number; tasks: number; summary: BlockedSummary[]; timeline: { t: number; tasks: string[] }[]; timelineStride: number } | null;
  memReports: {
    t: number[]; source: string[]; freeKiB: (number | null)[]; writebackKiB: (number | null)[]; swapFreeKiB: (number | null)[];
    /** The largest reclaim unit's OOM gate per report (lab/parse/types.ts MemReportSection). */
    reclaimGate?: { unit: string; scannedKiB: (number | null)[]; gateKiB: (number | null)[]; unreclaimable: (boolean | null)[] };
  } | null;
}

export interface PlannedScenario {
  name: string;
  kernel: string;
  swap: 'crypt' | 'plain';
  memMiB: number;
  swapGiB: number;
  touchMiB: number;
  description: string;
  /** Seconds between the samples of a collector writing to a second disk; absent: none. */
  writer?: number;
}

/** The test's setup in words: "dm-crypt", "plain", "dm-crypt + 1/s collector". */
export function setupWords(s: { swap: 'crypt' | 'plain'; writer?: number }, plain = 'plain'): string {
  return `${s.swap === 'crypt' ? 'dm-crypt' : plain}${s.writer ? ` + ${s.writer === 1 ? '1/s' : `1/${s.writer} s`} collector` : ''}`;
}

/** Ondrej's test alone (no collector beside it): the runs the chapter compares with 2016. */
export const testAlone = (s: { writer?: number }): boolean => !s.writer;

const byRun = <T extends { run: string }>(a: T, b: T) => a.run.localeCompare(b.run, 'en', { numeric: true });

// Every trace, read at build time (the chapters' numbers, the build-time
// figure): a browser bundle leaves them out (import.meta.env.SSR is false
// there) and loads one run at a time with loadTrace2016. `?all&lang.json`
// makes them modules of their own, so that the browser's per-file chunks
// (the loaders below) are not merged into this import.
const modules = import.meta.env.SSR
  ? import.meta.glob<Lab2016Trace>('../../../content/data/lab-2016/*.json', { eager: true, import: 'default', query: '?all&lang.json' })
  : {};

/** Every recorded run of a built 2016 kernel, ordered by scenario then repetition: at build time only (empty in a browser). */
export const TRACES_2016: Lab2016Trace[] = Object.values(modules).sort(byRun);

/** What the widget's controls need of a run (its name, setup and how it ended), without its series and dumps. */
export type RunHead = Pick<Lab2016Trace, 'run' | 'rep' | 'scenario' | 'result' | 'events' | 'progress'>;

// `?index&lang.json`: modules of their own, read as JSON, of which a bundle keeps only the keys imported (a few KiB in all).
const heads = {
  run: import.meta.glob<string>('../../../content/data/lab-2016/*.json', { eager: true, import: 'run', query: '?index&lang.json' }),
  rep: import.meta.glob<number>('../../../content/data/lab-2016/*.json', { eager: true, import: 'rep', query: '?index&lang.json' }),
  scenario: import.meta.glob<Lab2016Trace['scenario']>('../../../content/data/lab-2016/*.json', { eager: true, import: 'scenario', query: '?index&lang.json' }),
  result: import.meta.glob<Lab2016Trace['result']>('../../../content/data/lab-2016/*.json', { eager: true, import: 'result', query: '?index&lang.json' }),
  events: import.meta.glob<Lab2016Trace['events']>('../../../content/data/lab-2016/*.json', { eager: true, import: 'events', query: '?index&lang.json' }),
  progress: import.meta.glob<Lab2016Trace['progress']>('../../../content/data/lab-2016/*.json', { eager: true, import: 'progress', query: '?index&lang.json' }),
};
/** One chunk per trace, loaded when a state shows it. */
const loaders = import.meta.glob<Lab2016Trace>('../../../content/data/lab-2016/*.json', { import: 'default' });
const loaderOf = new Map<string, () => Promise<Lab2016Trace>>();

/** Every recorded run, without its series, ordered like TRACES_2016: what the page's controls list. */
export const RUNS_2016: RunHead[] = Object.keys(heads.run)
  .map((key) => {
    const path = key.replace(/\?.*$/, '');
    const run = heads.run[key]!;
    const load = loaders[path];
    if (!load) throw new Error(`${path} is listed but has no loader`);
    loaderOf.set(run, load);
    return { run, rep: heads.rep[key]!, scenario: heads.scenario[key]!, result: heads.result[key]!, events: heads.events[key]!, progress: heads.progress[key]! };
  })
  .sort(byRun);

/** The recorded run named `run` (its chunk, loaded once); undefined when there is none. */
export async function loadTrace2016(run: string): Promise<Lab2016Trace | undefined> {
  const load = loaderOf.get(run);
  if (!load) return undefined;
  try {
    return await load();
  } catch (error) {
    throw new Error(`the recorded run ${run} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Kernel ids the lab builds from source: 4.x, as opposed to Debian's packages. */
export const isBuiltKernel = (kernel: string) => /^4\./.test(kernel);

const defaults = (scenarioFile as { defaults: Partial<PlannedScenario> }).defaults;

/** Every 2016 scenario the lab defines, run or not, in the file's order. */
export const PLANNED_2016: PlannedScenario[] = (scenarioFile as { scenarios: Partial<PlannedScenario>[] }).scenarios
  .filter((s) => isBuiltKernel(String(s.kernel)))
  .map((s) => ({ ...defaults, ...s }) as PlannedScenario);

export function runsOfScenario(name: string): Lab2016Trace[] {
  return TRACES_2016.filter((t) => t.scenario.name === name);
}

export function traceById(run: string): Lab2016Trace | undefined {
  return TRACES_2016.find((t) => t.run === run);
}

/** The machine in words: "1 GiB", "512 MiB". */
export function machineName(s: { memMiB: number }): string {
  return s.memMiB % 1024 === 0 ? `${s.memMiB / 1024} GiB` : `${s.memMiB} MiB`;
}

/** "4.6.2, dm-crypt, 1 GiB, run 1". */
export function runName(t: Pick<Lab2016Trace, 'scenario' | 'rep'>): string {
  return `${t.scenario.kernel}, ${setupWords(t.scenario, 'plain swap')}, ${machineName(t.scenario)}, run ${t.rep}`;
}

/** The command that recorded this run, as its trace records it (it records the run again). */
export function labCommand2016(t: Lab2016Trace): string {
  const recorded = t.provenance.command;
  return recorded.startsWith('npm run lab') ? recorded : `npm run lab -- --kernel ${t.scenario.kernel} ${t.scenario.name}`;
}

/** Seconds since boot at which the run ended: the result, the host limit, or the last thing seen. */
export function endOf(t: Lab2016Trace): number {
  const result = t.events.find((e) => e.kind === 'result')?.t;
  return result ?? t.progress.endT ?? t.series.t.at(-1) ?? 0;
}

/** Swap the guest had, in KiB: mkswap keeps one 4 KiB page for its header (the logs' SwapTotal). */
export function swapTotalKiB(t: { scenario: { swapGiB: number } }): number {
  return t.scenario.swapGiB * 1024 * 1024 - 4;
}
