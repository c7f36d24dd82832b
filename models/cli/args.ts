/**
 * A small, strict command-line parser shared by every fpsim command: flags
 * are declared up front, anything else is a usage error that names the
 * valid choices. Commands never call process.exit themselves.
 */

export interface FlagSpec {
  /** `--name`; the value follows as the next argument or after `=`. */
  name: string;
  /** Takes a value (`--kernel v4.6`) or is a switch (`--help`). */
  takesValue: boolean;
  /** May be given more than once (`--patch a --patch b`). */
  repeatable?: boolean;
  help: string;
  /** Value shown in help, e.g. `ID`. */
  metavar?: string;
}

export interface ParsedArgs {
  values: Map<string, string[]>;
  positionals: string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) {
      throw new UsageError(`unknown flag --${name}; valid flags: ${specs.map((s) => `--${s.name}`).join(', ')}`);
    }
    let value = 'true';
    if (spec.takesValue) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new UsageError(`--${name} needs a value (${spec.metavar ?? 'VALUE'})`);
    } else if (eq >= 0) {
      throw new UsageError(`--${name} takes no value`);
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`--${name} given more than once`);
    list.push(value);
    values.set(name, list);
  }
  return { values, positionals };
}

export function lastValue(args: ParsedArgs, name: string): string | undefined {
  const list = args.values.get(name);
  return list?.[list.length - 1];
}

/** One of a fixed set of strings, or a UsageError listing them. */
export function choice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} ${JSON.stringify(value)} is not valid; choose one of: ${choices.join(', ')}`);
}

/** A finite number within [min, max], or a UsageError that says what is accepted. */
export function numberInRange(flag: string, value: string, min: number, max: number, integer = true): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const kind = integer ? 'an integer' : 'a number';
    throw new UsageError(`--${flag} ${JSON.stringify(value)} is not valid; give ${kind} from ${min} to ${max}`);
  }
  return n;
}

/** `1024M`, `1G`, `1024` (MiB) → MiB. */
export function parseMiB(flag: string, value: string, min: number, max: number): number {
  const m = /^(\d+(?:\.\d+)?)\s*([MmGg](?:i?B)?)?$/.exec(value.trim());
  if (!m) throw new UsageError(`--${flag} ${JSON.stringify(value)} is not a size; write e.g. 1024M or 4G`);
  const unit = (m[2] ?? 'M')[0]!.toUpperCase();
  const mib = Math.round(Number(m[1]) * (unit === 'G' ? 1024 : 1));
  if (mib < min || mib > max) throw new UsageError(`--${flag} ${value} is out of range; give ${min}M to ${max / 1024}G`);
  return mib;
}

export function formatHelp(usage: string, specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const left = `  --${s.name}${s.takesValue ? ` ${s.metavar ?? 'VALUE'}` : ''}`;
    return `${left.padEnd(34)}${s.help}`;
  });
  return [usage, '', ...rows].join('\n');
}
