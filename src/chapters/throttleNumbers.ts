/**
 * Every number the "throttle_vm_writeout stall" chapter states: the dirty
 * threshold of Michal's 14 Jul log worked through the model's own
 * page-writeback twins, and the model's runs of v4.7-rc6.
 */
import { MAY_2016_DMESG, computeWatermarks, totalreservePages, zonesForRam } from '@forward-progress/model';
import { domainDirtyLimits, globalDirtyableMemory, hardDirtyLimit } from '@forward-progress/model/mm/pageWriteback';
import { jiffiesUs } from '@forward-progress/model/sim/trace';
import { DEF_PRIORITY } from '@forward-progress/model/mm/vmscan';
import { describeOutcome } from '@forward-progress/model/report/citation';
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { fmt, provenance, run } from './runs.ts';
import { stallAt } from '../widgets/throttle-stall/stallBars.ts';
import { bootDirtyLimit } from './validationNumbers.ts';
import { LAB_2016 } from './lab2016Outcomes.ts';

/** Michal's reading of Ondrej's sysrq log (14 Jul 2016, 20160714173659.GA29355@dhcp22.suse.cz), in pages. */
export const JULY_14_LOG = { free: 701, activeFile: 1086, inactiveFile: 1103, writeback: 69824, dirty: 0 } as const;

const PAGE_KIB = 4;
const wm = computeWatermarks(zonesForRam(MAY_2016_DMESG.ramMiB), { minFreeKbytes: MAY_2016_DMESG.minFreeKbytes, kernel: 'v4.7-rc6' });
const totalreserve = totalreservePages(wm.watermarks);
const fileLru = JULY_14_LOG.activeFile + JULY_14_LOG.inactiveFile;
const dirtyable = globalDirtyableMemory(JULY_14_LOG.free, fileLru, totalreserve);
const plain = domainDirtyLimits(dirtyable, 20, 10, false);
const less = domainDirtyLimits(dirtyable, 20, 10, true);
const withSlack = (t: number) => t + Math.floor(t / 10);
const limit = withSlack(hardDirtyLimit(0, plain.thresh));
const lessLimit = withSlack(hardDirtyLimit(0, less.thresh));
/** The smallest global dirty_limit whose 110 % reaches the logged writeback. */
const neededDirtyLimit = Math.ceil(JULY_14_LOG.writeback / 1.1);

const base = { kernel: 'v4.7-rc6' };
const r = run(base);
/**
 * A what-if: the global dirty_limit pulled down before the test, as a task
 * writing files would have done through balance_dirty_pages (the model's
 * default keeps the boot value, globalDirtyLimitMiB = 0). 10 MiB is the value
 * earlier versions of the model used by default.
 */
const DECAYED_LIMIT_MIB = 10;
const decayedLimit = { kernel: 'v4.7-rc6', params: { globalDirtyLimitMiB: DECAYED_LIMIT_MIB } };
const rDecayed = run(decayedLimit);
/** v4.6 on the same machine: the kernel on which 2016 saw a kill, not the crawl. */
const v46Input = { kernel: 'v4.6' };
const r46 = run(v46Input);
/** dirty_limit as writeback_set_ratelimit sets it at boot on Ondrej's VM, in pages. */
const boot = bootDirtyLimit('v4.7-rc6');

const r1 = (x: number) => fmt(x, 1);
const maxIdx = (xs: number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0);

