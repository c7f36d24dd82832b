import { BASE_KERNELS } from '@forward-progress/model';
import type { ControlSpec } from '../controls.ts';

/** The watermark widget's inputs; the defaults are Ondrej's VM as its May 2016 dmesg shows it. */
export const watermarkControls: readonly ControlSpec[] = [
  { kind: 'range', name: 'ramMiB', label: 'RAM', min: 256, max: 16384, step: 256, default: 1024, unit: 'MiB',
    help: 'Zones are laid out as on an x86_64 guest: DMA below 16 MiB, DMA32 up to 3 GiB, Normal above 4 GiB.' },
  { kind: 'checkbox', name: 'deriveMinFree', label: 'Derive min_free_kbytes from RAM', default: false,
    help: 'As the kernel does at boot: int_sqrt(16 × low memory in kB).' },
  { kind: 'range', name: 'minFreeKbytes', label: 'min_free_kbytes', min: 128, max: 65536, step: 4, default: 3892, unit: 'kB',
    help: 'Used when not derived. 3892 is the value the May 2016 dmesg implies.' },
  { kind: 'range', name: 'watermarkScaleFactor', label: 'watermark_scale_factor', min: 1, max: 1000, step: 1, default: 10,
    help: 'Gap between min, low and high in ten-thousandths of the zone (v4.6 and later).' },
  { kind: 'select', name: 'kernel', label: 'Kernel', default: 'v4.6',
    options: BASE_KERNELS.map((k) => ({ value: k, label: k === 'v4.5' ? 'v4.5 (low = 5/4 min, high = 3/2 min)' : k })) },
];
