import type { IncidentResult } from './compute.ts';

/** One sentence: the machine, then each kernel's outcome. */
export function incidentSummary(result: IncidentResult): string {
  const p = result.params;
  const outcomes = result.runs.map((r) => `${r.kernel} ${r.headline}`).join('; ');
  return `Ondrej's test (touch ${p.touchMiB.toLocaleString('en-US')} MiB) on ${p.cpus} CPU${p.cpus === 1 ? '' : 's'}, ${p.ramMiB.toLocaleString('en-US')} MiB RAM and ${result.swapMiB.toLocaleString('en-US')} MiB of encrypted swap, seed ${p.seed}: ${outcomes}.`;
}
