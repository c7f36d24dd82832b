import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/retry-steps/definition.ts';
import { availableAt, computeRetrySteps, JULY_14 } from '../../src/widgets/retry-steps/compute.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('should_reclaim_retry step-through', () => {
  const values = defaultValues(definition.controls);
  const result = definition.compute(values);

  it('draws the July 14 numbers as before', () => {
    expectSvgSnapshot('retry-steps-default', definition.figure(result, values, ssrDocument()).outerHTML);
  });

  it('records the twin\'s steps, each linked to elixir', () => {
    expect(result.steps.length).toBeGreaterThan(0);
    for (const s of result.steps) expect(s.url).toMatch(/^https:\/\/elixir\.bootlin\.com\/linux\/v4\.7-rc6\/source\/mm\/page_alloc\.c#L\d+$/);
  });

  it('weighs the same estimate as the twin says it does', () => {
    for (const loops of [0, 5, 8, 15, 16]) {
      const r = computeRetrySteps({ ...values, loops });
      const said = r.steps.map((s) => s.say).join(' ');
      expect(said).toMatch(new RegExp(`(available |\\()${availableAt(r.zone, loops)}\\b`));
    }
  });

  it('gives up after at most 16 loops without progress, and the estimate halves by loop 8', () => {
    expect(result.givesUpAt).toBeLessThanOrEqual(17);
    expect(result.rows.find((r) => r.loop === 17)!.verdict).toBe('give up');
    const half = JULY_14.reclaimable / 2 + JULY_14.free;
    expect(Math.abs(result.rows.find((r) => r.loop === 8)!.available - half)).toBeLessThanOrEqual(1);
  });

  it('waits in congestion_wait only when writeback dominates and there was no progress', () => {
    const busy = { ...values, writeback: JULY_14.reclaimable };
    expect(computeRetrySteps(busy).verdict).toBe('congestion_wait');
    expect(computeRetrySteps({ ...busy, progress: true }).verdict).not.toBe('congestion_wait');
    expect(result.verdict).toBe('retry');
  });

  it('is one accessible image and states the verdict', () => {
    const figure = definition.figure(result, values, ssrDocument(), undefined, { width: 360 });
    const svg = figure.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('width')).toBe('360');
    expect(definition.summary(result, values)).toMatch(/^At no_progress_loops 0 without progress, .* should_reclaim_retry decides to retry at once; if no loop makes progress it gives up at loop \d+\.$/);
  });
});

describe('retry step-through citation', () => {
  it('is at most 72 columns and links back to the figure with its settings', async () => {
    const { default: def } = await import('../../src/widgets/retry-steps/definition.ts');
    const { defaultValues } = await import('../../src/widgets/controls.ts');
    const values = { ...defaultValues(def.controls), loops: 9 };
    const text = def.cite!(def.compute(values), values, { siteUrl: 'https://example.org/', page: 'oom-rework/', anchor: 'fig-retry-steps' });
    for (const line of text.split('\n')) if (!line.startsWith('Link: ')) expect(line.length).toBeLessThanOrEqual(72);
    expect(text).toContain('Link: https://example.org/oom-rework/?loops=9#fig-retry-steps');
    expect(text).toMatch(/^Loops: +0:retry/m);
  });
});
