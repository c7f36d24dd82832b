/**
 * A figure's data as a table, and its CSV and JSON downloads. Both carry the
 * metadata that makes them reproducible (scenario, seed, scenario id, model
 * version): CSV as leading `#` comment lines, JSON as a `meta` object.
 */
export type Cell = number | string | boolean | null;

export interface DataTable {
  meta: Record<string, Cell>;
  columns: string[];
  rows: Cell[][];
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: DataTable): string {
  const meta = Object.entries(table.meta).map(([k, v]) => `# ${k}: ${String(v).replace(/[\r\n]+/g, ' ')}`);
  return [...meta, table.columns.map(csvCell).join(','), ...table.rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

export function toJson(table: DataTable): string {
  const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i] ?? null])));
  return JSON.stringify({ meta: table.meta, columns: table.columns, rows }, null, 1) + '\n';
}

/**
 * The data of a comparison: the current table and the pinned one in one, a
 * leading `run` column saying which ("now" or "pinned"), the pinned table's
 * metadata under `pinned.` keys. Tables with other columns are not merged:
 * the current one is returned as it is.
 */
export function withPinned(now: DataTable, pinned: DataTable): DataTable {
  if (now.columns.join('\u0000') !== pinned.columns.join('\u0000')) return now;
  return {
    meta: { ...now.meta, ...Object.fromEntries(Object.entries(pinned.meta).map(([k, v]) => [`pinned.${k}`, v])) },
    columns: ['run', ...now.columns],
    rows: [...now.rows.map((r) => ['now', ...r]), ...pinned.rows.map((r) => ['pinned', ...r])],
  };
}
