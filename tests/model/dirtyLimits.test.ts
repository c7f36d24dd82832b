import { describe, expect, it } from 'vitest';
import { buildKernel } from '../../models/src/kernel/kernels.ts';
import { domainDirtyLimits, globalDirtyableMemory, throttleVmWriteoutCheck, writebackSetRatelimit, type WritebackState } from '../../models/src/mm/pageWriteback.ts';
import { PF_LESS_THROTTLE } from '../../models/src/mm/flags.ts';
import { PARAMS, PARAM_BY_KEY } from '../../models/src/scenario/params.ts';
import { PARAM_SOURCES } from '../../models/src/scenario/paramSources.ts';
import { Machine, BIO0_BYTES, DM_IO_BYTES, DM_LINEAR_TIO_BYTES } from '../../models/src/sim/machine.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';

const ctxFor = (kernel: 'v4.5' | 'v4.6' | 'v4.7-rc6' | 'v4.8', pf = 0) => ({
  task: { name: 't', pf, memdie: false, cpuDebtUs: 0 },
  policy: buildKernel(kernel).policy,
  hz: 1000,
  trace: null,
  tree: (kernel === 'v4.5' ? 'v4.6' : kernel) as 'v4.6' | 'v4.7-rc6' | 'v4.8',
});

// domain_dirty_limits, page-writeback.c 4.6:366 (percent, +1/4) against 4.7:370 / 4.8:392
// (ratios per PAGE_SIZE: 20% → 819/4096, 10% → 409/4096; +1/4 + dirty_limit/32). Expected values by hand.
describe('domainDirtyLimits decision table', () => {
  const rows: [string, Parameters<typeof domainDirtyLimits>, { thresh: number; bgThresh: number }][] = [
    ['4.6, plain: 20% and 10% of 2190', [2190, 20, 10, false, 'v4.6', 0], { thresh: 438, bgThresh: 219 }],
    ['4.7, plain: 819·2190/4096, 409·2190/4096', [2190, 20, 10, false, 'v4.7+', 0], { thresh: 437, bgThresh: 218 }],
    ['4.6, PF_LESS_THROTTLE: +1/4, dirty_limit ignored', [197551, 20, 10, true, 'v4.6', 48000], { thresh: 39510 + 9877, bgThresh: 19755 + 4938 }],
    ['4.7, PF_LESS_THROTTLE: +1/4 + dirty_limit/32', [197551, 20, 10, true, 'v4.7+', 48000], { thresh: 39500 + 9875 + 1500, bgThresh: 19726 + 4931 + 1500 }],
    ['4.7, plain: dirty_limit plays no part', [197551, 20, 10, false, 'v4.7+', 48000], { thresh: 39500, bgThresh: 19726 }],
    ['background ratio not below the ratio: bg = thresh/2 (4.6)', [1000, 20, 30, false, 'v4.6', 0], { thresh: 200, bgThresh: 100 }],
    ['background ratio not below the ratio: bg = thresh/2 (4.7)', [1000, 20, 30, false, 'v4.7+', 0], { thresh: 199, bgThresh: 99 }],
  ];
  for (const [name, args, want] of rows) it(name, () => expect(domainDirtyLimits(...args)).toEqual(want));

  it('each base kernel uses the form of its source tree', () => {
    expect(buildKernel('v4.5').policy.dirtyLimitsForm).toBe('v4.6');
    expect(buildKernel('v4.6').policy.dirtyLimitsForm).toBe('v4.6');
    expect(buildKernel('v4.7-rc6').policy.dirtyLimitsForm).toBe('v4.7+');
    expect(buildKernel('v4.8').policy.dirtyLimitsForm).toBe('v4.7+');
    expect(buildKernel('v4.9').policy.dirtyLimitsForm).toBe('v4.7+');
  });
});

