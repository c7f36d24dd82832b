/**
 * Every fact the "mempool_alloc's order of fallbacks" chapter states about a
 * call of mempool_alloc, computed at build time by driving the model's own
 * mempoolAlloc twin (through the explorer's compute, src/widgets/mempool-steps).
 */
import { computeMempoolSteps, type Exit, type MempoolStepsResult } from '../widgets/mempool-steps/compute.ts';
import { EXIT_SHORT, stepCount } from '../widgets/mempool-steps/summary.ts';

const base = { kernel: 'v4.6', caller: 'kswapd', gfp: 'GFP_NOIO', pool: 'empty', free: 'below-min', writeback: true };
const at = (over: Partial<typeof base>): MempoolStepsResult => computeMempoolSteps({ ...base, ...over });

export const KERNELS = ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8'] as const;
export const CALLERS = [
  { id: 'kswapd', label: 'kswapd' },
  { id: 'kcryptd', label: 'kcryptd' },
  { id: 'task', label: 'ordinary task' },
  { id: 'victim', label: 'OOM victim' },
] as const;

/** One word per exit, so that the table fits a phone. */
const TABLE_WORD: Record<Exit, string> = {
  allocator: 'page', reserves: 'reserves', pool: 'pool', null: 'NULL', wait: 'waits', stall: 'throttled', spin: 'spins',
};

/** Where mempool_alloc ends, per kernel and caller: an empty pool, GFP_NOIO, free memory below min. */
export const matrix = CALLERS.map((c) => ({
  caller: c.label,
  cells: KERNELS.map((k) => {
    const r = at({ kernel: k, caller: c.id });
    return { exit: r.exit, text: TABLE_WORD[r.exit] };
  }),
}));

/** Milliseconds asleep inside mempool_alloc before it first goes to sleep on the pool (or returns). */
const sleptBeforeWake = (r: MempoolStepsResult): number => {
  const wake = r.rows.findIndex((x) => x.kind === 'wake');
  return (wake < 0 ? r.rows : r.rows.slice(0, wake)).reduce((s, x) => s + (x.kind === 'sleep' ? x.ms : 0), 0);
};
const exitOf = (over: Partial<typeof base>): Exit => at(over).exit;
const dflt = at({});
const kcryptdNoio = at({ kernel: 'v4.7-rc6', caller: 'kcryptd' });

export const m = {
  defaultSteps: stepCount(dflt),
  defaultExit: EXIT_SHORT[dflt.exit],
  /** The same call before f9054c70. */
  v45Exit: EXIT_SHORT[exitOf({ kernel: 'v4.5' })],
  v45Sleeps: exitOf({ kernel: 'v4.5' }) === 'wait',
  /** With elements in the pool, even kswapd on v4.6 is kept out of the reserves. */
  poolHasExit: EXIT_SHORT[exitOf({ pool: 'has' })],
  /** kswapd with memory at zero: nothing left even for ALLOC_NO_WATERMARKS. */
  zeroExit: EXIT_SHORT[exitOf({ free: 'zero' })],
  /** dm-crypt's first page try (GFP_NOWAIT) by the kcryptd worker, empty pool. */
  nowaitExit: EXIT_SHORT[exitOf({ caller: 'kcryptd', gfp: 'GFP_NOWAIT' })],
  /** The kcryptd worker's GFP_NOIO clone bio on v4.7-rc6 with writeback high: how long it sleeps before it even reaches the pool's wait. */
  kcryptdThrottleMs: sleptBeforeWake(kcryptdNoio),
  kcryptdExit: EXIT_SHORT[kcryptdNoio.exit],
  kcryptdSteps: stepCount(kcryptdNoio),
  /** The same worker once mempool_free has put an element back and woken it: the round it runs before it takes that element. */
  kcryptdWokenSteps: kcryptdNoio.woken?.steps ?? 0,
  kcryptdWokenThrottleMs: kcryptdNoio.woken?.sleptMs ?? 0,
  kcryptdWokenReclaims: kcryptdNoio.woken?.directReclaim ?? false,
  kcryptdWokenExit: EXIT_SHORT[kcryptdNoio.woken?.exit ?? kcryptdNoio.exit],
  /** On which of the four kernels the woken kcryptd worker goes into direct reclaim (and the throttle) before taking the element. */
  kcryptdWokenReclaimKernels: KERNELS.filter((k) => {
    const w = at({ kernel: k, caller: 'kcryptd' }).woken;
    return !!w && w.directReclaim && w.sleptMs > 0 && w.exit === 'pool';
  }),
  /** An ordinary GFP_KERNEL caller in the same state. */
  kernelExit: exitOf({ kernel: 'v4.7-rc6', caller: 'task', gfp: 'GFP_KERNEL' }),
  /** The OOM victim: stuck before f9054c70, reserves with it. */
  victimV45: EXIT_SHORT[exitOf({ kernel: 'v4.5', caller: 'victim' })],
  victimV46: EXIT_SHORT[exitOf({ kernel: 'v4.6', caller: 'victim' })],
  /** RFC 1/2 for the victim with memory at zero (the twin's behaviour; see the chapter). */
  memdieOnlyZero: exitOf({ kernel: 'v4.7-rc6+mempool-memdie-only', caller: 'victim', free: 'zero' }),
  memdieOnlyBelowMin: EXIT_SHORT[exitOf({ kernel: 'v4.7-rc6+mempool-memdie-only', caller: 'victim' })],
  memdieOnlyKswapd: EXIT_SHORT[exitOf({ kernel: 'v4.7-rc6+mempool-memdie-only', caller: 'kswapd' })],
};

/** Where the woken kcryptd worker reclaims before it takes the element, in words, for the prose. */
export const kcryptdWokenWhere = m.kcryptdWokenReclaimKernels.length === KERNELS.length
  ? 'on every one of the four kernels'
  : m.kcryptdWokenReclaimKernels.length === 0 ? 'on none of the four kernels' : `on ${m.kcryptdWokenReclaimKernels.join(', ')}`;
