// Serves the built site (dist/) with astro preview on a free local port and
// stops it again; used by screenshots and benchmarks (Playwright's own
// webServer does this for the browser tests).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startPreview({ port } = {}) {
  const chosen = port ?? (await freePort());
  const base = (process.env.BASE_PATH || '/').replace(/\/?$/, '/');
  // OUT_DIR serves another build than dist/ (e.g. a helper's own).
  const outDir = process.env.OUT_DIR ? ['--outDir', process.env.OUT_DIR] : [];
  // On this script's own Node (scripts/run.mjs picks one the stack supports).
  const child = spawn(process.execPath, ['node_modules/.bin/astro', 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', String(chosen), ...outDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  // The server never outlives this process: stopped on exit, on Ctrl-C and on a failed start.
  const stop = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { stop(); process.exit(130); });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error('astro preview did not start within 30 s')); }, 30000);
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes(`${chosen}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`astro preview exited with ${code}`)));
  });
  return {
    url: (path = '/') => `http://127.0.0.1:${chosen}${base}${path.replace(/^\//, '')}`,
    stop,
  };
}
