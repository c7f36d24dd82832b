/**
 * The flags that pick a scenario, shared by run, sweep and validate:
 * unknown ids and keys are usage errors listing the valid ones; values out of
 * range are clamped by resolveScenario with a warning.
 */
import { UsageError, lastValue, type FlagSpec, type ParsedArgs } from '../args.ts';
import { BASE_KERNELS, isBaseKernel } from '../../src/kernel/versions.ts';
import { PATCH_IDS, isPatchId } from '../../src/kernel/patches.ts';
import { SCENARIOS, resolveScenario, type Scenario } from '../../src/scenario/scenarios.ts';
import { PARAM_KEYS } from '../../src/scenario/params.ts';
import type { CommandIo } from '../command.ts';

export const SCENARIO_FLAGS: FlagSpec[] = [
  { name: 'scenario', takesValue: true, metavar: 'NAME', help: `scenario preset: ${SCENARIOS.map((s) => s.name).join(', ')}` },
  { name: 'kernel', takesValue: true, metavar: 'ID', help: `base kernel: ${BASE_KERNELS.join(', ')}` },
  { name: 'patch', takesValue: true, repeatable: true, metavar: 'ID', help: 'apply a patch (repeatable); see fpsim list patches' },
  { name: 'set', takesValue: true, repeatable: true, metavar: 'KEY=VALUE', help: 'set a parameter (repeatable); see fpsim list params' },
  { name: 'seed', takesValue: true, metavar: 'N', help: 'seed of the random streams' },
];

export function scenarioFromArgs(args: ParsedArgs, io: CommandIo): Scenario {
  const input: { scenario?: string; kernel?: string; patches?: string[]; params?: Record<string, string> } = {};
  const name = lastValue(args, 'scenario');
  if (name !== undefined) {
    if (!SCENARIOS.some((s) => s.name === name)) throw new UsageError(`unknown scenario ${JSON.stringify(name)}; valid: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    input.scenario = name;
  }
  const kernel = lastValue(args, 'kernel');
  if (kernel !== undefined) {
    if (!isBaseKernel(kernel)) throw new UsageError(`unknown kernel ${JSON.stringify(kernel)}; valid: ${BASE_KERNELS.join(', ')}`);
    input.kernel = kernel;
  }
  const patches = args.values.get('patch') ?? [];
  for (const p of patches) if (!isPatchId(p)) throw new UsageError(`unknown patch ${JSON.stringify(p)}; valid: ${PATCH_IDS.join(', ')}`);
  if (patches.length) input.patches = patches;
  const params: Record<string, string> = {};
  for (const kv of args.values.get('set') ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${JSON.stringify(kv)} is not KEY=VALUE`);
    const key = kv.slice(0, eq);
    if (!(PARAM_KEYS as string[]).includes(key)) throw new UsageError(`unknown parameter ${JSON.stringify(key)}; valid: ${PARAM_KEYS.join(', ')}`);
    const value = kv.slice(eq + 1);
    if (value.trim() === '' || !Number.isFinite(Number(value))) throw new UsageError(`--set ${key}=${JSON.stringify(value)} is not a finite number`);
    params[key] = value;
  }
  const seed = lastValue(args, 'seed');
  if (seed !== undefined) {
    if (seed.trim() === '' || !Number.isFinite(Number(seed))) throw new UsageError(`--seed ${JSON.stringify(seed)} is not a number`);
    params.seed = seed;
  }
  input.params = params;
  const { scenario, notices } = resolveScenario(input);
  for (const n of notices) io.err(`warning: ${n.message}`);
  return scenario;
}
