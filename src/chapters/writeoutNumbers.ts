/**
 * Every model number the chapter "To write a page out, you must allocate
 * one" states, computed at build time from model runs of Ondrej's scenario.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { PARAM_BY_KEY } from '@forward-progress/model/scenario/params';
import { fmt, provenance, run, type RunInput } from './runs.ts';

const mib = (kib: number) => kib / 1024;

function firstEmpty(r: SimResult, pool: string): number | null {
  const v = r.series.pools[pool]!;
  const i = v.findIndex((x) => x === 0);
  return i < 0 ? null : r.series.t[i]!;
}

function stallOf(r: SimResult, taskPrefix: string, site: string): number {
  return Object.entries(r.stalls).filter(([t]) => t.startsWith(taskPrefix)).reduce((s, [, sites]) => s + (sites[site] ?? 0), 0);
}

function describe(input: RunInput) {
  const r = run(input);
  const s = r.series;
  const peakBios = Math.max(...s.biosInFlight);
  const peakSlabKiB = Math.max(...s.slabKiB);
  const peakWbKiB = Math.max(...s.writebackKiB);
  const workers = r.scenario.params.cpus;
  const emptyAt = (pool: string) => {
    const t = firstEmpty(r, pool);
    return t === null ? null : fmt(t, 1);
  };
  return {
    kind: r.outcome.kind,
    killed: r.outcome.kind === 'oom-kill',
    completed: r.outcome.kind === 'completed',
    t: fmt(r.outcome.t),
    reservesZero: r.flags.reservesExhausted,
    reservesAt: r.flags.reservesExhaustedAt === null ? '' : fmt(r.flags.reservesExhaustedAt, 1),
    minFreeMiB: fmt(mib(r.summary.minFreeKiB), 1),
    peakBios: fmt(peakBios),
    peakSlabMiB: fmt(mib(peakSlabKiB), 1),
    peakWbMiB: fmt(mib(peakWbKiB)),
    /** Slab bytes per in-flight bio at the peak. */
    slabPerBio: fmt((peakSlabKiB * 1024) / Math.max(1, peakBios)),
    pagePoolEmptyAt: emptyAt('cc->page_pool'),
    fsBioEmptyAt: emptyAt('fs_bio_set'),
    cryptBsEmptyAt: emptyAt('cc->bs'),
    poolSizes: Object.fromEntries(Object.entries(s.pools).map(([k, v]) => [k, fmt(v[0]!)])) as Record<string, string>,
    kcryptdThrottleS: fmt(stallOf(r, 'kcryptd', 'throttle_vm_writeout') / workers, 1),
    kcryptdCongestedS: fmt(stallOf(r, 'kcryptd', 'wait_iff_congested') / workers, 1),
    kcryptdCpuS: fmt(stallOf(r, 'kcryptd', 'cpu') / workers, 1),
    submitterMempoolS: fmt(stallOf(r, 'test', 'mempool_alloc') + stallOf(r, 'kswapd', 'mempool_alloc'), 1),
    peakCryptPages: fmt(Math.max(...s.cryptPagesInFlight)),
    command: provenance(input).command,
    /** How the run ended, as a verb phrase: "ends in an OOM kill at 570 s". */
    ending: r.outcome.kind === 'oom-kill' ? `ends in an OOM kill at ${fmt(r.outcome.t)} s` : r.outcome.kind === 'completed' ? `completes in ${fmt(r.outcome.t)} s` : `is still not done at the horizon of ${fmt(r.outcome.t)} s`,
    kcryptdWaitsDominate: stallOf(r, 'kcryptd', 'throttle_vm_writeout') + stallOf(r, 'kcryptd', 'wait_iff_congested') > stallOf(r, 'kcryptd', 'cpu'),
  };
}

const v46 = describe({ kernel: 'v4.6' });
const v48 = describe({ kernel: 'v4.8' });
const base = run({ kernel: 'v4.6' }).scenario.params;
const FAST_DISK = 600;
const fastDiskInput: RunInput = { kernel: 'v4.6', params: { diskMiBPerS: FAST_DISK } };
const fastDisk = describe(fastDiskInput);

export const wo = {
  v46,
  v48,
  fastDisk,
  /** The scenarios of the three runs, for the chapter's "Sources and confidence" note. */
  inputs: { v46: { kernel: 'v4.6' } as RunInput, v48: { kernel: 'v4.8' } as RunInput, fastDisk: fastDiskInput },
  fastDiskMiBPerS: fmt(FAST_DISK),
  fastDiskBeatsCipher: FAST_DISK > base.cryptMiBPerSPerCpu * base.cpus,
  cryptMiBPerS: fmt(base.cryptMiBPerSPerCpu),
  cryptTotalMiBPerS: fmt(base.cryptMiBPerSPerCpu * base.cpus),
  diskMiBPerS: fmt(base.diskMiBPerS),
  cipherFasterThanDisk: base.cryptMiBPerSPerCpu * base.cpus > base.diskMiBPerS,
  cpus: fmt(base.cpus),
  slabBytesPerBio: fmt(base.slabBytesPerBio),
  /** Bio-based dm layers the model puts below dm-crypt (0 if the parameter is gone). */
  lowerDmLayers: (base as Record<string, number>).lowerDmLayers ?? 0,
  slabBytesPerBioDefault: fmt(PARAM_BY_KEY.slabBytesPerBio.default),
};
