/**
 * The real-kernel traces recorded by the lab (content/data/lab/*.json, made
 * by `npm run lab`), bundled with the widget so the site builds without QEMU.
 */
export interface LabTrace {
  run: string;
  rep: number;
  scenario: { name: string; kernel: string; swap: 'crypt' | 'plain'; touchMiB: number; memMiB: number; swapGiB: number; thp: string; mglru: string; overcommit: number; description: string };
  provenance: { kernelPackage: string; kernelVersion: string; qemuVersion: string; accelerator: string; cmdline: string; date: string; command: string };
  result: { kind: string; reason: string; fillS: number | null; verifyS: number | null; wallS: number | null; oomKills: number; swapFreeAtKillKiB: number | null; badPages: number | null; maxSampleGapS: number };
  metrics: { peakWritebackKiB: number; minMemFreeKiB: number; maxSwapUsedKiB: number; maxPsiFullAvg10: number; maxPsiSomeAvg10: number; directScanStealRatio: number | null; kswapdScanStealRatio: number | null };
  series: {
    t: number[]; memFreeKiB: number[]; memAvailableKiB: number[]; writebackKiB: number[]; swapUsedKiB: number[];
    psiSomeAvg10: number[]; psiFullAvg10: number[]; pgscanDirect: number[]; pgstealDirect: number[];
  };
}

const modules = import.meta.glob<LabTrace>('../../../content/data/lab/*.json', { eager: true, import: 'default' });

/** Every recorded run, ordered by scenario then repetition. */
export const TRACES: LabTrace[] = Object.values(modules).sort((a, b) => a.run.localeCompare(b.run, 'en', { numeric: true }));

/** The scenario variants recorded, e.g. '' (Ondrej's test), 'oomctl', 'mglru'. */
export function variantOf(trace: LabTrace): string {
  return trace.scenario.name.split('-').slice(2).join('-');
}

/** The command that records a run of this scenario again. */
export function labCommand(t: LabTrace): string {
  return `npm run lab -- ${t.scenario.name}`;
}

export function findTrace(kernel: string, swap: string, variant: string, rep: number): LabTrace | undefined {
  const matches = TRACES.filter((t) => t.scenario.kernel === kernel && t.scenario.swap === swap && variantOf(t) === variant);
  return matches.find((t) => t.rep === rep) ?? matches[0];
}

export function runsOf(kernel: string, swap: string, variant: string): number {
  return TRACES.filter((t) => t.scenario.kernel === kernel && t.scenario.swap === swap && variantOf(t) === variant).length;
}
