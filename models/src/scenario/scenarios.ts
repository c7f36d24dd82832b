/**
 * Named scenarios and resolveScenario: the one total, pure function that turns
 * anything (a URL's query, CLI flags, JSON) into a valid scenario plus a
 * notice for every value it had to drop or clamp. It never throws.
 */
import { BASE_KERNELS, isBaseKernel, type BaseKernel } from '../kernel/versions.ts';
import { isPatchId, PATCH_IDS, type PatchId } from '../kernel/patches.ts';
import { PARAMS, PARAM_BY_KEY, defaultParams, type ParamKey, type Params } from './params.ts';

export interface Scenario {
  name: string;
  kernel: BaseKernel;
  patches: PatchId[];
  params: Params;
}

export interface ScenarioPreset {
  name: string;
  summary: string;
  kernel: BaseKernel;
  patches: PatchId[];
  params: Partial<Params>;
}

export const SCENARIOS: ScenarioPreset[] = [
  { name: 'ondrej-2016', summary: "Ondrej's test: 2 CPUs, 1 GiB RAM, 2 GiB swap on dm-crypt, touch 1.5 GiB", kernel: 'v4.7-rc6', patches: [], params: {} },
  { name: 'small-512', summary: 'the same test on a 512 MiB machine (touch 768 MiB)', kernel: 'v4.7-rc6', patches: [], params: { ramMiB: 512, swapMiB: 1024, touchMiB: 768 } },
  { name: 'big-2g-4cpu', summary: 'the same test on 2 GiB and 4 CPUs (touch 3 GiB)', kernel: 'v4.7-rc6', patches: [], params: { ramMiB: 2048, cpus: 4, swapMiB: 4096, touchMiB: 3072 } },
];

export const DEFAULT_SCENARIO = 'ondrej-2016';

export interface ScenarioInput {
  scenario?: unknown;
  kernel?: unknown;
  patches?: unknown;
  params?: unknown;
}

export interface Notice {
  key: string;
  message: string;
}

/** Turns any input into a valid scenario. Total and pure: never throws, never mutates its input. */
export function resolveScenario(input: unknown): { scenario: Scenario; notices: Notice[] } {
  const notices: Notice[] = [];
  const inp: Record<string, unknown> = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (input !== undefined && input !== null && inp !== input) notices.push({ key: '', message: 'input is not an object: using the default scenario' });

  let preset = SCENARIOS.find((s) => s.name === DEFAULT_SCENARIO)!;
  if (inp.scenario !== undefined) {
    const found = typeof inp.scenario === 'string' ? SCENARIOS.find((s) => s.name === inp.scenario) : undefined;
    if (found) preset = found;
    else notices.push({ key: 'scenario', message: `unknown scenario ${JSON.stringify(inp.scenario)} (valid: ${SCENARIOS.map((s) => s.name).join(', ')}); using ${preset.name}` });
  }
  let kernel: BaseKernel = preset.kernel;
  if (inp.kernel !== undefined) {
    if (typeof inp.kernel === 'string' && isBaseKernel(inp.kernel)) kernel = inp.kernel;
    else notices.push({ key: 'kernel', message: `unknown kernel ${JSON.stringify(inp.kernel)} (valid: ${BASE_KERNELS.join(', ')}); using ${kernel}` });
  }
  const patches: PatchId[] = [...preset.patches];
  if (inp.patches !== undefined) {
    const list = Array.isArray(inp.patches) ? inp.patches : typeof inp.patches === 'string' ? inp.patches.split(',').filter(Boolean) : null;
    if (!list) notices.push({ key: 'patches', message: 'patches must be a list of patch ids; ignored' });
    else
      for (const id of list) {
        if (typeof id === 'string' && isPatchId(id)) {
          if (!patches.includes(id)) patches.push(id);
        } else notices.push({ key: 'patches', message: `unknown patch ${JSON.stringify(id)} (valid: ${PATCH_IDS.join(', ')}); dropped` });
      }
  }
  const params = { ...defaultParams(), ...preset.params } as Params;
  if (inp.params !== undefined) {
    if (!inp.params || typeof inp.params !== 'object' || Array.isArray(inp.params)) {
      notices.push({ key: 'params', message: 'params must be an object; ignored' });
    } else {
      for (const [key, raw] of Object.entries(inp.params as Record<string, unknown>)) {
        const spec = (PARAM_BY_KEY as Record<string, (typeof PARAMS)[number] | undefined>)[key];
        if (!spec) {
          notices.push({ key, message: `unknown parameter ${key} (valid: ${PARAMS.map((s) => s.key).join(', ')}); dropped` });
          continue;
        }
        const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(v)) {
          notices.push({ key, message: `${key}=${JSON.stringify(raw)} is not a finite number; using ${params[key as ParamKey]}` });
          continue;
        }
        let x = spec.integer ? Math.round(v) : v;
        if (spec.integer && x !== v) notices.push({ key, message: `${key}=${v} rounded to ${x}` });
        if (x < spec.min || x > spec.max) {
          const c = Math.min(spec.max, Math.max(spec.min, x));
          notices.push({ key, message: `${key}=${x} out of range [${spec.min}, ${spec.max}]; clamped to ${c}` });
          x = c;
        }
        params[key as ParamKey] = x;
      }
    }
  }
  for (const key of Object.keys(inp)) {
    if (!['scenario', 'kernel', 'patches', 'params'].includes(key)) notices.push({ key, message: `unknown field ${key}; ignored` });
  }
  return { scenario: { name: preset.name, kernel, patches, params }, notices };
}
