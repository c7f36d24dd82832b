/**
 * THE parameter schema. Every key carries its unit in its name, a default, a
 * range and a one-line doc, and says whether 2016 leaves it unknown. Where
 * each default comes from is in paramSources.ts (PARAM_SOURCES), kept apart
 * so that the page and the worker, which only run the model, do not load it.
 */

export interface ParamSpec {
  key: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
  doc: string;
  /** 2016 does not tell us this value. */
  unknown2016: boolean;
}

const p = <K extends string>(key: K, dflt: number, min: number, max: number, integer: boolean, doc: string, unknown2016 = false): ParamSpec & { key: K } =>
  ({ key, default: dflt, min, max, integer, doc, unknown2016 });

export const PARAMS = [
  p('cpus', 2, 1, 64, true, 'CPUs: kcryptd max_active and the number of kcryptd workers'),
  p('ramMiB', 1024, 256, 16384, true, 'RAM of the machine'),
  p('swapMiB', 2048, 0, 65536, true, 'swap space (on dm-crypt unless swapOnDmCrypt is 0)'),
  p('swapOnDmCrypt', 1, 0, 1, true, 'swap device: 1 = dm-crypt (aes-xts) on the disk; 0 = the bare disk, the lab\'s plain-swap control (swap writes go straight to the disk queue)'),
  p('touchMiB', 1536, 1, 65536, true, 'anonymous memory the test program touches, once each page'),
  p('touchMiBPerS', 400, 1, 20000, false, 'rate at which the test touches new memory when nothing stops it', true),
  p('buildJobs', 0, 0, 32, true, 'parallel compiler processes beside the test (the C++ build mix); 0 = the test alone', true),
  p('buildJobMiB', 150, 1, 4096, true, 'anonymous memory one compiler process faults in during its life', true),
  p('buildJobS', 10, 0.1, 600, false, 'life of one compiler process: it faults its memory in over the first half, then exits', true),
  p('cryptMiBPerSPerCpu', 2605, 1, 5000, false, 'AES encryption speed of one kcryptd worker', true),
  p('diskMiBPerS', 344, 1, 5000, false, 'write bandwidth of the disk under dm-crypt', true),
  p('diskLatencyMs', 0.025, 0, 1000, false, 'latency added to every disk write', true),
  p('diskQueueDepth', 128, 1, 4096, true, 'requests the disk accepts before dmcrypt_write waits for a tag (bt_get)', true),
  p('lowerDmLayers', 0, 0, 1, true, 'what-if: a bio-based device-mapper layer below dm-crypt (LUKS inside an LVM volume): dmcrypt_write allocates its dm_io (56 B) and its tio (a 256 B object of its own bio slab) from GFP_NOIO mempools of 16 for every write, without PF_MEMALLOC', true),
  p('oomLockHolder', 0, 0, 1, true, 'what-if (David Rientjes, 14 Jul 2016): a task that is not an OOM victim holds a mutex while it allocates a dm_io from md->io_pool (GFP_NOIO) in mempool_alloc; the OOM-killed test needs that mutex on its way out, so it cannot exit until the holder gets its memory', true),
  p('fileCacheMiB', 40, 0, 8192, true, 'clean page cache at the start'),
  p('kernelMiB', 40, 0, 4096, true, 'other kernel memory (slab, page tables) that reclaim cannot free'),
  p('memcgs', 1, 1, 64, true, 'memory cgroups reclaim visits in every shrink_zone (throttle_vm_writeout runs once per memcg)', true),
  p('globalDirtyLimitMiB', 0, 0, 65536, true, 'global_wb_domain.dirty_limit during the test; 0 = as the kernel computes it: writeback_set_ratelimit sets it at boot to the dirty thresh of global_dirty_limits, and only balance_dirty_pages (a file writer, which the model has none of) moves it afterwards; a value > 0 is a what-if', true),
  p('slabBytesPerBio', 1144, 256, 8192, true, 'slab bytes the submitter allocates per swapped page: fs bio (bio-0, 256) + dm_io (56) + dm-crypt tio (the rest)', true),
  p('dmSwapBios', 2048, 1, 65536, true, 'swap bios dm core lets into a target at once when dm-swap-bios-limit is applied (dm_mod swap_bios)'),
  p('hz', 1000, 100, 1000, true, 'CONFIG_HZ: a jiffy is 1/hz s (the kworker sleep in wait_iff_congested)', true),
  p('minFreeKbytes', 0, 0, 1048576, true, 'vm.min_free_kbytes; 0 = derived from memory as the kernel does'),
  p('watermarkScaleFactor', 10, 1, 1000, true, 'vm.watermark_scale_factor (v4.6+)'),
  p('swappiness', 60, 0, 100, true, 'vm.swappiness'),
  p('dirtyRatio', 20, 1, 100, true, 'vm.dirty_ratio, % of dirtyable memory'),
  p('dirtyBackgroundRatio', 10, 0, 100, true, 'vm.dirty_background_ratio'),
  p('horizonS', 1800, 1, 7200, false, 'simulated time after which the run ends as a livelock'),
  p('sampleMs', 500, 10, 60000, true, 'spacing of the series grid'),
  p('seed', 1, 0, 4294967295, true, 'seed of every random stream (jitter of disk, cipher and test)'),
] as const satisfies readonly ParamSpec[];

export type ParamKey = (typeof PARAMS)[number]['key'];
export type Params = Record<ParamKey, number>;

export const PARAM_KEYS: ParamKey[] = PARAMS.map((s) => s.key);
export const PARAM_BY_KEY: Record<ParamKey, ParamSpec> = Object.fromEntries(PARAMS.map((s) => [s.key, s])) as Record<ParamKey, ParamSpec>;

export function defaultParams(): Params {
  return Object.fromEntries(PARAMS.map((s) => [s.key, s.default])) as Params;
}
