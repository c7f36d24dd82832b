/**
 * THE parameter schema. Every key carries its unit in its name, a default, a
 * range, a one-line doc and a source (or the reason for the value), and says
 * whether 2016 leaves it unknown.
 */

export interface ParamSpec {
  key: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
  doc: string;
  source: string;
  /** 2016 does not tell us this value. */
  unknown2016: boolean;
}

const p = <K extends string>(key: K, dflt: number, min: number, max: number, integer: boolean, doc: string, source: string, unknown2016 = false): ParamSpec & { key: K } =>
  ({ key, default: dflt, min, max, integer, doc, source, unknown2016 });

export const PARAMS = [
  p('cpus', 2, 1, 64, true, 'CPUs: kcryptd max_active and the number of kcryptd workers', "Ondrej's test VM, 5 May 2016 (572B6CB3.10802@redhat.com)"),
  p('ramMiB', 1024, 256, 16384, true, 'RAM of the machine', "Ondrej's test VM: 1 GB"),
  p('swapMiB', 2048, 0, 65536, true, 'swap on dm-crypt', "Ondrej's test VM: 2 GB swap on dm-crypt (Total swap = 2097148kB)"),
  p('touchMiB', 1536, 1, 65536, true, 'anonymous memory the test program touches, once each page', 'issue 3: more than RAM, much less than RAM+swap (Ondrej)'),
  p('touchMiBPerS', 400, 1, 20000, false, 'rate at which the test touches new memory when nothing stops it', 'not reported; a simple memset loop is faster, page faults cap it', true),
  p('buildJobs', 0, 0, 32, true, 'parallel compiler processes beside the test (the C++ build mix); 0 = the test alone', 'Ondrej (Red Hat-internal, quoted 11 Jul): "gcc build of a project in C++ in 3-4 threads"', true),
  p('buildJobMiB', 150, 1, 4096, true, 'anonymous memory one compiler process faults in during its life', 'not reported; typical cc1plus of 2016', true),
  p('buildJobS', 10, 0.1, 600, false, 'life of one compiler process: it faults its memory in over the first half, then exits', 'not reported', true),
  p('cryptMiBPerSPerCpu', 200, 1, 5000, false, 'AES encryption speed of one kcryptd worker', 'not reported (cipher unknown); AES-NI class. Chosen with diskMiBPerS from the validation sweep (best match over all rows), so not independent evidence', true),
  p('diskMiBPerS', 30, 1, 5000, false, 'write bandwidth of the disk under dm-crypt', 'not reported (VM disk type unknown); slower than the cipher, as model-notes.md found necessary. Chosen from the validation sweep', true),
  p('diskLatencyMs', 2, 0, 1000, false, 'latency added to every disk write', 'not reported', true),
  p('diskQueueDepth', 128, 1, 4096, true, 'requests the disk accepts before dmcrypt_write waits for a tag (bt_get)', 'virtio-blk default queue depth; Mikulas saw dmcrypt_write in bt_get (3 Aug 2016)', true),
  p('lowerDmLayers', 1, 0, 1, true, 'bio-based device-mapper layers below dm-crypt (LUKS on LVM, or md): dmcrypt_write allocates their dm_io and clone (GFP_NOIO mempools of 16) for every write, without PF_MEMALLOC', 'not reported: the storage stack of the 2016 VMs is unknown (Matthias Dahl: dm-crypt on md RAID5; Fedora installs LVM). Chosen from the validation sweep: with 0 no v4.7 crawl appears at all', true),
  p('fileCacheMiB', 40, 0, 8192, true, 'clean page cache at the start', 'May 2016 dmesg: active_file 17996kB + inactive_file 21800kB'),
  p('kernelMiB', 40, 0, 4096, true, 'other kernel memory (slab, page tables) that reclaim cannot free', 'May 2016 dmesg: slab_unreclaimable 43008kB (incl. in-flight bios)'),
  p('memcgs', 3, 1, 64, true, 'memory cgroups reclaim visits in every shrink_zone (throttle_vm_writeout runs once per memcg)', 'not reported (systemd slices on Fedora: root + system.slice + user.slice). Chosen from the validation sweep', true),
  p('globalDirtyLimitMiB', 10, 0, 65536, true, 'global_wb_domain.dirty_limit during the test; 0 = dirtyRatio of the dirtyable memory at boot (nobody dirties files, so it never falls)', 'unknown; #34 (writeback 69824 pages while throttled) bounds it below ~248 MiB; 10 MiB = it had decayed towards the small thresh of a full machine (someone wrote files). Chosen from the validation sweep', true),
  p('slabBytesPerBio', 2048, 256, 8192, true, 'slab bytes the submitter allocates per swapped page: fs bio 256 + dm_io 128 + dm tio (rest)', 'struct sizes in 4.6: bio 256, dm_io ~128, dm tio with dm-crypt per-bio data (dm_crypt_io + IV + skcipher request) ~1.5 KiB; model-notes.md found results sensitive to it. Chosen from the validation sweep', true),
  p('dmSwapBios', 2048, 1, 65536, true, 'swap bios dm core lets into a target at once when dm-swap-bios-limit is applied (dm_mod swap_bios)', 'a666e5c05e7c: DEFAULT_SWAP_BIOS = 8 MiB / PAGE_SIZE = 2048'),
  p('hz', 1000, 100, 1000, true, 'CONFIG_HZ: a jiffy is 1/hz s (the kworker sleep in wait_iff_congested)', 'unknown; Fedora kernels are believed to use 1000 (unconfirmed)', true),
  p('minFreeKbytes', 0, 0, 1048576, true, 'vm.min_free_kbytes; 0 = derived from memory as the kernel does', 'mm/page_alloc.c init_per_zone_wmark_min'),
  p('watermarkScaleFactor', 10, 1, 1000, true, 'vm.watermark_scale_factor (v4.6+)', 'kernel default 10'),
  p('swappiness', 60, 0, 100, true, 'vm.swappiness', 'kernel default 60'),
  p('dirtyRatio', 20, 1, 100, true, 'vm.dirty_ratio, % of dirtyable memory', 'kernel default 20'),
  p('dirtyBackgroundRatio', 10, 0, 100, true, 'vm.dirty_background_ratio', 'kernel default 10'),
  p('horizonS', 1800, 1, 7200, false, 'simulated time after which the run ends as a livelock', 'issue 3: 30 simulated minutes ("dozens of minutes")'),
  p('sampleMs', 500, 10, 60000, true, 'spacing of the series grid', 'chosen: fine enough for the charts, 3600 rows for 30 min'),
  p('seed', 1, 0, 4294967295, true, 'seed of every random stream (jitter of disk, cipher and test)', 'chosen'),
] as const satisfies readonly ParamSpec[];

export type ParamKey = (typeof PARAMS)[number]['key'];
export type Params = Record<ParamKey, number>;

export const PARAM_KEYS: ParamKey[] = PARAMS.map((s) => s.key);
export const PARAM_BY_KEY: Record<ParamKey, ParamSpec> = Object.fromEntries(PARAMS.map((s) => [s.key, s])) as Record<ParamKey, ParamSpec>;

export function defaultParams(): Params {
  return Object.fromEntries(PARAMS.map((s) => [s.key, s.default])) as Params;
}
