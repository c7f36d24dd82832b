// Finds a Chromium for browser tests and screenshots: CHROME_PATH, Debian's
// /usr/bin/chromium, then Playwright's own cache. When there is none it
// installs one the way this machine allows (Debian's package as root, else
// Playwright's installer) and says so; it fails with a clear message only
// when neither works.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Flags a headless Chromium needs in a sandbox with no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function fromPlaywrightCache() {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return undefined;
  for (const dir of readdirSync(cache).filter((d) => d.startsWith('chromium')).sort().reverse()) {
    for (const rel of ['chrome-linux/chrome', 'chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell']) {
      const candidate = join(cache, dir, rel);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', fromPlaywrightCache()];
  return candidates.find((p) => p && existsSync(p));
}

function run(cmd, args) {
  console.error(`[chromium] ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  console.error('[chromium] no Chromium found (CHROME_PATH, /usr/bin/chromium, Playwright cache); installing one');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update']);
    if (run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']) && findChromium()) {
      console.error('[chromium] installed Debian\'s chromium');
      return findChromium();
    }
  }
  if (run('npx', ['playwright', 'install', 'chromium']) && findChromium()) {
    console.error('[chromium] installed Playwright\'s chromium');
    return findChromium();
  }
  throw new Error('No Chromium could be found or installed. Install one (Debian: apt-get install chromium) or set CHROME_PATH to its binary.');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
