/**
 * What a page needs to name a recorded run, without the recordings: the
 * traces themselves (traces.ts) load only where the widget computes.
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

/** The scenario variants recorded, e.g. '' (Ondrej's test), 'oomctl', 'mglru'. */
export function variantOf(trace: { scenario: { name: string } }): string {
  return trace.scenario.name.split('-').slice(2).join('-');
}

/** The command that records a run of this scenario again. */
export function labCommand(t: LabTrace): string {
  return `npm run lab -- ${t.scenario.name}`;
}
