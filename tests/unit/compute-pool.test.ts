import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WidgetDefinition } from '../../src/widgets/definition.ts';

// The browser's worker pool (src/client/compute.ts) against stand-in workers
// that answer only when the test says so: which work is sent, which is
// dropped unrun, which is shared, and what look-ahead may use.
interface Sent { id: number; widget: string; values?: Record<string, unknown>; scenario?: { kernel: string } }

class FakeWorker {
  static all: FakeWorker[] = [];
  sent: Sent[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(message: Sent): void {
    this.sent.push(message);
  }
  terminate(): void {}
  /** Answers the last message sent to this worker. */
  answer(result: unknown): void {
    const last = this.sent[this.sent.length - 1]!;
    this.onmessage?.({ data: { id: last.id, result } });
  }
}

type Compute = typeof import('../../src/client/compute.ts');
let compute: Compute;

beforeEach(async () => {
  vi.resetModules();
  FakeWorker.all = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
  compute = await import('../../src/client/compute.ts');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const widget = (id: string, extra: Partial<WidgetDefinition<unknown>> = {}): WidgetDefinition<unknown> => ({
  id,
  controls: [],
  heavy: true,
  compute: () => {
    throw new Error('a heavy widget computes in a worker');
  },
  figure: () => {
    throw new Error('not drawn here');
  },
  summary: () => '',
  ...extra,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const sentEverywhere = () => FakeWorker.all.flatMap((w) => w.sent);

describe('the worker pool', () => {
  it('has two workers; a request waiting for a busy pool is dropped unrun when the same slot asks again', async () => {
    const def = widget('w');
    const a = compute.computeFor('fig', def, { seed: 1 });
    const pinned = compute.computeFor('fig#pinned', def, { seed: 9 });
    const b = compute.computeFor('fig', def, { seed: 2 });
    const c = compute.computeFor('fig', def, { seed: 3 });
    expect(FakeWorker.all).toHaveLength(2);
    // Seed 1 and the pinned seed 9 run; seed 2 waited and was superseded by seed 3 before it was sent.
    expect(sentEverywhere().map((m) => m.values?.seed)).toEqual([1, 9]);
    expect(await b).toBe(compute.SUPERSEDED);
    FakeWorker.all[0]!.answer('one');
    await settle();
    expect(await a).toBe(compute.SUPERSEDED);
    expect(FakeWorker.all[0]!.sent.map((m) => m.values?.seed)).toEqual([1, 3]);
    FakeWorker.all[0]!.answer('three');
    FakeWorker.all[1]!.answer('nine');
    expect(await c).toBe('three');
    expect(await pinned).toBe('nine');
  });

  it('computes a result once for every caller, and serves it from the cache afterwards', async () => {
    const def = widget('w');
    const now = compute.computeFor('fig', def, { seed: 4 });
    const pinned = compute.computeFor('fig#pinned', def, { seed: 4 });
    expect(sentEverywhere()).toHaveLength(1);
    FakeWorker.all[0]!.answer('four');
    expect([await now, await pinned]).toEqual(['four', 'four']);
    expect(await compute.computeFor('fig', def, { seed: 4 })).toBe('four');
    expect(compute.lastSource.get('fig')).toBe('cache');
    expect(sentEverywhere()).toHaveLength(1);
  });

  it("spreads a run plan's runs over both workers and joins them in order", async () => {
    const def = widget('plan', {
      runs: {
        scenarios: (values) => ['v4.6', 'v4.7-rc6', 'v4.8'].map((kernel) => ({ kernel, seed: values.seed }) as never),
        keep: (run) => run,
        join: (_values, runs) => runs.join(' | '),
      },
    });
    const result = compute.computeFor('fig', def, { seed: 1 });
    expect(FakeWorker.all.map((w) => w.sent.map((m) => m.scenario?.kernel))).toEqual([['v4.6'], ['v4.7-rc6']]);
    FakeWorker.all[1]!.answer('B');
    await settle();
    expect(FakeWorker.all[1]!.sent.map((m) => m.scenario?.kernel)).toEqual(['v4.7-rc6', 'v4.8']);
    FakeWorker.all[1]!.answer('C');
    FakeWorker.all[0]!.answer('A');
    expect(await result).toBe('A | B | C');
    expect(compute.lastSource.get('fig')).toBe('model');
  });

  it("reports a plan's runs as they finish, in plan order, and knows when a state is cached", async () => {
    const def = widget('progress', {
      runs: {
        scenarios: (values) => ['v4.6', 'v4.7-rc6', 'v4.8'].map((kernel) => ({ kernel, seed: values.seed }) as never),
        keep: (run) => run,
        join: (_values, runs) => runs.join(' | '),
      },
    });
    const seen: unknown[][] = [];
    expect(compute.isCached(def, { seed: 1 })).toBe(false);
    const result = compute.computeFor('fig', def, { seed: 1 }, (runs) => seen.push(Array.from(runs)));
    FakeWorker.all[1]!.answer('B');
    await settle();
    expect(seen).toEqual([[undefined, 'B', undefined]]);
    FakeWorker.all[0]!.answer('A');
    await settle();
    FakeWorker.all[1]!.answer('C');
    expect(await result).toBe('A | B | C');
    expect(seen.slice(1)).toEqual([['A', 'B', undefined], ['A', 'B', 'C']]);
    expect(compute.isCached(def, { seed: 1 })).toBe(true);
    // A cached state still hands over its runs (the next state's pending parts show them).
    const again: unknown[][] = [];
    expect(await compute.computeFor('fig', def, { seed: 1 }, (runs) => again.push(Array.from(runs)))).toBe('A | B | C');
    expect(again).toEqual([['A', 'B', 'C']]);
  });

  it('looks ahead only while every worker is idle, and a request for that setting joins it', async () => {
    const def = widget('w');
    const busy = compute.computeFor('fig', def, { seed: 1 });
    compute.computeAhead(def, { seed: 2 });
    // One worker is busy: look-ahead waits.
    expect(sentEverywhere().map((m) => m.values?.seed)).toEqual([1]);
    FakeWorker.all[0]!.answer('one');
    await busy;
    await settle();
    expect(sentEverywhere().map((m) => m.values?.seed)).toEqual([1, 2]);
    const asked = compute.computeFor('fig', def, { seed: 2 });
    expect(compute.lastSource.get('fig')).toBe('joined');
    expect(sentEverywhere()).toHaveLength(2);
    FakeWorker.all.find((w) => w.sent.some((m) => m.values?.seed === 2))!.answer('two');
    expect(await asked).toBe('two');
  });

  it('replaces look-ahead that has not started, and runs real requests first', async () => {
    const def = widget('w');
    const one = compute.computeFor('fig', def, { seed: 1 });
    const other = compute.computeFor('other', def, { seed: 7 });
    compute.computeAhead(def, { seed: 2 });
    compute.computeAhead(def, { seed: 3 });
    const real = compute.computeFor('third', def, { seed: 5 });
    FakeWorker.all[0]!.answer('one');
    await one;
    await settle();
    // The real request takes the free worker; the stale look-ahead (seed 2) is gone.
    const perWorker = () => FakeWorker.all.map((w) => w.sent.map((m) => m.values?.seed));
    expect(perWorker()).toEqual([[1, 5], [7]]);
    FakeWorker.all[0]!.answer('five');
    FakeWorker.all[1]!.answer('seven');
    await Promise.all([real, other]);
    await settle();
    // Look-ahead starts only once both workers are idle.
    expect(perWorker()).toEqual([[1, 5, 3], [7]]);
  });
});
