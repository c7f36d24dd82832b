// npm start: install what is missing, build the site, serve it locally and
// print the address.
import { spawnSync, spawn } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

process.env.ASTRO_TELEMETRY_DISABLED = '1';
ensureDeps();
const build = spawnSync('node_modules/.bin/astro', ['build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const port = process.env.PORT || '4321';
console.log(`\nForward Progress is being served at http://127.0.0.1:${port}${(process.env.BASE_PATH || '/').replace(/\/?$/, '/')} (Ctrl-C stops it)\n`);
const server = spawn('node_modules/.bin/astro', ['preview', '--host', '127.0.0.1', '--port', port], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
