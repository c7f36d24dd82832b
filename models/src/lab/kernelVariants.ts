/**
 * Lab kernel variant ids (lab/kernels/<id>, lab/scenarios.json) → the model's
 * base kernel + patches, or the reason the model cannot express the variant.
 * The lab builds 2016 release trees and adds the thread's patches as edits;
 * the model has 2016 bases and patches of the same ideas. A variant maps when
 * every change it carries has a model counterpart; otherwise the reason says
 * what is missing. Nothing here looks at a trace's outcome.
 */
import { isBaseKernel, type BaseKernel } from '../kernel/versions.ts';
import { isPatchId, type PatchId } from '../kernel/patches.ts';

export type KernelMapping =
  | { ok: true; kernel: BaseKernel; patches: PatchId[]; note: string }
  | { ok: false; reason: string };

/**
 * Release trees: lab base id → the model base (and patches) that stand for it.
 * 4.7.4 carries the revert of f9054c70 (stable 4.7.1) on top of what v4.7-rc6
 * had; its other mm/ and drivers/md/ changes since rc6 are not in the model.
 */
const BASES: Record<string, { kernel: string; patches: string[]; note: string }> = {
  '4.6.2': { kernel: 'v4.6', patches: [], note: '4.6.2 has f9054c70 and the 4.6 OOM detection, as the model\'s v4.6' },
  '4.7.4': { kernel: 'v4.7-rc6', patches: ['revert-f9054c70'], note: '4.7.4 = v4.7-rc6 + the revert of f9054c70 (4.7.1); its other changes since rc6 are not modelled' },
  '4.7.4-f9054c70': { kernel: 'v4.7-rc6', patches: [], note: '4.7.4 with f9054c70 back in: the mempool as in rc6/rc7; 4.7.4\'s other changes since rc6 are not modelled' },
  '4.8.15': { kernel: 'v4.8', patches: [], note: '4.8.15 as the model\'s v4.8 (revert, MIN_IOS 64, node reclaim)' },
};

/** Lab edits named in a variant id (`<base>+<edit>+…`) → the model patch of the same change. */
const EDITS: Record<string, string> = {
  revert: 'revert-f9054c70',
  'throttle-noretry': 'throttle-noretry',
  'mempool-less-throttle': 'mempool-less-throttle',
  'throttle-skip-less-throttle': 'throttle-skip-less-throttle',
};

/** The model parameter that puts swap on the bare disk (0) instead of dm-crypt (1). */
export const PLAIN_SWAP_PARAM: string | null = 'swapOnDmCrypt';

/** Maps one lab variant id, e.g. `4.7.4-f9054c70+throttle-noretry`. */
export function mapLabKernel(id: string): KernelMapping {
  const [base, ...edits] = id.split('+');
  if (Number((base ?? '').split('.')[0]) >= 5) {
    return { ok: false, reason: `no model kernel for Linux ${id}: the model's bases are 2016 kernels (v4.5 … v4.9)` };
  }
  // 4.9 or a 4.9.x tree (throttle_vm_writeout removed) maps to the model's v4.9.
  const b = base && /^4\.9(\.\d+)?$/.test(base) ? { kernel: 'v4.9', patches: [], note: `${base} as the model's v4.9 (throttle_vm_writeout removed)` } : BASES[base ?? ''];
  if (!b) return { ok: false, reason: `unknown lab kernel ${JSON.stringify(id)}: no model base for ${JSON.stringify(base)} (known: ${[...Object.keys(BASES), '4.9.x'].join(', ')})` };
  if (!isBaseKernel(b.kernel)) return { ok: false, reason: `the model has no base kernel ${b.kernel} (for ${base})` };
  const patches: PatchId[] = [];
  for (const p of b.patches) {
    if (!isPatchId(p)) return { ok: false, reason: `the model has no patch ${p} (needed for ${base})` };
    patches.push(p);
  }
  for (const e of edits) {
    const p = EDITS[e];
    if (!p) return { ok: false, reason: `unknown lab edit ${JSON.stringify(e)} in ${JSON.stringify(id)} (known: ${Object.keys(EDITS).join(', ')})` };
    if (!isPatchId(p)) return { ok: false, reason: `the model has no patch ${p} (for the lab edit ${e})` };
    if (!patches.includes(p)) patches.push(p);
  }
  return { ok: true, kernel: b.kernel, patches, note: b.note + (edits.length ? `; + ${edits.map((e) => EDITS[e]).join(' + ')}` : '') };
}

/** The model's label of a mapping, e.g. `v4.7-rc6+throttle-noretry`. */
export const mappingLabel = (m: KernelMapping): string => (m.ok ? [m.kernel, ...m.patches].join('+') : 'unsupported');
