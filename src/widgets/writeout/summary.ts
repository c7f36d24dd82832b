import type { WriteoutResult } from './compute.ts';
import { headline } from './figure.ts';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** One sentence: the machine, each run's outcome and what the write-out path held at its peak. */
export function writeoutSummary(result: WriteoutResult): string {
  const p = result.params;
  const runs = result.runs.map((r) =>
    `${r.kernel} ${headline(r)}, with up to ${fmt(r.peak.writebackMiB)} MiB under writeback, ${r.peak.biosInFlight.toLocaleString('en-US')} bios (${fmt(r.peak.slabMiB)} MiB of slab) in flight` +
    (r.reservesZeroT !== null ? ` and the reserves at zero from ${fmt(r.reservesZeroT)} s` : ''));
  return `Encryption at ${fmt(p.cryptMiBPerSPerCpu)} MiB/s per CPU on ${p.cpus} CPU${p.cpus === 1 ? '' : 's'}, disk at ${fmt(p.diskMiBPerS)} MiB/s: ${runs.join('; ')}.`;
}
