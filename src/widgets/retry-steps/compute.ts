/**
 * should_reclaim_retry on explicit numbers: the model's own twin
 * (models/src/mm/pageAlloc.ts), called on one zone the reader sets up, once
 * for the chosen no_progress_loops (with the steps it records) and once per
 * loop 0..17 as if reclaim never made progress, to show where it gives up.
 */
import { shouldReclaimRetry, type RetryZone } from '@forward-progress/model/mm/pageAlloc';
import { ALLOC_CPUSET, ALLOC_WMARK_MIN } from '@forward-progress/model/mm/flags';
import { computeWatermarks, MAY_2016_DMESG, zonesForRam } from '@forward-progress/model/mm/watermarks';
import { elixirUrl, sourceLabel } from '@forward-progress/model/kernel/versions';
import type { TraceStep } from '@forward-progress/model/runtime/trace';
import type { ControlValues } from '../controls.ts';

export const MAX_LOOPS_SHOWN = 17;

/** DMA32's min watermark on Ondrej's VM, as the model computes it for the May 2016 dmesg's min_free_kbytes. */
export const DMA32_MIN = computeWatermarks(zonesForRam(MAY_2016_DMESG.ramMiB), { minFreeKbytes: MAY_2016_DMESG.minFreeKbytes, kernel: 'v4.7-rc6' })
  .watermarks.find((z) => z.name === 'DMA32')!.min;

/** From the sysrq log of 14 July 2016 as Michal read it (20160714173659.GA29355@dhcp22.suse.cz), in pages. */
export const JULY_14 = { free: 701, reclaimable: 107874 + 108176 + 1086 + 1103, writeback: 69824, dirty: 0 } as const;

export type Verdict = 'congestion_wait' | 'retry' | 'jiffy' | 'give up';

export interface LoopRow {
  loop: number;
  /** free + reclaimable less loop/16 of it (rounded up), as the twin weighs it. */
  available: number;
  verdict: Verdict;
}

export interface RetryStepsResult {
  zone: RetryZone;
  loops: number;
  progress: boolean;
  verdict: Verdict;
  steps: { say: string; url: string; source: string }[];
  rows: LoopRow[];
  /** The first loop at which the twin stops retrying when no loop makes progress. */
  givesUpAt: number;
}

const verdictOf = (d: ReturnType<typeof shouldReclaimRetry>): Verdict => (!d.retry ? 'give up' : d.sleep === 'congestion_wait' ? 'congestion_wait' : d.sleep === 'jiffy' ? 'jiffy' : 'retry');

function call(zone: RetryZone, loops: number, progress: boolean, trace: TraceStep[] | null) {
  const ctx = { tree: 'v4.7-rc6' as const, trace, task: { name: 'test', pf: 0, memdie: false, cpuDebtUs: 0 } };
  return shouldReclaimRetry(ctx, [zone], ALLOC_WMARK_MIN | ALLOC_CPUSET, progress, loops);
}

/** The estimate the twin weighs at a given loop (checked against the twin's own trace in the tests). */
export function availableAt(zone: RetryZone, loop: number): number {
  return zone.reclaimable - Math.ceil((loop * zone.reclaimable) / 16) + zone.free;
}

export function computeRetrySteps(values: ControlValues): RetryStepsResult {
  const zone: RetryZone = {
    name: 'DMA32',
    free: Number(values.free),
    min: DMA32_MIN,
    lowmemReserve: [0],
    reclaimable: Number(values.reclaimable),
    writeback: Number(values.writeback),
    dirty: Number(values.dirty),
  };
  const loops = Number(values.loops);
  const progress = Boolean(values.progress);
  const trace: TraceStep[] = [];
  const verdict = verdictOf(call(zone, loops, progress, trace));
  const rows: LoopRow[] = [];
  for (let loop = 0; loop <= MAX_LOOPS_SHOWN; loop++) rows.push({ loop, available: Math.max(0, availableAt(zone, loop)), verdict: verdictOf(call(zone, loop, false, null)) });
  const givesUpAt = rows.find((r) => r.verdict === 'give up')?.loop ?? MAX_LOOPS_SHOWN;
  return {
    zone, loops, progress, verdict, rows, givesUpAt,
    steps: trace.map((s) => ({ say: s.say, url: elixirUrl(s.ref), source: sourceLabel(s.ref) })),
  };
}
