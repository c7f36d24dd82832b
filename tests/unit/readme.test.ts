import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// The README's `$ npx fpsim …` examples are the CLI's real output: each is run
// and compared with what the README shows.
const readme = readFileSync('README.md', 'utf8');
const examples = [...readme.matchAll(/```console\n\$ npx fpsim (.+)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, shown: m[2]!.trimEnd() }));

/** Splits a command line the way a POSIX shell would for these examples: words, and 'single-quoted' words. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('README examples', () => {
  it('has the citation examples', () => {
    expect(examples.map((e) => e.command)).toEqual(expect.arrayContaining([expect.stringMatching(/^run .*--format text$/), expect.stringMatching(/--compare /)]));
  });

  it.each(examples)('$ npx fpsim $command prints what the README shows', ({ command, shown }) => {
    const env = { ...process.env };
    delete env.FPSIM_SITE_URL;
    const run = spawnSync(process.execPath, ['models/cli/fpsim.mjs', ...words(command)], { encoding: 'utf8', env, timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd()).toBe(shown);
  });
});
