/**
 * Which of a log's events a trace keeps. A run in trouble prints the same
 * kernel warning hundreds of times (a 4.7.4 run: 542 allocation failures), so
 * a trace cannot keep them all; but the events that carry the story (the OOM
 * kill, the end of the fill, the result) come after the flood and must not be
 * the ones dropped. So every event of a kind that happens a few times per run
 * is kept, and the repeating kinds share what is left of the budget, first
 * ones first; the trace says how many of each were left out.
 */
import type { EventKind, LabEvent } from './types.js';

/** At most this many events are kept, unless the story events alone are more. */
export const MAX_EVENTS = 40;

/** Kinds a stalled kernel repeats without bound: these are the ones thinned. */
export const REPEATING_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(['alloc-failure', 'hung-task', 'soft-lockup']);

export interface KeptEvents {
  events: LabEvent[];
  /** Events left out, per kind; empty when none was. */
  omitted: Partial<Record<EventKind, number>>;
}

export function keptEvents(all: readonly LabEvent[], max = MAX_EVENTS): KeptEvents {
  const story = all.filter((e) => !REPEATING_KINDS.has(e.kind)).length;
  let room = Math.max(0, max - story);
  const omitted: Partial<Record<EventKind, number>> = {};
  const events: LabEvent[] = [];
  for (const e of all) {
    if (!REPEATING_KINDS.has(e.kind)) events.push(e);
    else if (room > 0) {
      events.push(e);
      room--;
    } else omitted[e.kind] = (omitted[e.kind] ?? 0) + 1;
  }
  return { events, omitted };
}
