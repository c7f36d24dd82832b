/** One sentence: the twin's verdict at the reader's loop, and where it gives up without progress. */
import type { RetryStepsResult, Verdict } from './compute.ts';

const fmt = (n: number) => n.toLocaleString('en-US');
const SAY: Record<Verdict, string> = {
  'congestion_wait': 'retry after a congestion_wait(HZ/10) sleep',
  retry: 'retry at once',
  jiffy: 'retry after a one-jiffy sleep',
  'give up': 'stop retrying and go on to the OOM killer',
};

export function retryStepsSummary(r: RetryStepsResult): string {
  return `At no_progress_loops ${r.loops}${r.progress ? ' after a loop with progress' : ' without progress'}, with ${fmt(r.zone.free)} free, ${fmt(r.zone.reclaimable)} reclaimable and ${fmt(r.zone.writeback + r.zone.dirty)} dirty or under writeback (pages), should_reclaim_retry decides to ${SAY[r.verdict]}; `
    + `if no loop makes progress it gives up at loop ${r.givesUpAt}.`;
}
