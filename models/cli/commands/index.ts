/** Every fpsim sub-command, in the order `fpsim --help` lists them. */
import type { Command } from '../command.ts';
import { command as zones } from './zones.ts';

export const commands: Command[] = [zones];
