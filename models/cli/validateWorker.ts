/**
 * Runs validation cells in a worker thread: each message is a list of
 * (row id, machine name, seed); the answer is the same cells, in the same
 * order, as validate() computes them in the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { VALIDATION_MACHINES, VALIDATION_ROWS, cellScenario, validationCell } from '../src/sim/validate.ts';
import { simulate } from '../src/sim/simulate.ts';

export interface CellTask {
  i: number;
  row: string;
  machine: string;
  seed: number;
}

parentPort!.on('message', (task: CellTask) => {
  const row = VALIDATION_ROWS.find((r) => r.id === task.row)!;
  const machine = VALIDATION_MACHINES.find((m) => m.name === task.machine)!;
  const cell = validationCell(row, machine.name, task.seed, simulate(cellScenario(row, machine, task.seed)));
  parentPort!.postMessage({ i: task.i, cell });
});
