/**
 * Numbers for "Candidate fixes, side by side": the matrix the widget draws
 * by default, computed once at build time.
 */
import { computeMatrix, type MatrixRow } from '../widgets/fix-matrix/compute.ts';
import { defaultValues } from '../widgets/controls.ts';
import definition from '../widgets/fix-matrix/definition.ts';
import { outcomeText } from '../widgets/fix-matrix/figure.ts';
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { fmt, run } from './runs.ts';

const values = defaultValues(definition.controls);
const m = computeMatrix(values);
const row = (id: string): MatrixRow => m.rows.find((r) => r.id === id)!;

const r1 = (x: number) => fmt(x, 1);
/** Same outcome, and an end within half a second or 1 % of the unpatched run. */
const same = (a: MatrixRow, b: MatrixRow) => a.outcome === b.outcome && Math.abs(a.t - b.t) <= Math.max(0.5, 0.01 * b.t);
const actor = (name: string) => (name === 'test' ? 'the test program' : name.startsWith('kcryptd/') ? `kcryptd worker ${name.slice(8)}` : name);

function facts(id: string) {
  const x = row(id);
  return {
    outcome: outcomeText(x),
    kind: x.outcome,
    t: r1(x.t),
    worst: x.worst ? `${r1(x.worst.seconds)} s for ${actor(x.worst.actor)} in ${x.worst.site}` : 'no wait worth naming',
    /** The longest wait is another actor's, or at another site, than in the unpatched run. */
    worstMoved: x.worst?.actor !== row('none').worst?.actor || x.worst?.site !== row('none').worst?.site,
    oom: x.outcome === 'oom-kill',
    reservesZero: x.reservesZero,
    sameAsBase: same(x, row('none')),
    fasterThanBase: x.outcome === 'completed' && (row('none').outcome !== 'completed' || x.t < row('none').t - 0.05),
    command: x.command,
    kcryptdThrottle: r1(x.throttle.kcryptd),
    othersThrottle: r1(x.throttle.kswapd + x.throttle.test),
    kcryptdFree: x.throttle.kcryptd < 0.5,
  };
}

export const f = {
  kernel: m.kernel,
  seed: m.seed,
  cpus: m.cpus,
  count: m.rows.length,
  completed: m.rows.filter((r) => r.outcome === 'completed').length,
  reservesZero: m.rows.filter((r) => r.reservesZero).length,
  row: Object.fromEntries(m.rows.map((r) => [r.id, facts(r.id)])) as Record<string, ReturnType<typeof facts>>,
};

/** Whether the unpatched kernel of the matrix crawls, as 2016 saw v4.7-rc6 do (the validation's definition of a crawl). */
export const unpatchedCrawls = row('none').cls === 'crawl';

/** A run's result in words, for the prose: "completes at 27.3 s", "is OOM-killed at …". */
export function say(id: string): string {
  const x = row(id);
  if (x.outcome === 'oom-kill') return `is OOM-killed at ${r1(x.t)} s with ${x.swapFreePct}% of swap free`;
  if (x.outcome === 'livelock') return `is still not done at the ${r1(x.t)} s horizon`;
  return `completes at ${r1(x.t)} s`;
}

/** How a row compares with the unpatched kernel. */
export function versus(id: string): string {
  const x = row(id);
  const b = row('none');
  if (same(x, b)) return Math.abs(x.t - b.t) < 0.05 ? 'exactly as the unpatched kernel does' : `within ${r1(Math.abs(x.t - b.t))} s of the unpatched kernel`;
  if (x.outcome === 'completed' && b.outcome === 'completed') return x.t < b.t ? `${r1(b.t - x.t)} s sooner than the unpatched kernel` : `${r1(x.t - b.t)} s later than the unpatched kernel`;
  return `where the unpatched kernel ${say('none')}`;
}

/** "reserves reach zero at 2.3 s" or "reserves never reach zero". */
export function reserves(id: string): string {
  const x = row(id);
  return x.reservesZero ? `the reserves reach zero at ${r1(x.reservesAt ?? 0)} s` : 'the reserves never reach zero';
}

/** A run's result in words, as say() gives a row's. */
function sayRun(r: SimResult): string {
  if (r.outcome.kind === 'oom-kill') return `is OOM-killed at ${r1(r.outcome.t)} s with ${fmt(r.oomKills[0]?.swapFreePct ?? 0)}% of swap free`;
  if (r.outcome.kind === 'livelock') return `is still not done at the ${r1(r.outcome.t)} s horizon`;
  return `completes at ${r1(r.outcome.t)} s`;
}

/** v4.6 with and without the writeback-progress counter, on the default machine and seed: the kernel the counter is aimed at. */
const v46None = run({ kernel: 'v4.6' });
const v46Counter = run({ kernel: 'v4.6', patches: ['oom-writeback-progress'] });
export const v46 = {
  killed: v46None.outcome.kind === 'oom-kill',
  say: sayRun(v46None),
  counterSay: sayRun(v46Counter),
  counterSame: v46Counter.outcome.kind === v46None.outcome.kind && Math.abs(v46Counter.outcome.t - v46None.outcome.t) < 0.05,
};

/** Proposals (labels) that kept the reserves, and those that kept kcryptd out of the throttle. */
const listOf = (rows: MatrixRow[]) => rows.length === 0 ? 'none' : rows.map((r) => r.label).join('; ');
export const groups = {
  keepReserves: listOf(m.rows.filter((r) => !r.reservesZero)),
  freeKcryptd: listOf(m.rows.filter((r) => r.throttle.kcryptd < 0.5)),
  both: listOf(m.rows.filter((r) => !r.reservesZero && r.throttle.kcryptd < 0.5)),
  bothCount: m.rows.filter((r) => !r.reservesZero && r.throttle.kcryptd < 0.5).length,
  /** The unpatched kernel already keeps kcryptd out of throttle_vm_writeout, so that column sorts nothing. */
  baseFreesKcryptd: row('none').throttle.kcryptd < 0.5,
  /** Proposals whose kcryptd workers do wait in throttle_vm_writeout. */
  throttled: listOf(m.rows.filter((r) => r.throttle.kcryptd >= 0.5)),
  throttledCount: m.rows.filter((r) => r.throttle.kcryptd >= 0.5).length,
};
