/**
 * The validation table as text: per 2016 row, what was reported (and on whose
 * machine) or what is only inferred (and from what), then one line per machine
 * with its cells per seed.
 */
import { VALIDATION_ROWS, type ValidationCell } from '../sim/validate.ts';

function cellText(c: ValidationCell): string {
  const o = c.outcome;
  const kind = o.kind === 'oom-kill' ? `OOM@${Math.round(o.t)}s/${c.swapFreePct}%free` : o.kind === 'completed' ? `done@${Math.round(o.t)}s` : `livelock(${o.waitSite})`;
  return `${c.match ? '✓' : '✗'} ${kind}`;
}

export function formatValidationTable(cells: ValidationCell[]): string {
  const machines = [...new Set(cells.map((c) => c.machine))];
  const lines: string[] = [];
  let matched = 0;
  for (const row of VALIDATION_ROWS) {
    const rc = cells.filter((c) => c.row === row.id);
    if (!rc.length) continue;
    const evidence = row.evidence === 'reported' ? `reported, ${row.machine2016}` : `INFERRED ${row.basis}`;
    lines.push(`${row.id} — 2016: ${row.reported}  [expect ${row.expected}]`);
    lines.push(`    ${evidence}`);
    for (const m of machines) {
      const mc = rc.filter((c) => c.machine === m);
      matched += mc.filter((c) => c.match).length;
      lines.push(`    ${m.padEnd(10)} ${mc.map((c) => `s${c.seed} ${cellText(c)}`).join('  ')}`);
    }
  }
  const of = (evidence: string) => {
    const c = cells.filter((x) => x.evidence === evidence);
    return `${c.filter((x) => x.match).length} of ${c.length}`;
  };
  lines.push(`reported rows: matched ${of('reported')} cells; inferred rows: matched ${of('inferred')} cells`);
  lines.push(`matched ${matched} of ${cells.length} cells`);
  return lines.join('\n');
}
