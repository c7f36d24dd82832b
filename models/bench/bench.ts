/**
 * npx tsx models/bench/bench.ts — wall time and memory per default run for
 * each base kernel (median of several runs after a warm-up), events/s,
 * simulated seconds per wall second, and a 100-run sweep.
 */
import { simulate } from '../src/sim/simulate.ts';
import { sweep } from '../src/sim/sweep.ts';
import { resolveScenario } from '../src/scenario/scenarios.ts';
import { BASE_KERNELS } from '../src/kernel/versions.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gc = (globalThis as { gc?: () => void }).gc;

console.log(`node ${process.version}, ${RUNS} runs per kernel after one warm-up${gc ? '' : ' (run with --expose-gc for cleaner memory figures)'}`);
console.log('kernel     outcome              median ms  median cpu ms   heap MiB   events   events/s(cpu)   sim s / cpu s');
for (const kernel of BASE_KERNELS) {
  const { scenario } = resolveScenario({ kernel });
  simulate(scenario);
  const times: number[] = [];
  const cpus: number[] = [];
  const heaps: number[] = [];
  let last = simulate(scenario);
  for (let i = 0; i < RUNS; i++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    last = simulate(scenario);
    const c1 = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpus.push((c1.user + c1.system) / 1000);
    heaps.push((process.memoryUsage().heapUsed - before) / 1048576);
  }
  const ms = median(times);
  const cpu = median(cpus);
  const o = last.outcome;
  console.log(
    `${kernel.padEnd(10)} ${`${o.kind}@${o.t.toFixed(0)}s`.padEnd(20)} ${ms.toFixed(1).padStart(9)} ${cpu.toFixed(1).padStart(14)} ${Math.max(0, median(heaps)).toFixed(1).padStart(10)} ${String(last.events).padStart(8)} ${Math.round(last.events / (cpu / 1000)).toString().padStart(15)} ${(o.t / (cpu / 1000)).toFixed(0).padStart(15)}`,
  );
}
const rss = process.memoryUsage().rss / 1048576;
const { scenario } = resolveScenario({ kernel: 'v4.6' });
const t0 = performance.now();
const sc0 = process.cpuUsage();
const res = sweep(scenario, { hz: [100, 250, 300, 1000], globalDirtyLimitMiB: [0, 20, 60, 120, 200], memcgs: [1, 2, 3, 4, 5] });
const wall = performance.now() - t0;
const sc1 = process.cpuUsage(sc0);
const kinds: Record<string, number> = {};
for (const p of res.points) kinds[p.outcome] = (kinds[p.outcome] ?? 0) + 1;
console.log(`sweep of ${res.points.length} runs (v4.6, hz × dirty limit × memcgs): ${(wall / 1000).toFixed(1)} s wall, ${((sc1.user + sc1.system) / 1e6).toFixed(1)} s cpu, ${(wall / res.points.length).toFixed(0)} ms/run wall; outcomes ${JSON.stringify(kinds)}`);
console.log(`load average during the run: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
console.log(`peak RSS so far ${rss.toFixed(0)} MiB`);
