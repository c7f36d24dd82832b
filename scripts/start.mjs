// npm start: install what is missing, build the site, serve it locally and
// print the address.
import { spawnSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ensureDeps } from './ensure-deps.mjs';
import { freePort } from './preview.mjs';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
ensureDeps();
// Astro runs on this script's own Node (scripts/run.mjs picks one the stack supports).
const build = spawnSync(process.execPath, ['node_modules/.bin/astro', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** Whether nothing listens on the port yet. */
const available = (port) => new Promise((resolve) => {
  const probe = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});
// PORT if given; else 4321, or a free port when 4321 is taken (say, by a server left from another run).
const port = process.env.PORT || ((await available(4321)) ? '4321' : String(await freePort()));
console.log(`\nForward Progress is being served at http://127.0.0.1:${port}${(process.env.BASE_PATH || '/').replace(/\/?$/, '/')} (Ctrl-C stops it)\n`);
// --ignore-lock: another preview of this project (a test run, say) must not stop this one from starting.
const server = spawn(process.execPath, ['node_modules/.bin/astro', 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', port], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
