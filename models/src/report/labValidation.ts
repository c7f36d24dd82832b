/**
 * `fpsim validate --against lab` as text: per trace the kernel and its model
 * mapping, the parameters taken from the trace, then real vs model for the
 * outcome class, the time to the kill or the completion, the writeback
 * plateau and the late write rate; a trace the model cannot run gets its
 * reason. The last line is `matched N of M lab runs`.
 */
import { scanCoversPhase, type LabComparison, type LabRow } from '../lab/compare.ts';
import { mappingLabel } from '../lab/kernelVariants.ts';
import { CRAWL_DEFINITION } from '../sim/outcomeClass.ts';
import { TIME_FACTOR, ratioRange, timeAgreement, type TimeGroup } from '../lab/timeAgreement.ts';
import { directScanRatios, times, type ScanGroup } from '../lab/scanRatio.ts';

const s = (x: number | null) => (x === null ? '—' : `${Math.round(x)} s`);
const mib = (kib: number | null) => (kib === null ? '—' : `${Math.round(kib / 1024)} MiB`);
const rate = (x: number | null) => (x === null ? '—' : `${Math.round(x)}/s`);
/** A page count: 1234 → "1,234", 12345678 → "12.3 M". */
export const pagesCount = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : Math.round(n).toLocaleString('en-US'));
const scans = (direct: number, kswapd: number) => `${pagesCount(direct)} / ${pagesCount(kswapd)}`;

/** One line per swap device: runs whose time is within TIME_FACTOR of the real one, and the range of model time / real time. */
export function timeLines(c: Pick<LabComparison, 'rows'>): string[] {
  const t = timeAgreement(c.rows);
  const line = (label: string, g: TimeGroup) =>
    `${label}: ${g.within} of ${g.of} runs that both sides ended within a factor of ${TIME_FACTOR}` + (g.of ? ` (model time / real time ${ratioRange(g)}; furthest: ${g.furthest!.run}, ${Math.round(g.furthest!.realS)} s real, ${Math.round(g.furthest!.modelS)} s model)` : '');
  return ['time to kill or completion, model against real:', `    ${line('swap on the bare disk', t.plain)}`, `    ${line('swap on dm-crypt', t.crypt)}`];
}

/** One line per swap device: pages scanned by direct reclaim, real / model. */
export function scanLines(c: Pick<LabComparison, 'rows'>): string[] {
  const g = directScanRatios(c.rows);
  const line = (label: string, x: ScanGroup) =>
    `${label}: ` + (x.of ? `median ${times(x.median!)} (${times(x.least!)} to ${times(x.most!)}) over ${x.of} runs whose sampler lasted the whole phase` : 'no run with both counts over the whole phase') + (x.modelNone ? `; the model scanned none directly in ${x.modelNone} more` : '');
  return ['pages scanned by direct reclaim, real / model:', `    ${line('swap on the bare disk', g.plain)}`, `    ${line('swap on dm-crypt', g.crypt)}`];
}

export function matchedLine(c: Pick<LabComparison, 'matched' | 'compared'>): string {
  return `matched ${c.matched} of ${c.compared} lab runs`;
}

/** Zone watermarks (pages) at boot, e.g. "DMA 15/18/21 DMA32 993/1243/1493". */
const wm = (r: LabRow, side: 'real' | 'model') =>
  r.watermarks.map((z) => `${z.zone} ${z[side] ? `${z[side]!.min}/${z[side]!.low}/${z[side]!.high}` : '—'}`).join(' ') || '—';

function rowLines(r: LabRow): string[] {
  const head = `${r.run}  [lab kernel ${r.kernelId}, ${r.swap} swap → model ${mappingLabel(r.mapping)}]`;
  if (r.unsupported || !r.model || !r.real) {
    const lines = [head, `    not compared: ${r.unsupported ?? 'no model run'}`];
    if (r.real) lines.push(`    real: ${r.real.cls} (lab: ${r.real.labKind}; ${r.real.labReason})`);
    return lines;
  }
  const { real, model } = r;
  const classes = Object.entries(model.classes).map(([k, n]) => `${k} ${n}`).join(', ');
  const cols = (label: string, a: string, b: string) => `    ${label.padEnd(24)} ${a.padEnd(26)} ${b}`;
  return [
    `${head}  ${r.matched ? '✓ same class' : '✗ different class'}`,
    `    machine: ${r.taken.map((t) => `${t.key}=${t.value}`).join(' ')}`,
    ...r.notes.map((n) => `    note: ${n}`),
    cols('', 'real', `model (${model.seeds.length} seeds, medians)`),
    cols('outcome', real.cls + (real.swapFreePctAtKill !== null ? ` (${real.swapFreePctAtKill}% swap free)` : ''), `${model.cls} ${model.clsCount}/${model.seeds.length}${Object.keys(model.classes).length > 1 ? ` (${classes})` : ''}`),
    cols('lab verdict', real.labKind, ''),
    cols('time to kill/completion', s(real.endS), s(model.endS)),
    cols('writeback plateau', mib(real.plateauKiB), mib(model.plateauKiB)),
    cols('write rate, last 5 min', rate(real.lateReqPerS), rate(model.lateReqPerS)),
    cols('direct reclaim entries', real.scan?.allocstall != null ? pagesCount(real.scan.allocstall) : '—', pagesCount(model.allocstall)),
    cols('scanned direct / kswapd', real.scan ? scans(real.scan.direct, real.scan.kswapd) + (scanCoversPhase(real) ? '' : ` (to ${Math.round(real.scan.untilS)} s)`) : '—', scans(model.scanDirect, model.scanKswapd)),
    cols('watermarks min/low/high', wm(r, 'real'), wm(r, 'model')),
    `    (real rate: ${real.lateFrom}; model: kcryptd requests completed; scanned: pgscan of /proc/vmstat, real over the samples of the phase, model over its run)`,
  ];
}

export function formatLabComparison(c: LabComparison): string {
  const lines = [
    'The model on each lab trace\'s machine (measured parameters, the trace\'s kernel as base + patches).',
    'Lab runs are evidence, not a tuning target: no parameter comes from matching an outcome.',
    `time = the test's touch pass (the model's test has no read-back); ${CRAWL_DEFINITION}`,
    '',
  ];
  // Traces whose kernel has no model counterpart are listed together, one line per kernel.
  const byKernel = new Map<string, LabRow[]>();
  for (const r of c.rows) {
    if (!r.mapping.ok && r.unsupported === r.mapping.reason) byKernel.set(r.kernelId, [...(byKernel.get(r.kernelId) ?? []), r]);
    else lines.push(...rowLines(r), '');
  }
  for (const [kernel, rs] of byKernel) lines.push(`lab kernel ${kernel}: ${rs.length} trace${rs.length > 1 ? 's' : ''} (${rs.map((r) => r.run).join(', ')})`, `    not compared: ${rs[0]!.unsupported}`, '');
  const skipped = c.rows.length - c.compared;
  if (skipped) lines.push(`${skipped} of ${c.rows.length} traces not compared (reasons above)`);
  lines.push(...timeLines(c));
  lines.push(...scanLines(c));
  lines.push(matchedLine(c));
  return lines.join('\n');
}
