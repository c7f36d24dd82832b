import { describe, expect, it } from 'vitest';
import { readControls, type ControlSpec } from '../../src/widgets/controls.ts';

const controls: ControlSpec[] = [
  { kind: 'range', name: 'ramMiB', label: 'RAM', min: 256, max: 16384, step: 256, default: 1024 },
  { kind: 'select', name: 'kernel', label: 'Kernel', default: 'v4.6', options: [{ value: 'v4.5', label: 'v4.5' }, { value: 'v4.6', label: 'v4.6' }] },
  { kind: 'checkbox', name: 'derive', label: 'Derive', default: true },
];

describe('readControls', () => {
  it('takes defaults for missing keys without a notice', () => {
    expect(readControls(controls, {})).toEqual({ values: { ramMiB: 1024, kernel: 'v4.6', derive: true }, notices: [] });
  });

  it.each([
    ['NaN', 1024, /not a number/],
    ['1e308', 16384, /outside 256–16384/],
    ['-5', 256, /outside/],
    ['1000', 1024, /rounded to 1024/],
    ['', 1024, /not a number/],
  ])('clamps or replaces the range value %j with %i and says so', (raw, value, notice) => {
    const { values, notices } = readControls(controls, { ramMiB: raw });
    expect(values.ramMiB).toBe(value);
    expect(notices.join(' ')).toMatch(notice);
  });

  it('refuses an unknown option and quotes hostile input safely and briefly', () => {
    const hostile = `<script>alert(1)</script>${'x'.repeat(10_000)}`;
    const { values, notices } = readControls(controls, { kernel: hostile });
    expect(values.kernel).toBe('v4.6');
    expect(notices[0]!.length).toBeLessThan(200);
    expect(notices[0]).toContain('"<script>alert(1)</script>');
  });

  it('reads checkboxes as on/off', () => {
    expect(readControls(controls, { derive: 'off' }).values.derive).toBe(false);
    expect(readControls(controls, { derive: 'on' }).values.derive).toBe(true);
    expect(readControls(controls, { derive: 'maybe' }).notices).toHaveLength(1);
  });
});
