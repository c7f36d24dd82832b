#!/usr/bin/env node
// Entry point for `npx fpsim`: loads the TypeScript sources through tsx, so
// the model package needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./fpsim.ts');
const io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};
process.exitCode = await main(process.argv.slice(2), io);
