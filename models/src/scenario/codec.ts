/**
 * The scenario codec, shared by the site and the CLI: a scenario ⇄ a URL
 * query (readable keys: the model's own parameter names, kernel and patch
 * ids; canonical order; values equal to the preset's omitted) ⇄ a short,
 * quotable scenario id ⇄ the `npx fpsim run …` command that reproduces it.
 * Parsing is total: any string gives a valid scenario plus notices.
 */
import { PATCH_IDS } from '../kernel/patches.ts';
import { PARAMS, type ParamKey } from './params.ts';
import { DEFAULT_SCENARIO, SCENARIOS, resolveScenario, type Notice, type Scenario } from './scenarios.ts';
import { MODEL_VERSION } from '../sim/simulate.ts';

/** Longest raw value the parser looks at; longer input is cut (and said so). */
const MAX_VALUE_LENGTH = 512;
/** Most keys the parser reads from one query. */
const MAX_KEYS = 100;

function presetOf(scenario: Scenario) {
  return SCENARIOS.find((s) => s.name === scenario.name) ?? SCENARIOS.find((s) => s.name === DEFAULT_SCENARIO)!;
}

/** A parameter's value as the query and the CLI spell it: integers plainly, others to 12 significant digits. */
export function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

/** Patches in the canonical order of PATCH_IDS. */
export function canonicalPatches(patches: readonly string[]): string[] {
  return PATCH_IDS.filter((id) => patches.includes(id));
}

/** The canonical [key, value] pairs of a scenario (what differs from its preset). */
export function scenarioEntries(scenario: Scenario): [string, string][] {
  const preset = presetOf(scenario);
  const entries: [string, string][] = [];
  if (scenario.name !== DEFAULT_SCENARIO) entries.push(['scenario', scenario.name]);
  if (scenario.kernel !== preset.kernel) entries.push(['kernel', scenario.kernel]);
  const patches = canonicalPatches(scenario.patches);
  if (patches.join(',') !== canonicalPatches(preset.patches).join(',')) entries.push(['patch', patches.join(',')]);
  const base = resolveScenario({ scenario: preset.name }).scenario.params;
  for (const spec of PARAMS) {
    const value = scenario.params[spec.key as ParamKey];
    if (value !== base[spec.key as ParamKey]) entries.push([spec.key, formatNumber(value)]);
  }
  return entries;
}

/** `kernel=v4.6&patch=revert-f9054c70&seed=3`, or '' for the default scenario. */
export function scenarioToQuery(scenario: Scenario): string {
  return scenarioEntries(scenario)
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`)
    .join('&');
}

/** Keys a query may carry that are not the scenario's (the site's own). */
export const SITE_KEYS = ['compare'] as const;

/**
 * Reads a URL query (with or without the leading '?') into a valid scenario.
 * Unknown keys, malformed values and out-of-range numbers become notices.
 */
export function queryToScenario(query: string, options: { ignoreKeys?: readonly string[] } = {}): { scenario: Scenario; notices: Notice[] } {
  const notices: Notice[] = [];
  const search = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const input: { scenario?: string; kernel?: string; patches?: string[]; params: Record<string, string> } = { params: {} };
  const ignore = new Set<string>([...SITE_KEYS, ...(options.ignoreKeys ?? [])]);
  let count = 0;
  for (const [key, rawValue] of search) {
    if (++count > MAX_KEYS) {
      notices.push({ key: '', message: `more than ${MAX_KEYS} settings in the link; the rest were ignored` });
      break;
    }
    if (ignore.has(key)) continue;
    let value = rawValue;
    if (value.length > MAX_VALUE_LENGTH) {
      notices.push({ key, message: `the value of ${JSON.stringify(key.slice(0, 40))} is ${value.length} characters long; only the first ${MAX_VALUE_LENGTH} were read` });
      value = value.slice(0, MAX_VALUE_LENGTH);
    }
    if (key === 'scenario') input.scenario = value;
    else if (key === 'kernel') input.kernel = value;
    else if (key === 'patch' || key === 'patches') input.patches = [...(input.patches ?? []), ...value.split(',').filter(Boolean)];
    else input.params[key] = value;
  }
  const resolved = resolveScenario(input);
  return { scenario: resolved.scenario, notices: [...notices, ...resolved.notices] };
}

/**
 * 64-bit FNV-1a over UTF-8, as a BigInt: small, stable and the same in Node
 * and browsers. Computed on two 32-bit halves (a result's JSON is a few
 * hundred kB; BigInt arithmetic per byte took 150 ms for one): the prime is
 * 2^40 + 0x1b3, so hash × prime = hash × 0x1b3 + (hash << 40) modulo 2^64.
 */
function fnv1a64(text: string): bigint {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of new TextEncoder().encode(text)) {
    lo ^= byte;
    const low = (lo >>> 0) * 0x1b3;
    const carry = Math.floor(low / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

/** A 16-hex-digit digest of a text, e.g. of a result's JSON, to compare runs across Node and browsers. */
export function hashText(text: string): string {
  return fnv1a64(text).toString(16).padStart(16, '0');
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A short, quotable id for a scenario under this model version:
 * `fp1-` and eight base-32 characters (40 bits of a hash of the model version
 * and the canonical query, which includes the seed).
 */
export function scenarioId(scenario: Scenario, modelVersion = MODEL_VERSION): string {
  let hash = fnv1a64(`${modelVersion}\n${scenarioToQuery(scenario)}`) >> 24n;
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(hash & 31n)] + out;
    hash >>= 5n;
  }
  return `fp1-${out}`;
}

/** The exact command that reproduces a scenario: `npx fpsim run --kernel v4.6 --set swappiness=100 --seed 3`. */
export function reproduceCommand(scenario: Scenario, format: 'text' | 'json' | 'csv' = 'text'): string {
  const parts = ['npx fpsim run'];
  if (scenario.name !== DEFAULT_SCENARIO) parts.push(`--scenario ${scenario.name}`);
  parts.push(`--kernel ${scenario.kernel}`);
  for (const id of canonicalPatches(scenario.patches)) parts.push(`--patch ${id}`);
  for (const [key, value] of scenarioEntries(scenario)) {
    if (key === 'scenario' || key === 'kernel' || key === 'patch') continue;
    parts.push(key === 'seed' ? `--seed ${value}` : `--set ${key}=${value}`);
  }
  if (format !== 'text') parts.push(`--format ${format}`);
  return parts.join(' ');
}
