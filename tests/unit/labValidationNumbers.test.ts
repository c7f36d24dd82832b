/**
 * The model page's story of 4.6.2 on the lab's machine: exactly one of
 * modelFreezeOnLab462 and modelUnfrozenOnLab462 tells it, and every number the
 * unfrozen paragraph prints is what a fresh run of its own scenario gives;
 * the freeze paragraph's reading of a run (freezeInRun), on runs made to
 * order and on a fresh run of the paragraph's own scenario when the model
 * freezes there (it does since it keeps the kernel's two anon lists).
 */
import { describe, expect, it } from 'vitest';
import { freezeInRun, labComparison, modelFreezeOnLab462, modelUnfrozenOnLab462 } from '../../src/chapters/labValidationNumbers.ts';
import { resolveScenario } from '../../models/src/scenario/scenarios.ts';
import { scenarioId } from '../../models/src/scenario/codec.ts';
import { simulate } from '../../models/src/sim/simulate.ts';

describe('the model on a frozen 4.6.2 lab run', () => {
  const freeze = modelFreezeOnLab462();
  const unfrozen = modelUnfrozenOnLab462();

  it('is told by exactly one of the two paragraphs', () => {
    expect((freeze === null) !== (unfrozen === null)).toBe(true);
  });

  it.runIf(unfrozen !== null)("takes a 4.6.2 dm-crypt run on Ondrej's 1 GiB that the model misses, on that run's own machine", () => {
    const u = unfrozen!;
    const row = labComparison().rows.find((r) => r.run === u.run)!;
    expect(row).toMatchObject({ kernelId: '4.6.2', swap: 'crypt', matched: false });
    expect(u.input.params.ramMiB).toBe(1024);
    expect(u.input.params.seed).toBe(1);
    for (const t of row.taken) expect(u.input.params[t.key], t.key).toBe(t.value);
  });

  it.runIf(unfrozen !== null)('prints what a fresh run of its scenario gives: the end, the kcryptd rate and waits, the scenario id', () => {
    const u = unfrozen!;
    const r = simulate(resolveScenario(u.input).scenario);
    expect(u.kind).toBe(r.outcome.kind);
    expect(u.endS).toBe(Math.round(r.outcome.t * 10) / 10);
    const rates = r.series.kcryptdReqPerS;
    expect(u.kcryptdReqPerS).toBe(Math.round(rates.reduce((a, b) => a + b, 0) / rates.length));
    const k = r.stalls['kcryptd/0']!;
    expect(u.kcryptdWaitIffCongestedS).toBe(Math.round((k.wait_iff_congested ?? 0) * 10) / 10);
    expect(u.kcryptdThrottleS).toBe(Math.round((k.throttle_vm_writeout ?? 0) * 10) / 10);
    expect(u.id).toBe(scenarioId(r.scenario, r.model.version));
    // The test's main wait site is a real one, not the CPU or idling.
    expect(u.testSite).not.toMatch(/^(cpu|idle|nothing)$/);
    expect(Object.keys(r.stalls.test!)).toContain(u.testSite);
  });
});

describe('the freeze paragraph, when the model freezes on a 4.6.2 lab machine', () => {
  const freeze = modelFreezeOnLab462();

  it.runIf(freeze !== null)("takes a 4.6.2 dm-crypt run the model misses, on that run's own machine, and prints what a fresh run of its scenario gives", () => {
    const f = freeze!;
    const row = labComparison().rows.find((r) => r.run === f.run)!;
    expect(row).toMatchObject({ kernelId: '4.6.2', swap: 'crypt', matched: false });
    for (const t of row.taken) expect(f.input.params[t.key], t.key).toBe(t.value);
    const r = simulate(resolveScenario(f.input).scenario);
    expect(freezeInRun(r)).toMatchObject({ frozeS: f.frozeS, gateS: f.gateS, resumedS: f.resumedS, endS: f.endS, kind: f.kind });
    // The freeze is left before the run ends, and its gate reading is a share of the gate, 0–100 % when never passed.
    expect(f.resumedS).toBeGreaterThan(f.frozeS);
    if (f.gateS === null) expect(f.gatePeakPct!).toBeLessThan(100);
    expect(f.id).toBe(scenarioId(r.scenario, r.model.version));
  });
});

describe('freezeInRun: the freeze paragraph\'s reading of a run', () => {
  // Samples every 0.5 s; DMA32's gate is the larger one, DMA's scan count passes its own gate at once (a decoy).
  const run = (free: number[], rate: number[], scanned: number[]) => ({
    outcome: { kind: 'completed', t: 30.04 },
    series: {
      t: free.map((_, i) => i / 2),
      freeKiB: free,
      kcryptdReqPerS: rate,
      swapUsedKiB: free.map((_, i) => (i === 0 ? 0 : 4096)),
      zones: {
        DMA: { freeKiB: [], pagesScanned: free.map(() => 999), reclaimableGate: free.map(() => 10) },
        DMA32: { freeKiB: [], pagesScanned: scanned, reclaimableGate: free.map(() => 600) },
      },
    },
  });

  it('finds the first sample with free 0, swap in use and no write completing, the first sample out of it, and the largest zone\'s gate', () => {
    const f = freezeInRun(run([0, 500, 0, 0, 0, 0, 200], [0, 90, 0, 0, 0, 0, 40], [0, 0, 100, 300, 700, 800, 0]));
    // index 0 has free 0 and no writes, but no swap in use: not yet a freeze
    expect(f).toEqual({ frozeS: 1, gateS: 2, resumedS: 3, endS: 30, kind: 'completed' });
  });

  it('counts the gate only from the freeze on, and says null when the scan count never reaches it', () => {
    expect(freezeInRun(run([500, 0, 0, 300], [90, 0, 0, 40], [900, 100, 200, 300]))?.gateS).toBeNull();
  });

  it('is null for a run that never froze, or that froze to its end', () => {
    expect(freezeInRun(run([500, 0, 300], [90, 20, 40], [0, 0, 0]))).toBeNull();
    expect(freezeInRun(run([500, 0, 0], [90, 0, 0], [0, 700, 800]))).toBeNull();
  });
});
