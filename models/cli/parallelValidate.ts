/**
 * validate() spread over worker threads. Every cell is an independent,
 * deterministic run, so the cells (and the table) are the same as
 * validate()'s, in the same order; only the wall time changes.
 */
import { Worker } from 'node:worker_threads';
import { VALIDATION_MACHINES, VALIDATION_ROWS, validate, type ValidationCell } from '../src/sim/validate.ts';
import type { CellTask } from './validateWorker.ts';

export async function parallelValidate(seeds: number[], jobs: number): Promise<ValidationCell[]> {
  if (jobs <= 1) return validate({ seeds });
  const tasks: CellTask[] = [];
  for (const row of VALIDATION_ROWS) for (const m of VALIDATION_MACHINES) for (const seed of seeds) tasks.push({ i: tasks.length, row: row.id, machine: m.name, seed });
  // Longest first would balance better, but the cost of a cell is not known before it runs; a shared queue is enough.
  const cells: ValidationCell[] = new Array(tasks.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => new Worker(new URL('./validateWorker.mjs', import.meta.url)));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const feed = () => {
        if (next < tasks.length) w.postMessage(tasks[next++]);
        else resolve();
      };
      w.on('message', (m: { i: number; cell: ValidationCell }) => {
        cells[m.i] = m.cell;
        feed();
      });
      w.on('error', reject);
      w.on('exit', (code) => (code !== 0 ? reject(new Error(`validation worker exited with ${code}`)) : undefined));
      feed();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return cells;
}
