/**
 * Every number the "Premature OOM in 4.6" chapter states: model runs at
 * build time (the scenario's v4.6 run, the same machine with a faster disk,
 * a handful of seeds), and arithmetic on the May 2016 dmesg as Michal quoted
 * it (those inputs are quotes, not model numbers).
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { fmt, provenance, run, type RunInput } from './runs.ts';
import { readGate } from '../widgets/premature-oom/gate.ts';
import { PREMATURE_OOM_DISK } from '../widgets/premature-oom/disk.ts';
import { PARAM_BY_KEY } from '@forward-progress/model/scenario/params';

const SEEDS = [1, 2, 3, 4, 5];

const scenarioInput: RunInput = { kernel: 'v4.6' };
const fastInput: RunInput = { kernel: 'v4.6' };
/** A faster disk, for comparison over seeds. */
const FAST_DISK = 400;

const scenarioRun = run(scenarioInput);
const fastRun = run(fastInput);
const scenarioGate = readGate(scenarioRun);
const fastGate = readGate(fastRun);

/** If the figure's default no longer kills, the first of a few settings that does (checked in order), or null. */
const CANDIDATES: RunInput[] = [FAST_DISK, 200, 30].flatMap((diskMiBPerS) => [1, 2, 3].map((seed) => ({ kernel: 'v4.6', params: { diskMiBPerS, seed } })));
const killingInput = fastRun.outcome.kind === 'oom-kill' ? fastInput : CANDIDATES.find((c) => run(c).outcome.kind === 'oom-kill') ?? null;
const killingRun = killingInput ? run(killingInput) : null;
const killingGate = killingRun ? readGate(killingRun) : null;

const seedRuns = (diskMiBPerS: number) => SEEDS.map((seed) => run({ kernel: 'v4.6', params: { diskMiBPerS, seed } }));
const killed = (runs: SimResult[]) => runs.filter((r) => r.outcome.kind === 'oom-kill').length;
const fastSeeds = seedRuns(FAST_DISK);
const slowSeeds = seedRuns(PREMATURE_OOM_DISK);

/** When kcryptd got going again after the first stall: the first sample after reserves ran out with ≥ 1,000 requests/s. */
function restartT(r: SimResult): number | null {
  const s = r.series;
  const from = (r.flags.reservesExhaustedAt ?? 0) + 1;
  for (let i = 0; i < s.t.length; i++) if (s.t[i]! > from && s.kcryptdReqPerS[i]! >= 1000) return s.t[i]!;
  return null;
}
/** The ratio pages_scanned ÷ gate of a zone at the last sample before t. */
function ratioBefore(r: SimResult, zone: string, t: number): number {
  const s = r.series;
  let i = 0;
  while (i + 1 < s.t.length && s.t[i + 1]! < t) i++;
  const z = s.zones[zone]!;
  return z.reclaimableGate[i]! > 0 ? z.pagesScanned[i]! / z.reclaimableGate[i]! : 0;
}
const secondsAt = (r: SimResult, prefix: string, site: string) =>
  Object.entries(r.stalls).filter(([t]) => t.startsWith(prefix)).reduce((s, [, sites]) => s + (sites[site] ?? 0), 0);

