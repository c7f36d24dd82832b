import { describe, expect, it } from 'vitest';
import { MIN_NODE, PINNED_NODE, satisfies } from '../../scripts/ensure-node.mjs';

describe('which Node the scripts run on', () => {
  it('the stack needs Node 22.23.4 or later; older ones switch to the pinned Node', () => {
    expect(MIN_NODE).toEqual([22, 23, 4]);
    expect(satisfies('v20.20.2')).toBe(false);
    expect(satisfies('22.23.3')).toBe(false);
    expect(satisfies('22.23.4')).toBe(true);
    expect(satisfies('22.100.0')).toBe(true);
    expect(satisfies('24.0.0')).toBe(true);
    expect(satisfies(PINNED_NODE)).toBe(true);
  });
});
