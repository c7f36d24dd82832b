/**
 * A lab trace's machine as model parameters, taken from the trace's own
 * measurements and settings only (never from its outcome): the scenario the
 * model runs for that trace. Every value says where it came from; every
 * parameter not listed keeps the model's default.
 */
import { PARAM_BY_KEY, type ParamKey, type Params } from '../scenario/params.ts';
import type { DdMeasurement, LabTraceFacts } from './trace.ts';
import { PLAIN_SWAP_PARAM } from './kernelVariants.ts';

export interface TakenParam {
  key: string;
  value: number;
  /** Where the value comes from in the trace. */
  from: string;
}

export type LabMachine =
  | { ok: true; params: Partial<Params>; taken: TakenParam[]; notes: string[] }
  | { ok: false; reason: string };

/** The dd measurements the cipher and disk speeds come from. */
export const CIPHER_MEASUREMENT = 'crypt_null_write_1M';
export const DISK_MEASUREMENT = 'vda_write_1M';
export const DISK_4K_MEASUREMENT = 'vda_write_4k';
export const MEASUREMENTS_NEEDED = [CIPHER_MEASUREMENT, DISK_MEASUREMENT, DISK_4K_MEASUREMENT] as const;

const r2 = (x: number) => Math.round(x * 100) / 100;

/** The lab guest's file LRU at the start (see labMachine): none. */
export const LAB_FILE_CACHE_MIB = 0;
export const LAB_FILE_CACHE_FROM = 'serial log, first memory report: active_file:0 inactive_file:0–1 pages (initramfs guest)';

/**
 * memhog's own touch rate, measured before anything reclaims: the slope of
 * the sampler's MemFree over the samples from the test's start on with no
 * swap in use, while MemFree is between 90 % and 20 % of what it was at the
 * first of them (above: the second before memhog's first touch; below: kswapd
 * wakes at the low mark and reclaim begins). Under TCG this is the guest CPU's
 * speed at faulting in and zeroing pages, which host load moves (45–210 MiB/s
 * over the committed traces). Null with fewer than two such samples (a
 * 512 MiB machine sampled once in that span) or without MemFree.
 */
export function touchRateBeforeSwap(f: LabTraceFacts): { MiBPerS: number; fromT: number; toT: number } | null {
  const { t, memFreeKiB: free, swapUsedKiB: swap } = f.series;
  if (!free) return null;
  let first = -1, a = -1, b = -1;
  for (let i = 0; i < t.length; i++) {
    if (t[i]! < f.hogStartT) continue;
    if (swap[i]! > 0) break;
    if (first < 0) first = i;
    const f0 = free[first]!;
    if (free[i]! <= 0.9 * f0 && free[i]! >= 0.2 * f0) {
      if (a < 0) a = i;
      b = i;
    }
  }
  if (a < 0 || b <= a) return null;
  return { MiBPerS: (free[a]! - free[b]!) / 1024 / (t[b]! - t[a]!), fromT: t[a]!, toT: t[b]! };
}

/**
 * Why a run with the collector is not compared: the model has no file writer
 * and no processes that fork. What the collector did in the run is said from
 * the trace: how many samples it managed, and, when the run was OOM-killed by
 * an allocation of order > 0 (a fork's kernel stack is order 2 on x86-64),
 * that too, since the model allocates order-0 pages only.
 */
function collectorReason(f: LabTraceFacts, everyS: number): string {
  const parts = [`a collector writes a sample every ${everyS} s to a second disk beside the test (a shell loop that forks cat, dd and sleep for each)`];
  if (f.collector) parts.push(`it wrote ${f.collector.samples} samples in ${f.collector.seconds} s`);
  const inv = f.oomInvoker;
  if (inv && inv.order > 0) parts.push(`the OOM kill came from an order-${inv.order} allocation of ${inv.comm} (${inv.gfpFlags})`);
  return `${parts.join('; ')}: the model has no file writer, no forking processes and order-0 allocations only`;
}

/** Whether a trace carries every dd measurement the machine needs. */
export function hasMeasurements(f: LabTraceFacts): boolean {
  return MEASUREMENTS_NEEDED.every((k) => f.measurements[k]);
}