function runFacts(result: SimResult) {
  const s = result.series;
  const peak = maxIdx(s.writebackKiB);
  const kcryptdThrottle = stallAt(result, 'kcryptd/', 'throttle_vm_writeout');
  const sampleS = result.scenario.params.sampleMs / 1000;
  const cryptRequests = s.kcryptdReqPerS.reduce((a, b) => a + b, 0) * sampleS;
  const over = s.t.filter((_, i) => s.throttleLimitKiB[i]! > 0 && s.writebackKiB[i]! > s.throttleLimitKiB[i]!).length * sampleS;
  return {
    kind: result.outcome.kind,
    t: r1(result.outcome.t),
    outcome: describeOutcome(result),
    peakWritebackMiB: fmt(s.writebackKiB[peak]! / 1024),
    limitAtPeakMiB: fmt(s.throttleLimitKiB[peak]! / 1024),
    limitAtStartMiB: fmt(s.throttleLimitKiB[0]! / 1024),
    overSeconds: r1(over),
    /** Writeback was over the limit in at least one sample. */
    overAtAll: over > 0,
    kcryptdThrottle: r1(kcryptdThrottle),
    /** kcryptd's seconds in throttle_vm_writeout, unrounded. */
    kcryptdThrottleS: kcryptdThrottle,
    /** Anyone (kcryptd, kswapd or the test program) slept in throttle_vm_writeout at all. */
    throttledAtAll: Object.values(result.stalls).some((sites) => (sites.throttle_vm_writeout ?? 0) > 0),
    kswapdThrottle: r1(stallAt(result, 'kswapd', 'throttle_vm_writeout')),
    testThrottle: r1(stallAt(result, 'test', 'throttle_vm_writeout')),
    kcryptdSleeps: fmt(Math.round(kcryptdThrottle / 0.1)),
    cryptRequests: fmt(Math.round(cryptRequests)),
    sleepsPerThousand: fmt((1000 * kcryptdThrottle) / 0.1 / Math.max(1, cryptRequests), 1),
    medianReqPerS: fmt(result.summary.kcryptdReqPerSMedian),
    meanReqPerS: fmt(cryptRequests / Math.max(1, result.outcome.t)),
    minutes: fmt(result.outcome.t / 60, 1),
    sampleS: fmt(sampleS, 1),
    bioAllocLockS: stallAt(result, 'kcryptd/', 'bio_alloc_lock'),
    bioAllocLock: r1(stallAt(result, 'kcryptd/', 'bio_alloc_lock')),
    /** "completes at 632.0 s" / "is OOM-killed at …" / "is still not done at the 1,800.0 s horizon". */
    verdict: result.outcome.kind === 'completed' ? `completes at ${r1(result.outcome.t)} s`
      : result.outcome.kind === 'oom-kill' ? `is OOM-killed at ${r1(result.outcome.t)} s`
      : `is still not done at the ${r1(result.outcome.t)} s horizon`,
  };
}

const zones = zonesForRam(MAY_2016_DMESG.ramMiB).map((z) => z.name);
const passes = DEF_PRIORITY + 1;
const memcgs = r.scenario.params.memcgs;

/**
 * How many times one call of try_to_free_pages can reach throttle_vm_writeout
 * (once per zone per memcg visited), as do_try_to_free_pages and shrink_zones
 * have it in 4.6.2/4.7.4 (mm/vmscan.c): the priority loop stops after a pass
 * that brings nr_reclaimed to 32; a call that reclaims nothing sweeps
 * DEF_PRIORITY..0 a second time with may_thrash set; below DEF_PRIORITY a zone
 * that is not zone_reclaimable is skipped ("Let kswapd poll it").
 */
const perPass = zones.length * memcgs;
const reclaimCalls = {
  /** The count this chapter used to give: one sweep, every zone visited at every priority. */
  oneSweep: perPass * passes,
  /** Nothing reclaimed, every zone still zone_reclaimable: two full sweeps. */
  upper: 2 * perPass * passes,
  /** Nothing reclaimed, no zone zone_reclaimable: only the DEF_PRIORITY pass of each sweep visits the zones. */
  skipped: 2 * perPass,
  /** 32 pages reclaimed in the first pass (or some pages, and no zone reclaimable): one pass. */
  onePass: perPass,
};
/** A worker's requests per second if every request's allocation makes one such reclaim call and each nap lasts the full HZ/10. */
const rate = (sleeps: number) => fmt(10 / sleeps, 2);

