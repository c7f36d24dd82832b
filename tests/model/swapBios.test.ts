import { describe, expect, it } from 'vitest';
import { simulate } from '../../models/src/sim/simulate.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';

// a666e5c05e7c as a patch: dm core lets at most dmSwapBios swap bios into dm-crypt.
describe('dm-swap-bios-limit', () => {
  it('caps pages under writeback at the limit on every kernel', () => {
    for (const kernel of ['v4.6', 'v4.7-rc6', 'v4.9']) {
      const r = simulate(resolveScenario({ kernel, patches: ['dm-swap-bios-limit'], params: { dmSwapBios: 512 } }).scenario);
      const maxWbPages = Math.max(...r.series.writebackKiB) / 4;
      expect(maxWbPages, kernel).toBeLessThanOrEqual(512 + 2);
      expect(r.checks.conservation).toBe(true);
    }
  });

  it('changes nothing unless applied', () => {
    const plain = simulate(resolveScenario({ kernel: 'v4.9', params: { horizonS: 120 } }).scenario);
    const withParam = simulate(resolveScenario({ kernel: 'v4.9', params: { horizonS: 120, dmSwapBios: 16 } }).scenario);
    expect(JSON.stringify(withParam.series)).toBe(JSON.stringify(plain.series));
  });

  it('submitters wait on the semaphore, and the wait is named', () => {
    const r = simulate(resolveScenario({ kernel: 'v4.9', patches: ['dm-swap-bios-limit'], params: { dmSwapBios: 64 } }).scenario);
    const waited = Object.values(r.stalls).some((sites) => (sites['dm swap_bios'] ?? 0) > 0);
    expect(waited).toBe(true);
  });
});
