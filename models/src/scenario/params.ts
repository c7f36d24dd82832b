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
  p('cryptMiBPerSPerCpu', 2605, 1, 5000, false, 'AES encryption speed of one kcryptd worker', "public figure for laptop CPUs of 2016: `cryptsetup benchmark`, aes-xts 256b encryption, 2605.5 MiB/s on an Intel Core i7-4720HQ (2015 laptop CPU with AES-NI), jo-so.de/2017-04/Benchmark-Festplattenverschlüsselung.html; a 2016 question (security.stackexchange.com/questions/130401) shows 1592.4 MiB/s on an unnamed CPU. The cipher of Ondrej's VM is not reported; aes-xts-plain64 is cryptsetup's LUKS default. Memory-only benchmark with large buffers: dm-crypt of 2016 encrypts one 512-byte sector per request, so a real worker is slower (not modelled). Not chosen from the validation table", true),
  p('diskMiBPerS', 344, 1, 5000, false, 'write bandwidth of the disk under dm-crypt', "public figure for a 2016 SATA SSD: Samsung 850 EVO, 4 KB random write at QD32 up to 88,000 IOPS (120 GB model; 90,000 for 500 GB/1 TB), i.e. 88,000 × 4 KiB = 344 MiB/s (Samsung's specification: “Random Write (QD32, 120GB): 88,000 IOPS” on the wired2fire.co.uk 850 EVO product page; cio.de: 88,000 IOPS for 120 GB, 90,000 for 500 GB and 1 TB); swap-out writes are single 4 KiB bios. Ondrej's VM disk is not reported (virtio on an SSD assumed); virtio and host overhead not included. Not chosen from the validation table", true),
  p('diskLatencyMs', 0.025, 0, 1000, false, 'latency added to every disk write', 'public figure: Samsung 850 EVO 4 KB random write at QD1, 40,000 IOPS → 25 µs per write (specification, wired2fire.co.uk product page). Virtio and host overhead of a VM not included (not reported for 2016)', true),
  p('diskQueueDepth', 128, 1, 4096, true, 'requests the disk accepts before dmcrypt_write waits for a tag (bt_get)', 'virtio-blk default queue depth; Mikulas saw dmcrypt_write in bt_get (3 Aug 2016)', true),
  p('lowerDmLayers', 0, 0, 1, true, 'what-if: a bio-based device-mapper layer below dm-crypt (LUKS inside an LVM volume): dmcrypt_write allocates its dm_io (56 B) and its tio (a 256 B object of its own bio slab) from GFP_NOIO mempools of 16 for every write, without PF_MEMALLOC', 'no 2016 report shows a dm layer below dm-crypt: Mikulas\'s 3 Aug trace goes from dmcrypt_write straight to blk-mq (bt_get); Johannes Stezenbach had LVM above dm-crypt. Default 0; the tio size is from dm.c 4.6:3552 (front_pad 32 for a target without per-bio data) and bio.c 4.6:73, :1875', true),
  p('fileCacheMiB', 40, 0, 8192, true, 'clean page cache at the start', 'May 2016 dmesg: active_file 17996kB + inactive_file 21800kB'),
  p('kernelMiB', 40, 0, 4096, true, 'other kernel memory (slab, page tables) that reclaim cannot free', 'May 2016 dmesg: slab_unreclaimable 43008kB (incl. in-flight bios)'),
  p('memcgs', 1, 1, 64, true, 'memory cgroups reclaim visits in every shrink_zone (throttle_vm_writeout runs once per memcg)', "a 2016 Fedora VM without memory accounting: systemd of 2016 (DefaultMemoryAccounting=no) creates cgroups in the v1 memory hierarchy only for units with MemoryAccounting= on, so only the root memcg exists, and shrink_zone's mem_cgroup_iter walk visits it once (vmscan.c 4.6:2408, :2451). Not reported for Ondrej's VM", true),
  p('globalDirtyLimitMiB', 0, 0, 65536, true, 'global_wb_domain.dirty_limit during the test; 0 = as the kernel computes it: writeback_set_ratelimit sets it at boot to the dirty thresh of global_dirty_limits, and only balance_dirty_pages (a file writer, which the model has none of) moves it afterwards; a value > 0 is a what-if', 'kernel: page-writeback.c 4.6:2038–2045 (writeback_set_ratelimit), 4.6:429 (global_dirty_limits); the decay in update_dirty_limit runs only from balance_dirty_pages, towards max(thresh, dirty incl. NR_WRITEBACK). #34 (writeback 69824 pages while throttled) needs a limit above ~270 MiB, which the boot value of a 1 GiB machine (~190 MiB) does not quite reach', true),
  p('slabBytesPerBio', 1144, 256, 8192, true, 'slab bytes the submitter allocates per swapped page: fs bio (bio-0, 256) + dm_io (56) + dm-crypt tio (the rest)', 'struct sizes of 4.6 on x86-64, counted by hand from the declarations (no pahole run): dm-crypt tio = bio 136 + front_pad 584 + inline vecs 64 = 784 → 832 with cache-line alignment; front_pad = dm_target_io head 32 + per_io_data_size 552 = dm_crypt_io 208 + dmreq_start 248 (skcipher_request 80 + reqsize 168 of the ablk_helper/cryptd wrapper of xts-aes-aesni or cbc-aes-aesni) + dm_crypt_request 80 + IV 16 (dm-crypt.c 4.6:1769–1796; skcipher.c :212; ablk_helper.c :133; cryptd.c :285). 256 + 56 + 832 = 1144. Not chosen from the validation table', true),
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
