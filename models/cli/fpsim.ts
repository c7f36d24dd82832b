/**
 * fpsim: the model on the command line. `fpsim <command> [flags]`; each
 * command lives in commands/ and is listed in commands/index.ts.
 */
import type { CommandIo } from './command.ts';
import { commands } from './commands/index.ts';
import { UsageError } from './args.ts';

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'usage: fpsim <command> [flags]   (fpsim <command> --help for its flags)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`fpsim: unknown command ${JSON.stringify(name)}; commands: ${commands.map((c) => c.name).join(', ')}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`fpsim ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
