/** fpsim validate: the 2016 table against the model, per seed and machine size. */
import type { Command } from '../command.ts';
import { formatHelp, lastValue, parseArgs, UsageError, type FlagSpec } from '../args.ts';
import { VALIDATION_ROWS, VALIDATION_MACHINES, VALIDATION_SEEDS, validate } from '../../src/sim/validate.ts';
import { formatValidationTable } from '../../src/report/validation.ts';

const FLAGS: FlagSpec[] = [
  { name: 'seeds', takesValue: true, metavar: 'N', help: `seeds per cell (default ${VALIDATION_SEEDS.length})` },
  { name: 'format', takesValue: true, metavar: 'text|json', help: 'output format (default text)' },
  { name: 'help', takesValue: false, help: 'show this help' },
];

export const command: Command = {
  name: 'validate',
  summary: 'the 2016 outcomes against the model, per kernel, seed and machine size',
  async run(argv, io) {
    const args = parseArgs(argv, FLAGS);
    if (args.values.has('help')) {
      io.out(formatHelp('usage: fpsim validate [--seeds N] [--format text|json]', FLAGS));
      return 0;
    }
    const n = Number(lastValue(args, 'seeds') ?? VALIDATION_SEEDS.length);
    if (!Number.isInteger(n) || n < 1 || n > 20) throw new UsageError('--seeds must be an integer from 1 to 20');
    const format = lastValue(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
    const seeds = Array.from({ length: n }, (_, i) => i + 1);
    const cells = validate({ seeds });
    if (format === 'json') io.out(JSON.stringify({ rows: VALIDATION_ROWS, machines: VALIDATION_MACHINES, cells }));
    else io.out(formatValidationTable(cells));
    return 0;
  },
};