const scenarioRestart = restartT(scenarioRun);
/** The figure's "Try this": the same run with slow encryption. */
const SLOW_CRYPT = 30;
const slowCryptInput: RunInput = { kernel: 'v4.6', params: { cryptMiBPerSPerCpu: SLOW_CRYPT } };
const slowCrypt = run(slowCryptInput);
/** The figure's run at other settings of vm.swappiness (get_scan_count weighs anon against file by it). */
const swappinessInput = (swappiness: number): RunInput => ({ ...fastInput, params: { ...fastInput.params, swappiness } });
function swappinessRun(swappiness: number) {
  const r = run(swappinessInput(swappiness));
  const kill = r.oomKills[0];
  return {
    value: swappiness,
    killed: r.outcome.kind === 'oom-kill',
    /** "is killed at 3.0 s with 100% of swap free, after 0 pages swapped out" and the like. */
    phrase: kill
      ? `is killed at ${fmt(kill.t, 1)} s with ${fmt(kill.swapFreePct, 0)}% of swap free`
      : r.outcome.kind === 'completed' ? `completes in ${fmt(r.outcome.t, 1)} s`
        : r.outcome.endedBy === 'event-cap' ? `is neither done nor killed when the run reaches the model's cap on events, ${fmt(r.outcome.t, 1)} s into it`
          : `is still not done after ${fmt(r.outcome.t, 0)} s`,
    /** The run stopped at the cap on events: the model cannot say how it would have ended. */
    eventCap: r.outcome.endedBy === 'event-cap',
    swapOuts: fmt(r.summary.swapOuts),
    swappedNothing: r.summary.swapOuts === 0,
    /** Pages reclaim scanned (direct and kswapd) and pages it reclaimed, over the run. */
    scanned: fmt(r.summary.vmstat.pgscanDirect + r.summary.vmstat.pgscanKswapd),
    reclaimedNothing: r.summary.vmstat.pgstealDirect + r.summary.vmstat.pgstealKswapd === 0,
    prov: provenance(swappinessInput(swappiness)),
  };
}
const SWAPPINESS_DEFAULT = PARAM_BY_KEY.swappiness.default;

/** The figure's run with throttle_vm_writeout taken away (what v4.9 did): whether the kill then comes. */
const noThrottleInput: RunInput = { kernel: 'v4.6', patches: ['remove-throttle-vm-writeout'] };
const noThrottleRun = run(noThrottleInput);
const noThrottleKill = noThrottleRun.oomKills[0];

/** The May 2016 dmesg (Michal, 12 Jul 2016), in kB as printed. */
const MAY = {
  dma32: { lruKiB: 423820 + 424916 + 17996 + 21800, isolatedKiB: 384, pagesScanned: 5635400 },
  dma: { lruKiB: 4096 + 4636 + 212 + 280, isolatedKiB: 0, pagesScanned: 61132 },
  freeSwapKiB: 2039832,
  totalSwapKiB: 2097148,
  writebackKiB: 4636 + 49972,
};
const gateOf = (z: { lruKiB: number; isolatedKiB: number }) => 6 * ((z.lruKiB + z.isolatedKiB) / 4);

const zoneOf = (g: typeof scenarioGate, name: string) => g.zones.find((z) => z.zone === name)!;

