import { describe, expect, it } from 'vitest';
import { pinnedFor, pinnedNote, pinnedSettings } from '../../src/figures/pinned.ts';
import type { ControlSpec } from '../../src/widgets/controls.ts';

const controls: ControlSpec[] = [
  { kind: 'range', name: 'seed', label: 'Seed', min: 1, max: 100, step: 1, default: 1 },
  { kind: 'range', name: 'disk', label: 'Disk write speed', min: 1, max: 600, step: 1, default: 30, unit: 'MiB/s' },
  { kind: 'checkbox', name: 'counter', label: 'Count finished writebacks as progress (oom-writeback-progress, on both kernels)', default: false },
  { kind: 'select', name: 'kernel', label: 'Kernel', default: '6.1', options: [{ value: '6.1', label: 'Debian 12: 6.1' }, { value: '6.12', label: 'Debian 13: 6.12' }] },
];
const base = { seed: 1, disk: 30, counter: false, kernel: '6.1' };

describe('how a figure names its pinned run', () => {
  it('gives the pinned value of each setting that differs, a label\'s aside dropped', () => {
    expect(pinnedSettings(controls, base, { ...base, seed: 2 })).toBe('Seed: 1');
    expect(pinnedSettings(controls, base, { ...base, counter: true })).toBe('Count finished writebacks as progress: off');
    expect(pinnedSettings(controls, base, { ...base, kernel: '6.12' })).toBe('Kernel: Debian 12: 6.1');
    expect(pinnedSettings(controls, base, base)).toBe('same settings');
  });

  it('names two settings at most and counts the rest', () => {
    expect(pinnedSettings(controls, base, { seed: 2, disk: 60, counter: true, kernel: '6.12' })).toBe('Seed: 1, Disk write speed: 30 MiB/s and 2 more');
  });

  it('is nothing without a comparison, and "pinned (…)" with one', () => {
    expect(pinnedFor(controls, base, undefined)).toBeUndefined();
    expect(pinnedFor(controls, { ...base, seed: 2 }, { result: 0, values: base, label: 'pinned' })).toEqual({ result: 0, name: 'pinned (Seed: 1)' });
  });

  it('adds the pinned outcome only where it differs', () => {
    expect(pinnedNote('completed in 98 s', 'OOM kill at 570 s')).toBe(' (pinned: OOM kill at 570 s)');
    expect(pinnedNote('completed in 98 s', 'completed in 98 s')).toBe('');
    expect(pinnedNote('completed in 98 s', undefined)).toBe('');
  });
});
