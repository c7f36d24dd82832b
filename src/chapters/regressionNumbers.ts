/**
 * Every number the "f9054c70 regression" chapter states about the model,
 * from build-time runs of the default scenario (Ondrej's machine) with and
 * without the revert. Sentences that depend on an outcome are derived here,
 * so the text stays true when the model changes.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { run, provenance, fmt, type RunInput } from './runs.ts';
import { outcomePhrase } from '../widgets/reserves-regression/summary.ts';
import { LAB_2016 } from './lab2016Outcomes.ts';

const REVERT = 'revert-f9054c70';

function lowest(r: SimResult, zone: string): number {
  return Math.min(...(r.series.zones[zone]?.freeKiB ?? [0]));
}

function describe(input: RunInput) {
  const r = run(input);
  return {
    input,
    result: r,
    query: provenance(input).query,
    id: provenance(input).id,
    exhausted: r.flags.reservesExhausted,
    exhaustedAt: r.flags.reservesExhaustedAt === null ? '' : fmt(r.flags.reservesExhaustedAt, 1),
    lowestDma32: fmt(lowest(r, 'DMA32')),
    lowestDma: fmt(lowest(r, 'DMA')),
    outcome: outcomePhrase(r),
    kind: r.outcome.kind,
  };
}

const v46 = describe({ kernel: 'v4.6' });
const v46r = describe({ kernel: 'v4.6', patches: [REVERT] });
const rc6 = describe({ kernel: 'v4.7-rc6' });
const rc6r = describe({ kernel: 'v4.7-rc6', patches: [REVERT] });

function zonesAtZero(d: ReturnType<typeof describe>): string {
  const zones = Object.entries(d.result.series.zones).map(([name, z]) => ({ name, low: Math.min(...z.freeKiB) }));
  const zero = zones.filter((z) => z.low === 0).map((z) => z.name);
  const rest = zones.filter((z) => z.low > 0).map((z) => `${z.name} to ${fmt(z.low)} kB`);
  if (zero.length === zones.length) return 'the free memory of every zone to zero';
  if (zero.length === 0) return `free memory no lower than ${rest.join(' and ')}`;
  return `the free memory of ${zero.join(' and ')} to zero (and ${rest.join(', ')})`;
}

/** What 2016 reported (the May log, from a 4.6-rc build with f9054c70; the revert on Mikulas's machine) against what the model gives for v4.6. */
function verdict(): string {
  const drained = v46.exhausted
    ? `${zonesAtZero(v46).startsWith('the free memory of every zone') ? 'Like the May log' : 'Much like the May log'}, the model's v4.6 takes ${zonesAtZero(v46)}: the reserves run out ${v46.exhaustedAt} s into the run.`
    : `Unlike the May log, the model's v4.6 does not run out of reserves with the default settings: it takes ${zonesAtZero(v46)}.`;
  const kill = v46.kind === 'oom-kill'
    ? ` It also kills the test, as the kernel of the May log did: it ${v46.outcome}.`
    : ` But it does not reproduce the kill that followed in the May log: the model's v4.6 ${v46.outcome}.`;
  const revert = v46r.kind === 'oom-kill'
    ? ` Worse, the model's v4.6 with the revert ${v46r.outcome}, although in August 2016, on Mikulas's machine, the revert made the simple test pass. In the model, then, the drain is not what decides the kill; what does decide it is the question of the chapter on premature OOM.`
    : v46r.kind === 'completed'
      ? ` With the revert it ${v46r.outcome}, as the revert did for the simple test on Mikulas's machine in August 2016.`
      : ` With the revert it ${v46r.outcome}.`;
  const real = LAB_2016.v46;
  const realRevert = LAB_2016.v46Revert;
  const lab = ` The real kernels, run in the project's lab on a guest of the same size, ${real.froze && realRevert.completed ? "show the commit's effect, but not the kill" : 'add another reading'}: Linux 4.6.2 ${real.words} (run ${real.run}), and 4.6.2 with the revert ${realRevert.words} (run ${realRevert.run}).`;
  return `${drained}${kill}${revert}${lab}`;
}

/** The "Try this" result: v4.7-rc6 with and without the revert. */
function tryThis(): string {
  const rc = rc6.exhausted ? `its reserves run out at ${rc6.exhaustedAt} s` : `its reserves do not run out (it takes ${zonesAtZero(rc6)})`;
  const rev = rc6r.exhausted ? `with the revert they run out as well, at ${rc6r.exhaustedAt} s` : `with the revert they never do: the lowest free memory is ${rc6r.lowestDma32} kB in DMA32 and ${rc6r.lowestDma} kB in DMA`;
  return `v4.7-rc6 carries f9054c70 too, and ${rc}; ${rev}.`;
}

/**
 * David Rientjes's lock-holder case (14 Jul 2016) as the model's what-if
 * oomLockHolder: runs that end in an OOM kill, with a task that takes a mutex
 * and allocates a dm_io from md->io_pool under it, the mutex the victim needs
 * on its way out. Does the victim hang? Run on v4.6 with the revert and on
 * v4.6 on the 512 MiB machine, with and without RFC 1/2 (the runs that ended
 * in a kill when the chapter was written); a run without a kill cannot tell.
 */
const LOCK_HOLDER_RUNS: RunInput[] = [
  ...[1, 2].map((seed) => ({ kernel: 'v4.6', patches: [REVERT], params: { seed, oomLockHolder: 1 } })),
  ...[1, 2, 3].map((seed) => ({ scenario: 'small-512', kernel: 'v4.6', params: { seed, oomLockHolder: 1 } })),
  { scenario: 'small-512', kernel: 'v4.6', patches: ['mempool-memdie-only'], params: { seed: 1, oomLockHolder: 1 } },
];
function lockHolder() {
  const killed = LOCK_HOLDER_RUNS.map((input) => ({ input, r: run(input) })).filter(({ r }) => r.afterKill !== null);
  const stuck = killed.filter(({ r }) => r.afterKill!.victimExitS === null);
  const exitDelays = killed.filter(({ r }) => r.afterKill!.victimExitS !== null).map(({ r }) => r.afterKill!.victimExitS! - r.oomKills[0]!.t);
  const holderPoolWaitS = killed.reduce((s, { r }) => s + (r.stalls['lock holder']?.mempool_alloc ?? 0), 0);
  const victimMutexWaitS = killed.reduce((s, { r }) => s + (r.stalls.test?.mutex ?? 0), 0);
  return {
    runs: LOCK_HOLDER_RUNS.length,
    killed: killed.length,
    stuck: stuck.length,
    /** The longest time from the kill to the victim's exit, over the runs whose victim exited. */
    maxExitDelayS: exitDelays.length ? fmt(Math.max(...exitDelays), 2) : null,
    holderEverWaited: holderPoolWaitS > 0,
    holderPoolWaitS: fmt(holderPoolWaitS, 1),
    victimMutexWaitS: fmt(victimMutexWaitS, 2),
    example: killed.length ? provenance(killed[0]!.input) : null,
    /** RAM of the smaller machine the what-if also runs on. */
    smallRamMiB: fmt(run(LOCK_HOLDER_RUNS[2]!).scenario.params.ramMiB),
    /** Whether the chapter's own revert run (no what-if) ends in a kill. */
    figureRevertKills: v46r.kind === 'oom-kill',
  };
}

export const g = {
  v46, v46r, rc6, rc6r,
  verdict: verdict(),
  tryThis: tryThis(),
  lockHolder: lockHolder(),
};
