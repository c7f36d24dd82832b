/**
 * The validation table as text: the reported rows, then the inferred rows,
 * each with what 2016 saw (or what we infer, and from what), then per machine
 * size how many seeds give the row's outcome (✓/✗ per seed), the status
 * (holds / boundary / fails), the median time to the kill or the completion,
 * the classes the runs fell in, and what followed the OOM kills (the victim
 * exited, or the run froze or stuck with it). Totals for the two groups apart.
 */
import { summarizeValidation, validationTotalsByEvidence, type PairSummary, type ValidationCell } from '../sim/validate.ts';
import { CRAWL_DEFINITION, type OutcomeClass } from '../sim/outcomeClass.ts';

const CLASS_SHORT: Record<OutcomeClass, string> = {
  completes: 'done', 'oom-kill-swap-free': 'OOM(swap free)', 'oom-kill-other': 'OOM(swap used)', crawl: 'crawl', slow: 'slow', 'event-cap': 'event-cap',
};

export const fmtS = (s: number | null): string => (s === null ? '—' : `${Math.round(s)} s`);

function pairLine(p: PairSummary): string {
  const marks = p.cells.map((c) => (c.match ? '✓' : '✗')).join('');
  const classes = Object.entries(p.classes).map(([k, n]) => `${CLASS_SHORT[k as OutcomeClass]} ${n}`).join(', ');
  const ended = p.ended ? `median end ${fmtS(p.medianEndS)} (${p.ended} ended)` : 'none ended';
  const after: Record<string, number> = {};
  for (const c of p.cells) if (c.afterKill) after[c.afterKill] = (after[c.afterKill] ?? 0) + 1;
  const afterText = Object.keys(after).length ? `; after the kill: ${Object.entries(after).map(([k, n]) => `${k} ${n}`).join(', ')}` : '';
  return `    ${p.machine.padEnd(10)} ${`${p.matched}/${p.n}`.padStart(5)} ${p.status.padEnd(8)} ${marks}  ${ended}; ${classes}${afterText}`;
}

export function formatValidationTable(cells: ValidationCell[]): string {
  const summaries = summarizeValidation(cells);
  const seeds = [...new Set(cells.map((c) => c.seed))];
  const machines = [...new Set(cells.map((c) => c.machine))];
  const lines: string[] = [
    `${summaries.length} rows × ${machines.length} machines (${machines.join(', ')}) × ${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]}); ✓/✗ per seed in order`,
    CRAWL_DEFINITION,
    'holds = every seed matches; boundary = some seeds do; fails = none',
  ];
  for (const evidence of ['reported', 'inferred'] as const) {
    const group = summaries.filter((s) => s.row.evidence === evidence);
    if (!group.length) continue;
    lines.push('', evidence === 'reported' ? '== reported rows (seen in 2016 on the machine each names)' : '== inferred rows (nobody ran these kernels on this test in 2016)');
    for (const s of group) {
      const row = s.row;
      lines.push(`${row.id} — 2016: ${row.reported}  [expect ${row.expected}]`);
      lines.push(`    ${row.evidence === 'reported' ? `reported, ${row.machine2016}` : `INFERRED ${row.basis}`}`);
      for (const p of s.pairs) lines.push(pairLine(p));
      lines.push(`    → ${s.matched}/${s.n} (${s.distribution})${s.boundary ? ' boundary' : ''}; median end ${fmtS(s.medianEndS)}`);
    }
  }
  const totals = validationTotalsByEvidence(summaries);
  const t = (x: (typeof totals)['reported']) =>
    `matched ${x.matched} of ${x.cells} cells; ${x.holding} of ${x.rows} rows hold on every cell, ${x.boundary} at a boundary, ${x.failing} hold nowhere`;
  lines.push('');
  lines.push(`reported rows: ${t(totals.reported)}`);
  lines.push(`inferred rows: ${t(totals.inferred)}`);
  return lines.join('\n');
}