describe('throttleVmWriteoutCheck: where the v4.7 dirty_limit/32 term decides', () => {
  // dirtyable = 200000 − 2450 + 0 + 1 = 197551; dirty_limit 48000; writeback 55000.
  const s: WritebackState = { writeback: 55000, free: 200000, fileLru: 0, totalreserve: 2450, dirtyRatio: 20, dirtyBackgroundRatio: 10, domainDirtyLimit: 48000 };
  it('dirtyable memory as global_dirtyable_memory counts it', () => expect(globalDirtyableMemory(200000, 0, 2450)).toBe(197551));
  it('v4.7, no flag: max(39500, 48000) + 10% = 52800 → throttle', () => expect(throttleVmWriteoutCheck(ctxFor('v4.7-rc6'), s)).toEqual({ over: true, limit: 52800 }));
  it('v4.7, PF_LESS_THROTTLE: 50875 + 10% = 55962 → no throttle', () => expect(throttleVmWriteoutCheck(ctxFor('v4.7-rc6', PF_LESS_THROTTLE), s)).toEqual({ over: false, limit: 55962 }));
  it('v4.8, PF_LESS_THROTTLE: same form as v4.7', () => expect(throttleVmWriteoutCheck(ctxFor('v4.8', PF_LESS_THROTTLE), s)).toEqual({ over: false, limit: 55962 }));
  it('v4.6, PF_LESS_THROTTLE: only +1/4, 49387 + 10% = 54325 → throttle', () => expect(throttleVmWriteoutCheck(ctxFor('v4.6', PF_LESS_THROTTLE), s)).toEqual({ over: true, limit: 54325 }));
});

describe('dirty_limit at boot (writeback_set_ratelimit)', () => {
  it('is the unboosted thresh of global_dirty_limits', () => {
    expect(writebackSetRatelimit(200000, 0, 2450, 20, 10, 'v4.6')).toBe(39510);
    expect(writebackSetRatelimit(200000, 0, 2450, 20, 10, 'v4.7+')).toBe(39500);
  });
  it('the default machine keeps the boot value computed from its booted state', () => {
    const { scenario } = resolveScenario({ kernel: 'v4.7-rc6' });
    const m = new Machine(scenario, 1000);
    const free = m.zones.reduce((a, z) => a + z.free, 0);
    const file = m.zones.reduce((a, z) => a + z.file, 0);
    expect(m.domainDirtyLimit).toBe(writebackSetRatelimit(free, file, m.totalreserve, 20, 10, 'v4.7+'));
    // about a fifth of a 1 GiB machine less kernel memory and reserves: 170–200 MiB
    expect(m.domainDirtyLimit / 256).toBeGreaterThan(170);
    expect(m.domainDirtyLimit / 256).toBeLessThan(200);
  });
  it('a positive globalDirtyLimitMiB overrides it (what-if)', () => {
    const { scenario } = resolveScenario({ kernel: 'v4.6', params: { globalDirtyLimitMiB: 10 } });
    expect(new Machine(scenario, 1000).domainDirtyLimit).toBe(2560);
  });
});

describe('defaults carry evidence, none chosen from the validation table', () => {
  it('the mechanisms no 2016 report shows are off, memory accounting is off, dirty_limit is the kernel\'s', () => {
    expect(PARAM_BY_KEY.lowerDmLayers.default).toBe(0);
    expect(PARAM_BY_KEY.memcgs.default).toBe(1);
    expect(PARAM_BY_KEY.globalDirtyLimitMiB.default).toBe(0);
  });
  it('every parameter has a source, and no source says it was chosen by a sweep', () => {
    for (const s of PARAMS) {
      expect(PARAM_SOURCES[s.key].length, s.key).toBeGreaterThan(5);
      expect(PARAM_SOURCES[s.key], s.key).not.toMatch(/(?<!not )chosen (from|by|with) the validation|validation sweep/i);
    }
  });
  it('slabBytesPerBio = bio-0 + dm_io + the dm-crypt tio counted from the 4.6 structs', () => {
    expect(BIO0_BYTES + DM_IO_BYTES + 832).toBe(PARAM_BY_KEY.slabBytesPerBio.default);
    const { scenario } = resolveScenario({ kernel: 'v4.6' });
    const m = new Machine(scenario, 1000);
    expect(m.caches.dmTio.objectBytes).toBe(832);
    expect(m.caches.dmIo.objectBytes).toBe(56);
    expect(m.pools.lowerBs).toBeUndefined();
  });
  it('the what-if lower dm layer has a dm-linear tio of its own slab (256 B), not dm-crypt\'s', () => {
    const { scenario } = resolveScenario({ kernel: 'v4.7-rc6', params: { lowerDmLayers: 1 } });
    const m = new Machine(scenario, 1000);
    expect(m.caches.lowerTio?.objectBytes).toBe(DM_LINEAR_TIO_BYTES);
    expect(m.caches.lowerTio?.objectsPerPage).toBe(16);
    expect(m.caches.lowerTio).not.toBe(m.caches.dmTio);
  });
});