/**
 * The parameters of one trace's machine. `measuredBy` is the trace whose dd
 * measurements to use (the trace itself unless it has none; see compare.ts).
 *
 * - cpus, ramMiB, swapMiB, touchMiB: the lab scenario (QEMU -smp, -m, the swap
 *   device, memhog's size);
 * - hz: CONFIG_HZ of the built kernel (provenance.kernelBuild.kconfig);
 * - minFreeKbytes, watermarkScaleFactor, swappiness: the guest's /proc/sys
 *   values at the start (provenance.guestSettings);
 * - cryptMiBPerSPerCpu: one direct-I/O dd stream of 1 MiB writes through
 *   dm-crypt (aes-xts-plain64) onto a zero target: each bio is encrypted by
 *   one kcryptd worker, one at a time, so the rate is one worker's;
 * - diskMiBPerS: 1 MiB direct writes to the virtio disk;
 * - diskLatencyMs: a 4 KiB direct write at queue depth 1 takes
 *   s / (bytes / 4096); less the 4 KiB transfer at diskMiBPerS, that is the
 *   fixed latency the model adds to every write (at least 0);
 * - touchMiBPerS: memhog's touch rate before the first swap-out
 *   (touchRateBeforeSwap), a measurement of the guest's CPU, not of reclaim:
 *   with none, the model's default;
 * - horizonS: the host's limit less the guest time at which the test began;
 * - fileCacheMiB: 0, the file LRU of the lab guest, which runs from an
 *   initramfs: the first memory report (sysrq-m, Mem-Info) of every 2016
 *   serial log reads "active_file:0 inactive_file:0" or "inactive_file:1" (one
 *   page), e.g. lab/logs-2016/4.6.2-crypt-r1.log.gz line 103 (31.76 s)
 *   "active_file:0 inactive_file:1" and line 110, its DMA32 zone,
 *   "active_file:0kB inactive_file:4kB"; 4.9-crypt-r1.log.gz line 141
 *   (32.05 s) "active_file:0 inactive_file:1"; 4.7.4-f9054c70-crypt-r3.log.gz
 *   line 135 (19.71 s) "active_file:0 inactive_file:0"; the 6.x logs of
 *   lab/logs the same. The sampler's Cached (8136 kB at its first line) is the
 *   initramfs's own ramfs pages, which are not on the file LRU. The trace
 *   files carry no LRU sizes (memReports has free, writeback, swap and the
 *   reclaim gate), so the value is the same for every lab trace.
 */
export function labMachine(f: LabTraceFacts, measuredBy: LabTraceFacts = f): LabMachine {
  if (f.swap === 'plain' && !PLAIN_SWAP_PARAM) return { ok: false, reason: 'plain swap: the model always swaps through dm-crypt (it has no plain-swap parameter)' };
  if (f.procs !== 1) return { ok: false, reason: `${f.procs} test processes: the model runs one test program` };
  if (f.writerS !== null) return { ok: false, reason: collectorReason(f, f.writerS) };
  if (f.overcommit !== 0) return { ok: false, reason: `overcommit_memory=${f.overcommit}: the model has no overcommit setting` };
  const taken: TakenParam[] = [];
  const notes: string[] = [];
  const params: Partial<Record<string, number>> = {};
  const take = (key: string, value: number | null, from: string) => {
    if (value === null) {
      notes.push(`${key}: the trace has no ${from}; the model's default`);
      return;
    }
    if (!(key in PARAM_BY_KEY)) {
      notes.push(`${key} (${from} = ${value}): the model has no such parameter; not used`);
      return;
    }
    params[key] = value;
    taken.push({ key, value, from });
  };
  take('cpus', f.cpus, 'scenario.cpus');
  take('ramMiB', f.memMiB, 'scenario.memMiB');
  take('swapMiB', f.swapMiB, 'scenario.swapGiB');
  take('touchMiB', f.touchMiB, 'scenario.touchMiB');
  take('hz', f.hz, 'CONFIG_HZ (kconfig)');
  take('minFreeKbytes', f.minFreeKbytes, 'guest min_free_kbytes');
  take('watermarkScaleFactor', f.watermarkScaleFactor, 'guest watermark_scale_factor');
  take('swappiness', f.swappiness, 'guest swappiness');
  if (PLAIN_SWAP_PARAM) take(PLAIN_SWAP_PARAM, f.swap === 'crypt' ? 1 : 0, 'scenario.swap');
  const by = measuredBy === f ? '' : ` of ${measuredBy.run}`;
  const m = (k: string): DdMeasurement | null => measuredBy.measurements[k] ?? null;
  const cipher = m(CIPHER_MEASUREMENT), disk = m(DISK_MEASUREMENT), disk4k = m(DISK_4K_MEASUREMENT);
  take('cryptMiBPerSPerCpu', cipher && r2(cipher.MiBPerS), `dd ${CIPHER_MEASUREMENT}${by}`);
  take('diskMiBPerS', disk && r2(disk.MiBPerS), `dd ${DISK_MEASUREMENT}${by}`);
  if (disk && disk4k) {
    const perWriteMs = (disk4k.s / (disk4k.bytes / 4096)) * 1000;
    const transferMs = (4096 / (disk.MiBPerS * 1048576)) * 1000;
    take('diskLatencyMs', r2(Math.max(0, perWriteMs - transferMs)), `dd ${DISK_4K_MEASUREMENT}${by} (per write, less the transfer)`);
  } else take('diskLatencyMs', null, `dd ${DISK_4K_MEASUREMENT}`);
  const touch = touchRateBeforeSwap(f);
  take('touchMiBPerS', touch && r2(touch.MiBPerS), touch ? `MemFree slope from ${touch.fromT} s to ${touch.toT} s, before the first swap-out` : 'two samples of MemFree between the test\'s start and the first swap-out');
  take('horizonS', Math.floor(f.hostTimeoutS - f.hogStartT), 'host limit − test start');
  take('fileCacheMiB', LAB_FILE_CACHE_MIB, LAB_FILE_CACHE_FROM);
  return { ok: true, params: params as Partial<Params>, taken, notes };
}

/** Keys the model knows among the taken parameters (for tests). */
export const takenKeys = (m: LabMachine): ParamKey[] => (m.ok ? (m.taken.map((t) => t.key) as ParamKey[]) : []);
