/**
 * npx tsx models/bench/bench.ts [--profile] [--no-sweep] — the model's speed,
 * reported, never asserted. Per base kernel's default run: the best of
 * BENCH_RUNS (default 3) after a warm-up, wall and CPU ms, events, events per
 * second, swapped pages, heap growth; the load average beside it (other
 * work on the machine inflates every figure). --profile adds, per kernel,
 * the functions with the most self time over one more run (V8's sampling
 * profiler through node:inspector, every 100 µs; `node --cpu-prof` on a
 * script that calls simulate() gives the same picture). Then a 100-run sweep unless --no-sweep.
 */
import { cpus, loadavg } from 'node:os';
import { Session } from 'node:inspector/promises';
import { simulate } from '../src/sim/simulate.ts';
import { sweep } from '../src/sim/sweep.ts';
import { resolveScenario } from '../src/scenario/scenarios.ts';
import { BASE_KERNELS } from '../src/kernel/versions.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const args = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

console.log(`node ${process.version}, best of ${RUNS} runs per kernel after one warm-up${gc ? '' : ' (run with --expose-gc for cleaner memory figures)'}; load average ${load()} on ${cpus().length} CPUs`);
console.log('kernel     outcome              best ms   best cpu ms   heap MiB    events   events/s   swapped pages   µs cpu/page');
for (const kernel of BASE_KERNELS) {
  const { scenario } = resolveScenario({ kernel });
  let last = simulate(scenario);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const heaps: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = simulate(scenario);
    times.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    cpuTimes.push((c1.user + c1.system) / 1000);
    heaps.push((process.memoryUsage().heapUsed - before) / 1048576);
  }
  const ms = Math.min(...times);
  const cpu = Math.min(...cpuTimes);
  const o = last.outcome;
  console.log(
    `${kernel.padEnd(10)} ${`${o.kind}@${o.t.toFixed(0)}s`.padEnd(20)} ${ms.toFixed(1).padStart(7)} ${cpu.toFixed(1).padStart(13)} ${Math.max(0, Math.min(...heaps)).toFixed(1).padStart(10)} ${String(last.events).padStart(9)} ${Math.round(last.events / (ms / 1000)).toString().padStart(10)} ${String(last.summary.swapOuts).padStart(15)} ${((cpu * 1000) / Math.max(1, last.summary.swapOuts)).toFixed(2).padStart(13)}`,
  );
}
console.log(`load average after the runs: ${load()}`);

if (args.includes('--profile')) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  for (const kernel of BASE_KERNELS) {
    const { scenario } = resolveScenario({ kernel });
    await session.post('Profiler.start');
    simulate(scenario);
    const { profile } = await session.post('Profiler.stop');
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const deltas = profile.timeDeltas ?? [];
    let total = 0;
    (profile.samples ?? []).forEach((id, i) => {
      const f = byId.get(id)!.callFrame;
      // The inspector's own work (Profiler.stop building the profile) and idle time are not the model's.
      if ((f.functionName === 'dispatch' && !f.url) || f.url.startsWith('node:inspector') || f.functionName === '(idle)') return;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}`;
      self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0));
      total += deltas[i] ?? 0;
    });
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 10);
    console.log(`\n${kernel}: self time over one run (${(total / 1000).toFixed(0)} ms of the model sampled)`);
    for (const [key, us] of top) console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
  }
  session.disconnect();
}

if (!args.includes('--no-sweep')) {
  const { scenario } = resolveScenario({ kernel: 'v4.6' });
  const t0 = performance.now();
  const sc0 = process.cpuUsage();
  const res = sweep(scenario, { hz: [100, 250, 300, 1000], globalDirtyLimitMiB: [0, 20, 60, 120, 200], memcgs: [1, 2, 3, 4, 5] });
  const wall = performance.now() - t0;
  const sc1 = process.cpuUsage(sc0);
  const kinds: Record<string, number> = {};
  for (const p of res.points) kinds[p.outcome] = (kinds[p.outcome] ?? 0) + 1;
  console.log(`\nsweep of ${res.points.length} runs (v4.6, hz × dirty limit × memcgs): ${(wall / 1000).toFixed(1)} s wall, ${((sc1.user + sc1.system) / 1e6).toFixed(1)} s cpu, ${(wall / res.points.length).toFixed(0)} ms/run wall; outcomes ${JSON.stringify(kinds)}; load average ${load()}`);
}
console.log(`peak RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
