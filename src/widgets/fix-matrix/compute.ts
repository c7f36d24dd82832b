/**
 * Runs every proposal on the same machine and seed and keeps, per row, what
 * the matrix shows: the outcome, when it ended, the longest wait, whether the
 * reserves reached zero, and how to reproduce it. Plain data only.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { computeFromPlan, definePlan } from '../sim/runPlan.ts';
import { describeOutcome } from '@forward-progress/model/report/outcomeWords';
import { classifyOutcome, type OutcomeClass } from '@forward-progress/model/sim/outcomeClass';
import { resolveScenario } from '@forward-progress/model/scenario/scenarios';
import { reproduceCommand, scenarioId, scenarioToQuery } from '@forward-progress/model/scenario/codec';
import type { ControlValues } from '../controls.ts';
import { PROPOSALS, type Proposal } from './proposals.ts';

export interface MatrixRow {
  id: string;
  short: string;
  label: string;
  who: string;
  date: string;
  msgid: string;
  patches: string[];
  outcome: SimResult['outcome']['kind'];
  /** The run's outcome class (the shared definition: a crawl is kcryptd at a trickle late in the run). */
  cls: OutcomeClass;
  /** Seconds: completion, the OOM kill, or the horizon. */
  t: number;
  describe: string;
  /** The longest a single actor waited at one site, summed over the run. */
  worst: { actor: string; site: string; seconds: number } | null;
  /** Seconds spent in throttle_vm_writeout by kcryptd (all workers), kswapd and the test program. */
  throttle: { kcryptd: number; kswapd: number; test: number };
  reservesZero: boolean;
  reservesAt: number | null;
  swapFreePct: number | null;
  query: string;
  command: string;
  scenarioId: string;
}

export interface Matrix {
  kernel: string;
  seed: number;
  cpus: number;
  cryptMiBPerSPerCpu: number;
  rows: MatrixRow[];
}

const cache = new Map<string, Matrix>();

function worstStall(result: SimResult): MatrixRow['worst'] {
  let worst: MatrixRow['worst'] = null;
  for (const [actor, sites] of Object.entries(result.stalls)) {
    for (const [site, seconds] of Object.entries(sites)) {
      if (site === 'cpu' || site === 'disk') continue;
      if (!worst || seconds > worst.seconds) worst = { actor, site, seconds };
    }
  }
  return worst;
}

function throttleOf(result: SimResult, prefix: string): number {
  let s = 0;
  for (const [task, sites] of Object.entries(result.stalls)) if (task.startsWith(prefix)) s += sites.throttle_vm_writeout ?? 0;
  return Math.round(s * 10) / 10;
}

/** A proposal's scenario: its patches (and parameters) on the reader's kernel, seed and machine. */
export function proposalScenario(p: Proposal, values: ControlValues) {
  return resolveScenario({
    kernel: String(values.kernel),
    patches: p.patches,
    params: { ...(p.params ?? {}), seed: Number(values.seed), cpus: Number(values.cpus), cryptMiBPerSPerCpu: Number(values.cryptMiBPerSPerCpu) },
  }).scenario;
}

type Kept = Omit<MatrixRow, 'id' | 'short' | 'label' | 'who' | 'date' | 'msgid' | 'patches'>;

/** What a row keeps of its run. */
function keepRow(r: SimResult): Kept {
  return {
    outcome: r.outcome.kind,
    cls: classifyOutcome(r),
    t: r.outcome.t,
    describe: describeOutcome(r),
    worst: worstStall(r),
    throttle: { kcryptd: throttleOf(r, 'kcryptd/'), kswapd: throttleOf(r, 'kswapd'), test: throttleOf(r, 'test') },
    reservesZero: r.flags.reservesExhausted,
    reservesAt: r.flags.reservesExhaustedAt,
    swapFreePct: r.oomKills[0] ? Math.round(r.oomKills[0].swapFreePct) : null,
    query: scenarioToQuery(r.scenario),
    command: reproduceCommand(r.scenario),
    scenarioId: scenarioId(r.scenario, r.model.version),
  };
}

/** Every proposal on the reader's kernel, machine and seed: one run each. */
export const matrixPlan = definePlan<Matrix, Kept>({
  scenarios: (values) => PROPOSALS.map((p) => proposalScenario(p, values)),
  keep: keepRow,
  join: (values, kept) => ({
    kernel: String(values.kernel),
    seed: Number(values.seed),
    cpus: Number(values.cpus),
    cryptMiBPerSPerCpu: Number(values.cryptMiBPerSPerCpu),
    rows: PROPOSALS.map((p, i) => ({ id: p.id, short: p.short, label: p.label, who: p.who, date: p.date, msgid: p.msgid, patches: [...p.patches], ...kept[i]! })),
  }),
});

const planned = computeFromPlan(matrixPlan);

/** The matrix, computed in order (memoised: the chapter's prose asks for the same states as its figure). */
export function computeMatrix(values: ControlValues): Matrix {
  const key = JSON.stringify([values.kernel, values.seed, values.cpus, values.cryptMiBPerSPerCpu]);
  const hit = cache.get(key);
  if (hit) return hit;
  const matrix = planned(values);
  if (cache.size > 6) cache.delete(cache.keys().next().value!);
  cache.set(key, matrix);
  return matrix;
}
