/**
 * Direct reclaim's scanning, real against model: the kernel's own counter
 * (pgscan_direct in /proc/vmstat, sampled by the lab's guest) beside the
 * model's twin of it. How many pages direct reclaimers took off the
 * inactive lists says how hard they worked for what they freed; a real
 * kernel that scans hundreds of times more than the model spent CPU the
 * model does not. Reported per swap device, never tuned against.
 */
import { scanCoversPhase, type LabRow } from './compare.ts';
import { median } from '../sim/validate.ts';

export interface ScanGroup {
  /** Runs with both counts over the whole phase (the real sampler lasted to its end), the model's above 0. */
  of: number;
  /** real / model over those runs: median, smallest, largest; null when `of` is 0. */
  median: number | null;
  least: number | null;
  most: number | null;
  /** Runs the model scanned nothing in directly (no ratio). */
  modelNone: number;
}

function group(rows: readonly LabRow[]): ScanGroup {
  const ratios: number[] = [];
  let modelNone = 0;
  for (const r of rows) {
    if (!r.real?.scan || !r.model || !scanCoversPhase(r.real)) continue;
    if (r.model.scanDirect <= 0) modelNone++;
    else ratios.push(r.real.scan.direct / r.model.scanDirect);
  }
  ratios.sort((a, b) => a - b);
  return { of: ratios.length, median: median(ratios), least: ratios[0] ?? null, most: ratios[ratios.length - 1] ?? null, modelNone };
}

export function directScanRatios(rows: readonly LabRow[]): { plain: ScanGroup; crypt: ScanGroup } {
  return { plain: group(rows.filter((r) => r.swap === 'plain')), crypt: group(rows.filter((r) => r.swap === 'crypt')) };
}

/** A ratio for reading, two significant digits: "0.81", "12", "2,600". */
export function timesWord(x: number): string {
  return Number(x.toPrecision(2)).toLocaleString('en-US');
}

/** The same with a times sign: "×0.81", "×12", "×2,600". */
export function times(x: number): string {
  return `×${timesWord(x)}`;
}
