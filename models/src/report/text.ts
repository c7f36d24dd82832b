/**
 * A readable summary of one run (the 72-column citation block will replace
 * this later; keep the formatting here, apart from the model).
 */
import type { SimResult } from '../sim/simulate.ts';

const kib = (k: number) => (k >= 10240 ? `${(k / 1024).toFixed(0)} MiB` : `${k} KiB`);

export function formatRunText(r: SimResult): string {
  const o = r.outcome;
  const lines: string[] = [];
  lines.push(`${r.model.name} ${r.model.version}: ${r.scenario.name}, kernel ${r.kernel.label}, seed ${r.scenario.params.seed}`);
  let what: string;
  if (o.kind === 'completed') what = `completed: the test touched ${r.scenario.params.touchMiB} MiB in ${o.t.toFixed(1)} s`;
  else if (o.kind === 'oom-kill') {
    const k = r.oomKills[0]!;
    what = `OOM kill at ${o.t.toFixed(1)} s: ${k.victim} killed with ${k.swapFreePct}% of swap free and ${k.freeKiB} KiB free`;
  } else what = `livelock: not done after ${o.t.toFixed(0)} s (${o.endedBy}); most time waiting in ${o.waitSite}`;
  lines.push(`outcome: ${what}`);
  lines.push(`reserves exhausted: ${r.flags.reservesExhausted ? `yes, at ${r.flags.reservesExhaustedAt} s` : 'no'}`);
  const s = r.summary;
  lines.push(`touched ${s.touchedMiB} MiB; swap-outs ${s.swapOuts}; writebacks done ${s.writebacksDone}; kcryptd median ${s.kcryptdReqPerSMedian} req/s`);
  lines.push(`lowest free ${kib(s.minFreeKiB)}; highest writeback ${kib(s.maxWritebackKiB)}; kswapd wakeups ${s.kswapdWakeups}`);
  lines.push('stalls (s):');
  for (const [actor, sites] of Object.entries(r.stalls)) {
    const parts = Object.entries(sites).filter(([, v]) => v >= 0.001).map(([k, v]) => `${k} ${v}`);
    if (parts.length) lines.push(`  ${actor.padEnd(14)} ${parts.join(', ')}`);
  }
  lines.push(`events ${r.events}; checks: conservation ${r.checks.conservation ? 'ok' : 'FAILED'}, counters ${r.checks.nonNegative ? 'ok' : 'NEGATIVE'}`);
  return lines.join('\n');
}
