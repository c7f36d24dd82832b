import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const fpsim = (...args: string[]) =>
  spawnSync(process.execPath, ['models/cli/fpsim.mjs', ...args], { encoding: 'utf8', timeout: 30_000 });

describe('fpsim zones', () => {
  it('reproduces the May 2016 watermarks by default, in pages', () => {
    const run = fpsim('zones', '--format', 'json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.minFreeKbytes).toBe(3892);
    expect(out.zones.map((z: { name: string; min: number; low: number; high: number }) => [z.name, z.min, z.low, z.high]))
      .toEqual([['DMA', 15, 18, 21], ['DMA32', 957, 1206, 1455]]);
  });

  it('derives zones and min_free_kbytes from --ram, and takes --managed and overrides', () => {
    const big = JSON.parse(fpsim('zones', '--ram', '4G', '--format', 'json').stdout);
    expect(big.zones.map((z: { name: string }) => z.name)).toEqual(['DMA', 'DMA32', 'Normal']);
    expect(big.minFreeKbytesDerived).toBe(true);
    const given = JSON.parse(fpsim('zones', '--managed', 'DMA=3977,DMA32=249600', '--min-free-kbytes', '3892', '--format', 'json').stdout);
    expect(given.zones[1]).toMatchObject({ name: 'DMA32', managed: 249600, min: 957, low: 1206, high: 1455 });
    const old = JSON.parse(fpsim('zones', '--kernel', 'v4.5', '--format', 'json').stdout);
    expect(old.zones[1]).toMatchObject({ min: 957, low: 1196, high: 1435 });
  });

  it.each([
    [['zones', '--kernel', 'v9.9'], /choose one of: v4\.5, v4\.6, v4\.7-rc6, v4\.8, v4\.9/],
    [['zones', '--format', 'xml'], /choose one of: json, text/],
    [['zones', '--min-free-kbytes', '1e308'], /integer from 128 to 65536/],
    [['zones', '--ram', '-5G'], /not a size/],
    [['zones', '--managed', 'HIGHMEM=5'], /zones: DMA, DMA32, Normal/],
    [['zones', '--bogus'], /unknown flag --bogus; valid flags: --ram/],
    [['nonsense'], /unknown command "nonsense"; commands: .*zones/],
  ])('exits 2 with a message naming the valid choices: %j', (args, message) => {
    const run = fpsim(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
