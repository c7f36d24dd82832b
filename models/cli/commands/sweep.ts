/** fpsim sweep: outcomes over a grid of parameter values (the unknowns of 2016). */
import type { Command } from '../command.ts';
import { formatHelp, lastValue, parseArgs, UsageError, type FlagSpec } from '../args.ts';
import { SCENARIO_FLAGS, scenarioFromArgs } from './scenarioFlags.ts';
import { PARAM_KEYS, type ParamKey } from '../../src/scenario/params.ts';
import { sweep, type Axes } from '../../src/sim/sweep.ts';

const FLAGS: FlagSpec[] = [
  ...SCENARIO_FLAGS,
  { name: 'axis', takesValue: true, repeatable: true, metavar: 'KEY=V1,V2,...', help: 'a parameter and its values (repeatable)' },
  { name: 'seeds', takesValue: true, metavar: 'N', help: 'seeds per point (default 1; derived by hashing)' },
  { name: 'format', takesValue: true, metavar: 'text|json', help: 'output format (default text)' },
  { name: 'help', takesValue: false, help: 'show this help' },
];
const USAGE = 'usage: fpsim sweep --axis hz=250,1000 --axis globalDirtyLimitMiB=30,100 [scenario flags] [--seeds N]';

export const command: Command = {
  name: 'sweep',
  summary: 'outcomes over a grid of parameters (seeds derived by hashing)',
  async run(argv, io) {
    const args = parseArgs(argv, FLAGS);
    if (args.values.has('help')) {
      io.out(formatHelp(USAGE, FLAGS));
      return 0;
    }
    const axes: Axes = {};
    for (const a of args.values.get('axis') ?? []) {
      const eq = a.indexOf('=');
      const key = a.slice(0, Math.max(0, eq));
      if (!(PARAM_KEYS as string[]).includes(key)) throw new UsageError(`unknown parameter ${JSON.stringify(key)}; valid: ${PARAM_KEYS.join(', ')}`);
      const values = a.slice(eq + 1).split(',').map(Number);
      if (!values.length || values.some((v) => !Number.isFinite(v))) throw new UsageError(`--axis ${a}: values must be numbers`);
      axes[key as ParamKey] = values;
    }
    if (!Object.keys(axes).length) throw new UsageError('give at least one --axis KEY=V1,V2');
    const seeds = Number(lastValue(args, 'seeds') ?? 1);
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > 50) throw new UsageError('--seeds must be an integer from 1 to 50');
    const scenario = scenarioFromArgs(args, io);
    const result = sweep(scenario, axes, { seeds });
    if ((lastValue(args, 'format') ?? 'text') === 'json') io.out(JSON.stringify(result));
    else
      for (const p of result.points)
        io.out(`${JSON.stringify(p.params)} seed ${p.seed}: ${p.outcome}@${p.t}s${p.swapFreePct !== undefined ? ` swapFree ${p.swapFreePct}%` : ''}${p.waitSite ? ` (${p.waitSite})` : ''} kcryptd ${p.kcryptdReqPerSMedian}/s`);
    return 0;
  },
};