export const p = {
  fmt,
  disk: PREMATURE_OOM_DISK,
  scenario: {
    outcome: scenarioRun.outcome.kind,
    killed: scenarioRun.outcome.kind === 'oom-kill',
    endS: fmt(scenarioRun.outcome.t, 1),
    reservesS: fmt(scenarioRun.flags.reservesExhaustedAt ?? 0, 1),
    restartS: scenarioRestart === null ? null : fmt(scenarioRestart, 1),
    dma32Peak: fmt(zoneOf(scenarioGate, 'DMA32').peak, 2),
    dmaAtRestart: scenarioRestart === null ? null : fmt(ratioBefore(scenarioRun, 'DMA', scenarioRestart), 2),
    allPast: scenarioGate.allPastAt,
    allPastS: scenarioGate.allPastAt === null ? null : fmt(scenarioGate.allPastAt, 1),
    kcryptdIffS: fmt(secondsAt(scenarioRun, 'kcryptd', 'wait_iff_congested') / scenarioRun.scenario.params.cpus, 1),
    prov: provenance(scenarioInput),
  },
  fast: {
    killed: fastRun.outcome.kind === 'oom-kill',
    outcome: fastRun.outcome.kind,
    endS: fmt(fastRun.outcome.t, 1),
    killS: fastGate.kill ? fmt(fastGate.kill.t, 1) : null,
    swapFreePct: fastGate.kill ? fmt(fastGate.kill.swapFreePct, 1) : null,
    freeKiB: fastGate.kill ? fmt(fastGate.kill.freeKiB) : null,
    swapUsedMiB: fastGate.kill ? fmt(fastGate.kill.swapUsedMiB, 1) : null,
    writebackMiB: fastGate.kill ? fmt(fastGate.kill.writebackMiB, 1) : null,
    reservesS: fmt(fastRun.flags.reservesExhaustedAt ?? 0, 1),
    kcryptdIffS: fmt(secondsAt(fastRun, 'kcryptd', 'wait_iff_congested') / fastRun.scenario.params.cpus, 1),
    dma32Peak: fmt(zoneOf(fastGate, 'DMA32').peak, 2),
    prov: provenance(fastInput),
  },
  /** A run that kills (the figure's default if it does), for the prose about the kill. */
  noThrottle: {
    killed: noThrottleKill !== undefined,
    killS: noThrottleKill ? fmt(noThrottleKill.t, 1) : '',
    swapFreePct: noThrottleKill ? fmt(noThrottleKill.swapFreePct, 1) : '',
    prov: provenance(noThrottleInput),
  },
  kill: killingRun && killingGate?.kill ? {
    isDefault: killingInput === fastInput,
    disk: fmt(killingRun.scenario.params.diskMiBPerS),
    seed: fmt(killingRun.scenario.params.seed),
    t: fmt(killingGate.kill.t, 1),
    swapFreePct: fmt(killingGate.kill.swapFreePct, 1),
    freeKiB: fmt(killingGate.kill.freeKiB),
    swapUsedMiB: fmt(killingGate.kill.swapUsedMiB, 1),
    writebackMiB: fmt(killingGate.kill.writebackMiB, 1),
    reservesS: fmt(killingRun.flags.reservesExhaustedAt ?? 0, 1),
    kcryptdIffS: fmt(secondsAt(killingRun, 'kcryptd', 'wait_iff_congested') / killingRun.scenario.params.cpus, 1),
    kcryptdShare: fmt((100 * secondsAt(killingRun, 'kcryptd', 'wait_iff_congested') / killingRun.scenario.params.cpus) / killingGate.kill.t, 0),
    prov: provenance(killingInput!),
  } : null,
  seeds: {
    n: SEEDS.length,
    fastKilled: killed(fastSeeds),
    slowKilled: killed(slowSeeds),
  },
  swappiness: {
    default: SWAPPINESS_DEFAULT,
    /** The default run, in the same words as the others. */
    atDefault: swappinessRun(SWAPPINESS_DEFAULT),
    zero: swappinessRun(0),
    low: swappinessRun(10),
    high: swappinessRun(100),
    /** The file pages Ondrej's machine boots with: the working set reclaim scans and never frees. */
    fileCacheMiB: fmt(fastRun.scenario.params.fileCacheMiB),
  },
  fastDisk: FAST_DISK,
  cryptDefault: fmt(PARAM_BY_KEY.cryptMiBPerSPerCpu.default),
  slowCryptValue: SLOW_CRYPT,
  slowCrypt: {
    killed: slowCrypt.outcome.kind === 'oom-kill',
    phrase: slowCrypt.outcome.kind === 'oom-kill'
      ? `the kill comes at ${fmt(slowCrypt.outcome.t, 1)} s instead, with ${fmt(slowCrypt.oomKills[0]!.swapFreePct, 1)}% of swap free`
      : slowCrypt.outcome.kind === 'completed' ? `there is no kill: the test completes in ${fmt(slowCrypt.outcome.t, 1)} s` : `there is no kill: the test is still not done after ${fmt(slowCrypt.outcome.t, 0)} s`,
    peak: fmt(readGate(slowCrypt).zones.find((z) => z.zone === 'DMA32')!.peak, 2),
  },
  may: {
    dma32Gate: fmt(gateOf(MAY.dma32)),
    dma32Times: fmt(MAY.dma32.pagesScanned / (gateOf(MAY.dma32) / 6), 0),
    dma32Scanned: fmt(MAY.dma32.pagesScanned),
    dmaGate: fmt(gateOf(MAY.dma)),
    dmaScanned: fmt(MAY.dma.pagesScanned),
    swapFreePct: fmt((100 * MAY.freeSwapKiB) / MAY.totalSwapKiB, 1),
    swapUsedMiB: fmt((MAY.totalSwapKiB - MAY.freeSwapKiB) / 1024, 1),
    writebackMiB: fmt(MAY.writebackKiB / 1024, 1),
  },
};
