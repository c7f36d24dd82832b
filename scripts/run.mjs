// Starts a script or a tool of the stack on a Node that runs it:
//   node scripts/run.mjs scripts/test.mjs [args]   a project script
//   node scripts/run.mjs astro build               a tool from node_modules/.bin
// On Node >= 22.23.4 it runs in this process (a script) or as a child (a tool).
// On an older Node it installs the pinned Node 22 into .tools/ (once), says
// so, and runs it there, with that Node first on PATH for everything the
// script starts. Signals reach the child; its exit status is ours.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stackNode } from './ensure-node.mjs';
import { ensureDeps } from './ensure-deps.mjs';

const [target, ...args] = process.argv.slice(2);
if (!target) {
  console.error('usage: node scripts/run.mjs <script.mjs | tool> [args…]');
  process.exit(2);
}
const isScript = target.endsWith('.mjs');
const { node, env, switched } = stackNode();

if (isScript && !switched) {
  // Same Node: run the script here, as if it had been started directly.
  process.argv.splice(1, 2, resolve(target));
  await import(pathToFileURL(resolve(target)).href);
} else {
  if (!isScript) ensureDeps();
  const command = isScript ? node : resolve('node_modules/.bin', target);
  const child = spawn(command, isScript ? [resolve(target), ...args] : args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 0)));
}
