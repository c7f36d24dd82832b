import type { Matrix } from './compute.ts';

const r1 = (x: number) => (Math.round(x * 10) / 10).toLocaleString('en-US');

/** One sentence: how many proposals finish, the fastest, and what happened to the base kernel. */
export function matrixSummary(m: Matrix): string {
  const base = m.rows[0]!;
  const done = m.rows.filter((r) => r.outcome === 'completed').sort((a, b) => a.t - b.t);
  const zero = m.rows.filter((r) => r.reservesZero).length;
  const fastest = done[0];
  return `On ${m.kernel} (${m.cpus} CPUs, seed ${m.seed}) the unpatched kernel ${base.outcome === 'completed' ? 'completes' : base.outcome === 'oom-kill' ? 'is OOM-killed' : 'is still running'} at ${r1(base.t)} s; ` +
    `${done.length} of ${m.rows.length} proposals complete` +
    (fastest ? `, fastest "${fastest.label}" at ${r1(fastest.t)} s` : '') +
    `; reserves reach zero in ${zero} of ${m.rows.length} runs.`;
}
