import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/premature-oom/definition.ts';
import { readGate, gateSentence } from '../../src/widgets/premature-oom/gate.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('premature OOM figure (v4.6, pages_scanned against the gate)', () => {
  const values = defaultValues(definition.controls);
  const result = definition.compute(values);

  it('runs v4.6 with the figure\'s disk speed', () => {
    expect(result.scenario.kernel).toBe('v4.6');
    expect(result.scenario.params.diskMiBPerS).toBe(values.diskMiBPerS);
  });

  it('draws the default run as before', () => {
    expectSvgSnapshot('premature-oom-default', definition.figure(result, values, ssrDocument()).outerHTML);
  });

  it('draws a narrow copy for phones', () => {
    const figure = definition.figure(result, values, ssrDocument(), undefined, { width: 360 });
    expect(figure.querySelector('svg')!.getAttribute('width')).toBe('360');
  });

  it('is one accessible image per panel, both zones with their gate', () => {
    const figure = definition.figure(result, values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.querySelectorAll('g[aria-label]:not([aria-hidden="true"])')).toHaveLength(0);
    }
    expect(svgs[0]!.getAttribute('aria-label')).toMatch(/^DMA32 pages_scanned/);
    expect(svgs[1]!.getAttribute('aria-label')).toMatch(/^DMA pages_scanned/);
  });

  it('states the kill (or its absence) as the run has it', () => {
    const summary = definition.summary(result, values);
    const gate = readGate(result);
    if (result.outcome.kind === 'oom-kill') {
      expect(gate.kill).not.toBeNull();
      expect(summary).toMatch(/^v4\.6: OOM kill at [\d,.]+ s with [\d.]+% of swap free and [\d,]+ KiB free memory/);
      expect(gate.kill!.swapFreePct).toBe(result.oomKills[0]!.swapFreePct);
    } else {
      expect(gate.kill).toBeNull();
      expect(summary).toMatch(/^v4\.6: no OOM kill/);
    }
    expect(summary).toBe(gateSentence(result));
  });

  it('reads the gate from the series: no kill while some zone is below it', () => {
    const gate = readGate(result);
    expect(gate.zones.map((z) => z.zone).sort()).toEqual(Object.keys(result.series.zones).sort());
    for (const z of gate.zones) expect(z.peak).toBeGreaterThanOrEqual(0);
    if (gate.allPastAt === null) expect(result.outcome.kind).not.toBe('oom-kill');
  });

  it('the swappiness slider reaches 0, where v4.6 spins in its retry loop until the event cap ends the run, having swapped nothing', () => {
    const c = definition.controls.find((x) => x.name === 'swappiness')!;
    expect(c.kind === 'range' && c.min).toBe(0);
    // With swappiness 0 no zone's anon list is scanned, so DMA (anon pages only) stays zone_reclaimable
    // and v4.6's allocator retries for ever: the run cannot end on its own, and the cap ends it.
    const r = definition.compute({ ...values, swappiness: 0 });
    expect(r.outcome.kind).toBe('livelock');
    expect(r.outcome.endedBy).toBe('event-cap');
    expect(r.summary.swapOuts).toBe(0);
    expect(r.oomKills).toHaveLength(0);
  }, 60_000);
});
