/**
 * A trace keeps the events that carry a run's story (the OOM kill, the end of
 * the fill, the result) however many allocation failures came before them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keptEvents, MAX_EVENTS } from '../../lab/parse/keptEvents.js';
import type { EventKind, LabEvent, Trace } from '../../lab/parse/types.js';

const ev = (t: number, kind: EventKind): LabEvent => ({ t, kind, text: kind });
const trace = (run: string): Trace => JSON.parse(readFileSync(`content/data/lab-2016/${run}.json`, 'utf8')) as Trace;

describe('keptEvents', () => {
  it('keeps every story event after a flood of allocation failures, and counts what it left out', () => {
    const all = [ev(1, 'init'), ev(2, 'hog-start'), ...Array.from({ length: 100 }, (_, i) => ev(3 + i / 1000, 'alloc-failure')), ev(59, 'oom-invoked'), ev(59.1, 'oom-kill'), ev(64, 'result')];
    const { events, omitted } = keptEvents(all);
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events.map((e) => e.kind).filter((k) => k !== 'alloc-failure')).toEqual(['init', 'hog-start', 'oom-invoked', 'oom-kill', 'result']);
    // the failures kept are the first ones, and the order is the log's
    expect(events[2]?.t).toBe(3);
    expect(events.map((e) => e.t)).toEqual([...events.map((e) => e.t)].sort((a, b) => a - b));
    expect(omitted).toEqual({ 'alloc-failure': 100 - (MAX_EVENTS - 5) });
  });

  it('keeps everything when there is room', () => {
    const all = [ev(1, 'init'), ev(2, 'hung-task'), ev(3, 'result')];
    expect(keptEvents(all)).toEqual({ events: all, omitted: {} });
  });

  it('keeps the story events even when they alone pass the budget', () => {
    const all = [...Array.from({ length: 5 }, (_, i) => ev(i, 'watchdog')), ev(9, 'alloc-failure')];
    const { events, omitted } = keptEvents(all, 3);
    expect(events.map((e) => e.kind)).toEqual(Array(5).fill('watchdog'));
    expect(omitted).toEqual({ 'alloc-failure': 1 });
  });
});

describe('the committed traces keep their story', () => {
  it('4.7.4-f9054c70 with the collector, r1: the OOM kill (by an order-2 allocation of kthreadd) is in the trace after dozens of allocation failures', () => {
    const t = trace('4.7.4-f9054c70-crypt-writer-r1');
    const invoked = t.events.find((e) => e.kind === 'oom-invoked');
    expect(invoked?.t).toBeCloseTo(59.35, 2);
    expect(invoked?.text).toMatch(/^kthreadd invoked oom-killer: .*order=2/);
    expect(t.events.some((e) => e.kind === 'oom-kill')).toBe(true);
    const keptFailures = t.events.filter((e) => e.kind === 'alloc-failure').length;
    expect(keptFailures + (t.eventsOmitted?.['alloc-failure'] ?? 0)).toBe(t.metrics.allocFailures);
    expect(t.metrics.allocFailures).toBeGreaterThan(MAX_EVENTS);
  });

  it('4.7.4-f9054c70 r2 and r3: the end of the fill and the result are in the trace', () => {
    for (const run of ['4.7.4-f9054c70-crypt-r2', '4.7.4-f9054c70-crypt-r3']) {
      const kinds = trace(run).events.map((e) => e.kind);
      expect(kinds, run).toContain('fill-done');
      expect(kinds, run).toContain('result');
    }
  });
});
