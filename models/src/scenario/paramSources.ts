/**
 * Where each parameter's default comes from: the kernel's own default (with
 * file and line), a 2016 log or message, a public figure with where it was
 * published, or the reason for a chosen value. Kept apart from params.ts so
 * that code which only runs the model (the page, the worker) does not carry
 * these texts; the CLI, the Model page and the tests read them here.
 */
import type { ParamKey } from './params.ts';

export const PARAM_SOURCES = {
  cpus: "Ondrej's test VM, 5 May 2016 (572B6CB3.10802@redhat.com)",
  ramMiB: "Ondrej's test VM: 1 GB",
  swapMiB: "Ondrej's test VM: 2 GB swap on dm-crypt (Total swap = 2097148kB)",
  touchMiB: 'issue 3: more than RAM, much less than RAM+swap (Ondrej)',
  touchMiBPerS: 'not reported; a simple memset loop is faster, page faults cap it',
  buildJobs: 'Ondrej (Red Hat-internal, quoted 11 Jul): "gcc build of a project in C++ in 3-4 threads"',
  buildJobMiB: 'not reported; typical cc1plus of 2016',
  buildJobS: 'not reported',
  cryptMiBPerSPerCpu: "public figure for laptop CPUs of 2016: `cryptsetup benchmark`, aes-xts 256b encryption, 2605.5 MiB/s on an Intel Core i7-4720HQ (2015 laptop CPU with AES-NI), jo-so.de/2017-04/Benchmark-Festplattenverschlüsselung.html; a 2016 question (security.stackexchange.com/questions/130401) shows 1592.4 MiB/s on an unnamed CPU. The cipher of Ondrej's VM is not reported; aes-xts-plain64 is cryptsetup's LUKS default. Memory-only benchmark with large buffers: dm-crypt of 2016 encrypts one 512-byte sector per request, so a real worker is slower (not modelled). Not chosen from the validation table",
  diskMiBPerS: "public figure for a 2016 SATA SSD: Samsung 850 EVO, 4 KB random write at QD32 up to 88,000 IOPS (120 GB model; 90,000 for 500 GB/1 TB), i.e. 88,000 × 4 KiB = 344 MiB/s (Samsung's specification: “Random Write (QD32, 120GB): 88,000 IOPS” on the wired2fire.co.uk 850 EVO product page; cio.de: 88,000 IOPS for 120 GB, 90,000 for 500 GB and 1 TB); swap-out writes are single 4 KiB bios. Ondrej's VM disk is not reported (virtio on an SSD assumed); virtio and host overhead not included. Not chosen from the validation table",
  diskLatencyMs: 'public figure: Samsung 850 EVO 4 KB random write at QD1, 40,000 IOPS → 25 µs per write (specification, wired2fire.co.uk product page). Virtio and host overhead of a VM not included (not reported for 2016)',
  diskQueueDepth: 'virtio-blk default queue depth; Mikulas saw dmcrypt_write in bt_get (3 Aug 2016)',
  swapOnDmCrypt: 'Ondrej\'s test VM: swap on dm-crypt (5 May 2016, 572B6CB3.10802@redhat.com); 0 is the lab\'s control, the same test with swap on the bare virtio disk',
  lowerDmLayers: 'no 2016 report shows a dm layer below dm-crypt: Mikulas\'s 3 Aug trace goes from dmcrypt_write straight to blk-mq (bt_get); Johannes Stezenbach had LVM above dm-crypt. Default 0; the tio size is from dm.c 4.6:3552 (front_pad 32 for a target without per-bio data) and bio.c 4.6:73, :1875',
  oomLockHolder: "David Rientjes, 14 Jul 2016 (alpine.DEB.2.10.1607141326500.68666@chino…): an OOM victim waiting on a mutex held by a task that loops in mempool_alloc, his reason to call RFC 1/2 bogus; his own machines' stack was mempool_alloc ← __split_and_process_bio ← dm_request ← … ← filemap_fault (alpine.DEB.2.10.1607131644590.92037). No 2016 report shows such a holder on Ondrej's machine: default 0, a what-if",
  fileCacheMiB: 'May 2016 dmesg: active_file 17996kB + inactive_file 21800kB',
  kernelMiB: 'May 2016 dmesg: slab_unreclaimable 43008kB (incl. in-flight bios)',
  memcgs: "a 2016 Fedora VM without memory accounting: systemd of 2016 (DefaultMemoryAccounting=no) creates cgroups in the v1 memory hierarchy only for units with MemoryAccounting= on, so only the root memcg exists, and shrink_zone's mem_cgroup_iter walk visits it once (vmscan.c 4.6:2408, :2451). Not reported for Ondrej's VM",
  globalDirtyLimitMiB: 'kernel: page-writeback.c 4.6:2038–2045 (writeback_set_ratelimit), 4.6:429 (global_dirty_limits); the decay in update_dirty_limit runs only from balance_dirty_pages, towards max(thresh, dirty incl. NR_WRITEBACK). #34 (writeback 69824 pages while throttled) needs a limit above ~270 MiB, which the boot value of a 1 GiB machine (~190 MiB) does not quite reach',
  slabBytesPerBio: 'struct sizes of 4.6 on x86-64, counted by hand from the declarations (no pahole run): dm-crypt tio = bio 136 + front_pad 584 + inline vecs 64 = 784 → 832 with cache-line alignment; front_pad = dm_target_io head 32 + per_io_data_size 552 = dm_crypt_io 208 + dmreq_start 248 (skcipher_request 80 + reqsize 168 of the ablk_helper/cryptd wrapper of xts-aes-aesni or cbc-aes-aesni) + dm_crypt_request 80 + IV 16 (dm-crypt.c 4.6:1769–1796; skcipher.c :212; ablk_helper.c :133; cryptd.c :285). 256 + 56 + 832 = 1144. Not chosen from the validation table',
  dmSwapBios: 'a666e5c05e7c: DEFAULT_SWAP_BIOS = 8 MiB / PAGE_SIZE = 2048',
  hz: 'unknown; Fedora kernels are believed to use 1000 (unconfirmed)',
  minFreeKbytes: 'mm/page_alloc.c init_per_zone_wmark_min',
  watermarkScaleFactor: 'kernel default 10',
  swappiness: 'kernel default 60',
  dirtyRatio: 'kernel default 20',
  dirtyBackgroundRatio: 'kernel default 10',
  horizonS: 'issue 3: 30 simulated minutes ("dozens of minutes")',
  sampleMs: 'chosen: fine enough for the charts, 3600 rows for 30 min',
  seed: 'chosen',
} as const satisfies Record<ParamKey, string>;

/** The source of one parameter's default. */
export const paramSource = (key: ParamKey): string => PARAM_SOURCES[key];
