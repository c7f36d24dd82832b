/**
 * Swap on the bare disk (swapOnDmCrypt 0), the lab's plain-swap control: the
 * same test with no device-mapper and no dm-crypt between reclaim and the
 * disk. Only the fs_bio_set bio is allocated per write, kcryptd never runs,
 * and a reclaimer that finds the disk queue full waits for a tag itself.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../models/src/sim/simulate.ts';

const KERNELS = ['v4.5', 'v4.6', 'v4.7-rc6', 'v4.8', 'v4.9'] as const;

describe('plain swap', () => {
  it.each(KERNELS)('%s: the test completes, every swap write ends, and no dm or dm-crypt pool is touched', (kernel) => {
    const r = simulate({ kernel, params: { swapOnDmCrypt: 0, seed: 3 } });
    expect(r.notices).toEqual([]);
    expect(r.outcome.kind).toBe('completed');
    expect(r.summary.swapOuts).toBeGreaterThan(0);
    expect(r.checks.conservation).toBe(true);
    // The pools of dm core and dm-crypt stay full from start to end: no write went through them.
    for (const pool of ['md->io_pool', 'md->bs', 'cc->bs', 'cc->page_pool']) {
      const series = r.series.pools[pool]!;
      expect(Math.min(...series), pool).toBe(series[0]);
    }
    // The kcryptd workers never wake: no encryption, no reclaim of their own.
    for (const [task, sites] of Object.entries(r.stalls)) if (task.startsWith('kcryptd')) expect(sites, task).toEqual({});
  });

  it('dm-crypt is the default, and the same machine on dm-crypt runs through kcryptd', () => {
    const r = simulate({ kernel: 'v4.8', params: { seed: 3 } });
    expect(r.scenario.params.swapOnDmCrypt).toBe(1);
    const cpu = Object.entries(r.stalls).filter(([task]) => task.startsWith('kcryptd')).map(([, s]) => s.cpu ?? 0);
    expect(Math.max(...cpu)).toBeGreaterThan(0);
  });

  it('a reclaimer that finds the disk queue full waits for a tag (bt_get) in its own context', () => {
    const r = simulate({ kernel: 'v4.8', params: { swapOnDmCrypt: 0, diskQueueDepth: 1, diskMiBPerS: 20, diskLatencyMs: 2, seed: 3 } });
    const waited = Object.values(r.stalls).reduce((s, sites) => s + (sites.bt_get ?? 0), 0);
    expect(waited).toBeGreaterThan(0);
    expect(r.stalls['dmcrypt_write'] ?? {}).toEqual({});
  });

  it('an out-of-range value clamps with a notice', () => {
    const r = simulate({ kernel: 'v4.8', params: { swapOnDmCrypt: 7, seed: 3 } }, { maxEvents: 50_000 });
    expect(r.scenario.params.swapOnDmCrypt).toBe(1);
    expect(r.notices.map((n) => n.key)).toContain('swapOnDmCrypt');
  });
});
