import { describe, expect, it } from 'vitest';
import { ref } from '../../models/src/kernel/refs.ts';

// dm-crypt.c is the same blob in 4.6.2 and 4.7.4 (4f3cb355); in 4.8.15 the functions of the write
// path have the same bodies for a one-page write but sit a line or four higher or lower.
describe('dm-crypt source lines per tree', () => {
  const want: [Parameters<typeof ref>[1], number, number][] = [
    ['cryptAllocBuffer', 990, 989],
    ['cryptFreeBufferPages', 1040, 1039],
    ['cryptEndio', 1105, 1104],
    ['dmcryptWrite', 1193, 1192],
    ['kcryptdCryptWriteConvert', 1291, 1292],
    ['kcryptdCrypt', 1392, 1393],
    ['cryptMap', 1908, 1904],
  ];
  for (const [key, l46, l48] of want)
    it(`${key}: 4.6 and 4.7 at ${l46}, 4.8 at ${l48}`, () => {
      expect(ref('v4.6', key).line).toBe(l46);
      expect(ref('v4.7-rc6', key).line).toBe(l46);
      expect(ref('v4.8', key).line).toBe(l48);
    });
  it('writeback_set_ratelimit and the direct-reclaim steps cite their lines', () => {
    expect([ref('v4.6', 'writebackSetRatelimit').line, ref('v4.7-rc6', 'writebackSetRatelimit').line, ref('v4.8', 'writebackSetRatelimit').line]).toEqual([2038, 2045, 2070]);
    expect([ref('v4.6', 'directReclaimDrain').line, ref('v4.7-rc6', 'directReclaimDrain').line, ref('v4.8', 'directReclaimDrain').line]).toEqual([3037, 3395, 3241]);
  });
});
