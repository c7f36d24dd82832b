/**
 * The invariants every run of the model keeps, and the random scenarios the
 * property tests check them on (tests/model/properties-*.test.ts, 1,000
 * scenarios in all). Small machines keep a run to tens of milliseconds.
 */
import fc from 'fast-check';
import { simulate, type SimResult } from '../../models/src/sim/simulate.ts';
import { BASE_KERNELS, type BaseKernel } from '../../models/src/kernel/versions.ts';
import { PATCH_IDS, type PatchId } from '../../models/src/kernel/patches.ts';

export interface PropertyScenario {
  scenario?: string;
  kernel: BaseKernel;
  patches: PatchId[];
  params: Record<string, number>;
}

/** Any base kernel, up to three patches, and the knobs a reader can turn, on a small machine for 40 s. */
export const anyScenario: fc.Arbitrary<PropertyScenario> = fc
  .tuple(
    fc.constantFrom(...BASE_KERNELS),
    fc.subarray([...PATCH_IDS], { maxLength: 3 }),
    fc.record({
      seed: fc.integer({ min: 0, max: 100_000 }),
      ramMiB: fc.constantFrom(96, 128, 192, 256),
      cpus: fc.integer({ min: 1, max: 4 }),
      hz: fc.constantFrom(100, 250, 300, 1000),
      cryptMiBPerSPerCpu: fc.integer({ min: 5, max: 400 }),
      diskMiBPerS: fc.integer({ min: 5, max: 400 }),
      swappiness: fc.integer({ min: 0, max: 100 }),
      memcgs: fc.integer({ min: 1, max: 4 }),
      fileCacheMiB: fc.constantFrom(0, 8, 40),
      globalDirtyLimitMiB: fc.constantFrom(0, 0, 10, 50),
      buildJobs: fc.constantFrom(0, 0, 2),
      buildJobMiB: fc.constantFrom(20, 60),
      oomLockHolder: fc.constantFrom(0, 0, 1),
      lowerDmLayers: fc.constantFrom(0, 0, 1),
      swapOnDmCrypt: fc.constantFrom(1, 1, 1, 0),
    }),
  )
  .map(([kernel, patches, p]) => ({ kernel, patches, params: { ...p, swapMiB: p.ramMiB * 2, touchMiB: Math.round(p.ramMiB * 1.5), horizonS: 40, sampleMs: 250 } }));

/**
 * The 512 MiB machine on v4.5 and v4.6 without throttle_vm_writeout, where
 * about half the runs end in an OOM kill (v4.6 without another patch is
 * killed at the gate of zone_reclaimable; the revert and mempool-memdie-only
 * keep the kill away, and v4.5 is not killed): runs that go on past a kill.
 */
export const killProneScenario: fc.Arbitrary<PropertyScenario> = fc
  .tuple(
    fc.constantFrom<BaseKernel>('v4.5', 'v4.6', 'v4.6', 'v4.6'),
    fc.constantFrom<PatchId[]>([], [], [], ['mempool-memdie-only'], ['revert-f9054c70']),
    fc.integer({ min: 0, max: 100_000 }),
    fc.constantFrom(0, 1),
    fc.constantFrom(0, 2),
  )
  .map(([kernel, patches, seed, oomLockHolder, buildJobs]) => ({ scenario: 'small-512', kernel, patches: ['remove-throttle-vm-writeout' as PatchId, ...patches], params: { seed, oomLockHolder, buildJobs, buildJobMiB: 40, horizonS: 60 } }));

export function run(s: PropertyScenario): SimResult {
  return simulate(s, { maxEvents: 300_000 });
}

/** What is wrong with a run, or null: pages conserved, no counter below zero, time moving forward, a kill's afterlife told. */
export function violation(s: PropertyScenario, r: SimResult): string | null {
  if (!r.checks.conservation) return 'pages not conserved';
  if (!r.checks.nonNegative) return 'a counter went below zero';
  const t = r.series.t;
  if (t.length === 0) return 'no samples';
  for (let i = 1; i < t.length; i++) if (!(t[i]! > t[i - 1]!)) return `time not increasing at sample ${i}: ${t[i - 1]} then ${t[i]}`;
  for (const key of ['freeKiB', 'swapUsedKiB', 'writebackKiB', 'slabKiB', 'anonKiB', 'swapCacheKiB', 'fileKiB', 'kcryptdReqPerS'] as const) {
    const xs = r.series[key];
    if (xs.length !== t.length) return `${key} has ${xs.length} samples, t has ${t.length}`;
    const i = xs.findIndex((v) => !(v >= 0));
    if (i >= 0) return `${key} is ${xs[i]} at ${t[i]} s`;
  }
  if (r.outcome.t < 0 || r.outcome.t > s.params.horizonS! + 1e-3) return `outcome at ${r.outcome.t} s, outside 0..${s.params.horizonS}`;
  if (r.oomKills.length > 0) {
    if (r.outcome.kind !== 'oom-kill') return `killed, but the outcome is ${r.outcome.kind}`;
    if (r.afterKill === null) return 'killed, with no afterKill';
    for (let i = 1; i < r.oomKills.length; i++) if (r.oomKills[i]!.t < r.oomKills[i - 1]!.t) return 'kills out of order';
    const last = t[t.length - 1]!;
    if (r.oomKills[0]!.t > last + 1e-3) return `a kill at ${r.oomKills[0]!.t} s, after the last sample at ${last} s`;
    if (r.outcome.t !== r.oomKills[0]!.t) return `the outcome at ${r.outcome.t} s is not the first kill at ${r.oomKills[0]!.t} s`;
  } else if (r.afterKill !== null) return 'an afterKill without a kill';
  return null;
}