export const t = {
  fmt,
  zones: zones.join(' and '),
  zoneCount: zones.length,
  passes,
  memcgs,
  perPass,
  sleeps: {
    oneSweep: fmt(reclaimCalls.oneSweep),
    upper: fmt(reclaimCalls.upper),
    upperS: fmt(reclaimCalls.upper / 10, 1),
    skipped: fmt(reclaimCalls.skipped),
    skippedS: fmt(reclaimCalls.skipped / 10, 1),
    onePass: fmt(reclaimCalls.onePass),
    onePassS: fmt(reclaimCalls.onePass / 10, 1),
  },
  rates: {
    upper: rate(reclaimCalls.upper),
    skipped: rate(reclaimCalls.skipped),
    onePass: rate(reclaimCalls.onePass),
  },
  totalreserve: fmt(totalreserve),
  fileLru: fmt(fileLru),
  free: fmt(JULY_14_LOG.free),
  writeback: fmt(JULY_14_LOG.writeback),
  writebackMiB: fmt((JULY_14_LOG.writeback * PAGE_KIB) / 1024),
  dirtyable: fmt(dirtyable),
  thresh: fmt(plain.thresh),
  limit: fmt(limit),
  limitKiB: fmt(limit * PAGE_KIB),
  lessLimit: fmt(lessLimit),
  times: fmt(Math.floor(JULY_14_LOG.writeback / limit)),
  neededDirtyLimit: fmt(neededDirtyLimit),
  neededDirtyLimitMiB: fmt((neededDirtyLimit * PAGE_KIB) / 1024),
  sleepMs: Object.fromEntries([100, 250, 300, 1000].map((hz) => [hz, fmt(jiffiesUs({ hz }, hz / 10) / 1000)])) as Record<number, string>,
  run: runFacts(r),
  decayed: runFacts(rDecayed),
  v46: runFacts(r46),
  v46Input,
  decayedLimitMiB: fmt(DECAYED_LIMIT_MIB),
  decayedInput: decayedLimit,
  /** The boot dirty_limit, and a thirty-second of it: what PF_LESS_THROTTLE adds from v4.7 on. */
  bootDirtyLimit: fmt(boot.pages),
  bootDirtyLimitMiB: boot.mib,
  bootLimitThirtySecond: fmt(Math.floor(boot.pages / 32)),
  /** 110 % of the boot limit, against the 14 July writeback: does the log's writeback exceed it? */
  bootThrottleLimit: fmt(withSlack(boot.pages)),
  bootThrottles: JULY_14_LOG.writeback > withSlack(boot.pages),
  memcgWord: memcgs === 1 ? 'memory cgroup' : 'memory cgroups',
  /** "one memory cgroup, the root" / "3 memory cgroups". */
  memcgPhrase: memcgs === 1 ? 'one memory cgroup, the root' : `${fmt(memcgs)} memory cgroups`,
  base: provenance(base),
};

/** What the default run says beside Ondrej's v4.7-rc6, in words that follow the outcome. */
export function against2016(): string {
  const x = t.run;
  if (x.kind === 'livelock') return `Here the model agrees with what Ondrej saw on v4.7-rc6: the test is not done when the run reaches its ${x.t} s horizon, and kcryptd finishes on average ${x.meanReqPerS} requests a second.`;
  if (x.kind === 'oom-kill') return `Here the model and 2016 part ways: Ondrej's v4.7-rc6 crawled for dozens of minutes without an OOM kill, and the model's run ends in one. We do not tune the model until it agrees.`;
  if (r.outcome.t >= 300) return `Here the model crawls as Ondrej's machine did, though it does reach the end: the test takes ${x.t} s, about ${x.minutes} minutes, where 2016 reported "dozens of minutes" and did not wait for the end. Over the run kcryptd finishes on average ${x.meanReqPerS} requests a second, and in half of the ${x.sampleS} s samples it finishes ${x.medianReqPerS === '0' ? 'none at all' : `${x.medianReqPerS} or fewer`}.`;
  const lab = LAB_2016.v47rc;
  const throttled = stallAt(r, 'kcryptd/', 'throttle_vm_writeout') > 0
    ? `Its kcryptd workers do reach throttle_vm_writeout, ${x.kcryptdThrottle} s in all, but not often enough to hold the test back.`
    : 'Its kcryptd workers never reach throttle_vm_writeout.';
  const real = lab.froze
    ? ` The real kernel sides with 2016. In the project's lab, Linux 4.7.4 with f9054c70 put back (v4.7-rc6's mempool_alloc) ${lab.words} (run ${lab.run}).${lab.kcryptdThrottled ? ' Its task dumps show a kcryptd worker asleep in throttle_vm_writeout under a slab allocation, as in the 2016 traces.' : ''} So the model lacks something that kept the real worker in reclaim; the Model page lists the first candidates: dm-crypt's per-sector cost, SLUB's rule for freeing slabs, and the file working set the model takes to be in use and never freed.`
    : ` In the lab, Linux 4.7.4 with f9054c70 put back ${lab.words} (run ${lab.run}).`;
  return `Here the model and 2016 part ways. Ondrej's v4.7-rc6 "livelocks for dozens minutes"; the model's run finishes in ${x.t} s. ${throttled}${real} We do not tune the model until it reproduces the crawl.`;
}
