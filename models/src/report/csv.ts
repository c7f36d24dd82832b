/** The series of a run as CSV: one row per grid time, the columnar arrays side by side. */
import type { SimResult } from '../sim/simulate.ts';

export function seriesToCsv(r: SimResult): string {
  const s = r.series;
  const cols: [string, (number | string)[]][] = [
    ['t', s.t], ['freeKiB', s.freeKiB], ['swapUsedKiB', s.swapUsedKiB], ['writebackKiB', s.writebackKiB], ['slabKiB', s.slabKiB],
    ['pagePoolFree', s.pagePoolFree], ['kcryptdReqPerS', s.kcryptdReqPerS], ['touchedMiB', s.touchedMiB], ['anonKiB', s.anonKiB],
    ['swapCacheKiB', s.swapCacheKiB], ['fileKiB', s.fileKiB], ['cryptPagesInFlight', s.cryptPagesInFlight], ['biosInFlight', s.biosInFlight],
    ['throttleLimitKiB', s.throttleLimitKiB],
  ];
  for (const [zone, z] of Object.entries(s.zones)) {
    cols.push([`${zone}.freeKiB`, z.freeKiB], [`${zone}.pagesScanned`, z.pagesScanned], [`${zone}.reclaimableGate`, z.reclaimableGate]);
  }
  for (const [pool, v] of Object.entries(s.pools)) cols.push([`pool:${pool}`, v]);
  const head = `# ${r.model.name} ${r.model.version} ${r.kernel.label} scenario=${r.scenario.name} seed=${r.scenario.params.seed} params=${JSON.stringify(r.scenario.params)}`;
  const rows = [head, cols.map(([n]) => n).join(',')];
  for (let i = 0; i < s.t.length; i++) rows.push(cols.map(([, v]) => v[i]).join(','));
  return rows.join('\n');
}
