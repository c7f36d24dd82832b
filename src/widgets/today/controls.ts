import type { ControlSpec } from '../controls.ts';

export const todayControls: readonly ControlSpec[] = [
  { kind: 'select', name: 'kernel', label: 'Kernel', default: '6.1',
    options: [{ value: '6.1', label: 'Debian 12: 6.1' }, { value: '6.12', label: 'Debian 13: 6.12' }] },
  { kind: 'select', name: 'swap', label: 'Swap', default: 'crypt',
    options: [{ value: 'crypt', label: 'on dm-crypt' }, { value: 'plain', label: 'on the bare disk' }] },
  { kind: 'select', name: 'variant', label: 'Test', default: '',
    options: [
      { value: '', label: "Ondrej's test: touch 1.5 GiB" },
      { value: 'oomctl', label: 'OOM control: touch more than RAM + swap' },
      { value: 'mglru', label: "Ondrej's test with MGLRU on" },
    ] },
  { kind: 'range', name: 'rep', label: 'Run', min: 1, max: 3, step: 1, default: 1,
    help: 'Each scenario was run more than once; timings vary about twofold under emulation.' },
];
