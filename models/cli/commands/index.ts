/** Every fpsim sub-command, in the order `fpsim --help` lists them. */
import type { Command } from '../command.ts';
import { command as zones } from './zones.ts';
import { command as run } from './run.ts';
import { command as list } from './list.ts';
import { command as validate } from './validate.ts';
import { command as sweep } from './sweep.ts';

export const commands: Command[] = [zones, run, list, validate, sweep];
