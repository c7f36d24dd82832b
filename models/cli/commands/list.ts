/** fpsim list kernels|patches|scenarios|params */
import type { Command } from '../command.ts';
import { formatHelp, parseArgs, UsageError, type FlagSpec } from '../args.ts';
import { BASES } from '../../src/kernel/kernels.ts';
import { BASE_KERNELS } from '../../src/kernel/versions.ts';
import { PATCHES, PATCH_IDS } from '../../src/kernel/patches.ts';
import { SCENARIOS } from '../../src/scenario/scenarios.ts';
import { PARAMS } from '../../src/scenario/params.ts';
import { PARAM_SOURCES } from '../../src/scenario/paramSources.ts';

const FLAGS: FlagSpec[] = [{ name: 'help', takesValue: false, help: 'show this help' }];
const WHAT = ['kernels', 'patches', 'scenarios', 'params'] as const;

export const command: Command = {
  name: 'list',
  summary: 'list kernels, patches, scenarios or params',
  async run(argv, io) {
    const args = parseArgs(argv, FLAGS);
    if (args.values.has('help')) {
      io.out(formatHelp(`usage: fpsim list ${WHAT.join('|')}`, FLAGS));
      return 0;
    }
    if (args.positionals.length !== 1) throw new UsageError(`say what to list: ${WHAT.join(', ')}`);
    const what = args.positionals[0]! as (typeof WHAT)[number];
    if (!WHAT.includes(what)) throw new UsageError(`cannot list ${JSON.stringify(what)}; choose one of: ${WHAT.join(', ')}`);
    if (what === 'kernels') for (const id of BASE_KERNELS) io.out(`${id.padEnd(10)} ${BASES[id].summary}`);
    if (what === 'patches') for (const id of PATCH_IDS) io.out(`${id.padEnd(28)} ${PATCHES[id].summary}\n${''.padEnd(28)} ${PATCHES[id].author}; ${PATCHES[id].origin}`);
    if (what === 'scenarios') for (const s of SCENARIOS) io.out(`${s.name.padEnd(14)} ${s.summary} (kernel ${s.kernel})`);
    if (what === 'params')
      for (const p of PARAMS) io.out(`${p.key.padEnd(22)} default ${String(p.default).padEnd(6)} [${p.min}, ${p.max}]${p.integer ? ' int' : ''}${p.unknown2016 ? '  UNKNOWN in 2016' : ''}\n${''.padEnd(22)} ${p.doc}; source: ${PARAM_SOURCES[p.key]}`);
    return 0;
  },
};
