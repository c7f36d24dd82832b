/**
 * Controls for simulation widgets, built from the model's own parameter
 * schema, so a widget's URL keys are the model's parameter names and its
 * limits the model's limits.
 */
import { BASE_KERNELS } from '@forward-progress/model/kernel/versions';
import { PATCHES, PATCH_IDS, type PatchId } from '@forward-progress/model/kernel/patches';
import { PARAM_BY_KEY, type ParamKey } from '@forward-progress/model/scenario/params';
import type { CheckboxesControl, RangeControl, SelectControl } from '../controls.ts';

/** How each parameter is named beside its slider. */
const LABELS: Partial<Record<ParamKey, { label: string; unit?: string }>> = {
  cpus: { label: 'CPUs' },
  ramMiB: { label: 'RAM', unit: 'MiB' },
  swapMiB: { label: 'Swap on dm-crypt', unit: 'MiB' },
  touchMiB: { label: 'Memory the test touches', unit: 'MiB' },
  touchMiBPerS: { label: 'Touch rate', unit: 'MiB/s' },
  cryptMiBPerSPerCpu: { label: 'Encryption speed per CPU', unit: 'MiB/s' },
  diskMiBPerS: { label: 'Disk write speed', unit: 'MiB/s' },
  diskLatencyMs: { label: 'Disk latency', unit: 'ms' },
  fileCacheMiB: { label: 'Page cache at start', unit: 'MiB' },
  memcgs: { label: 'Memory cgroups visited' },
  globalDirtyLimitMiB: { label: 'Global dirty limit (0: from dirty_ratio)', unit: 'MiB' },
  slabBytesPerBio: { label: 'Slab per in-flight bio', unit: 'bytes' },
  hz: { label: 'CONFIG_HZ' },
  minFreeKbytes: { label: 'min_free_kbytes (0: derived)', unit: 'kB' },
  watermarkScaleFactor: { label: 'watermark_scale_factor' },
  swappiness: { label: 'vm.swappiness' },
  dirtyRatio: { label: 'vm.dirty_ratio', unit: '%' },
  dirtyBackgroundRatio: { label: 'vm.dirty_background_ratio', unit: '%' },
  horizonS: { label: 'Horizon', unit: 's' },
  seed: { label: 'Seed' },
};

export function paramLabel(key: ParamKey): string {
  return LABELS[key]?.label ?? key;
}

/** A slider for one model parameter; `overrides` narrow the range or change the default shown. */
/** 1 for an integer parameter; else the coarsest of 0.1, 0.01, 0.001 that has the default on its grid. */
function defaultStep(spec: { integer: boolean; default: number; min: number }): number {
  if (spec.integer) return 1;
  for (const s of [0.1, 0.01, 0.001]) {
    const k = (spec.default - spec.min) / s;
    if (Math.abs(k - Math.round(k)) < 1e-9) return s;
  }
  return 0.001;
}

export function paramControl(key: ParamKey, overrides: Partial<Pick<RangeControl, 'min' | 'max' | 'step' | 'default' | 'help' | 'label'>> = {}): RangeControl {
  const spec = PARAM_BY_KEY[key];
  const step = overrides.step ?? defaultStep(spec);
  return {
    kind: 'range',
    name: key,
    label: overrides.label ?? paramLabel(key),
    min: overrides.min ?? spec.min,
    max: overrides.max ?? spec.max,
    step,
    default: overrides.default ?? spec.default,
    unit: LABELS[key]?.unit,
    help: overrides.help ?? `${spec.doc}.${spec.unknown2016 ? ' Not known for the 2016 runs.' : ''}`,
  };
}

export function kernelControl(defaultKernel: string = 'v4.7-rc6', choices: readonly string[] = BASE_KERNELS): SelectControl {
  return {
    kind: 'select',
    name: 'kernel',
    label: 'Kernel',
    default: defaultKernel,
    options: choices.map((k) => ({ value: k, label: k })),
    help: 'The base version; patches below change one policy each.',
  };
}

export function patchesControl(ids: readonly PatchId[] = PATCH_IDS, defaults: readonly PatchId[] = []): CheckboxesControl {
  return {
    kind: 'checkboxes',
    name: 'patch',
    label: 'Patches',
    default: PATCH_IDS.filter((id) => defaults.includes(id)).join(','),
    options: ids.map((id) => ({ value: id, label: id, help: PATCHES[id].summary })),
  };
}
