import { describe, expect, it } from 'vitest';
import rework from '../../src/widgets/oom-rework/definition.ts';
import { reworkSummary } from '../../src/widgets/oom-rework/summary.ts';
import today from '../../src/widgets/today/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';

const context = { siteUrl: 'https://example.org/', page: 'oom-rework/', anchor: 'fig-oom-rework' };

describe('the summary of a comparison (oom-rework: seed 1 pinned, seed 2 now)', () => {
  const pinnedValues = defaultValues(rework.controls);
  const values = { ...pinnedValues, seed: 2 };
  const pinned = rework.compute(pinnedValues);
  const result = rework.compute(values);
  const compare = { result: pinned, values: pinnedValues, label: 'pinned' };

  it('names the changed setting, then each kernel pinned → now', () => {
    const summary = rework.summary(result, values, compare);
    expect(summary.startsWith('Pinned → now (Seed: 1 → 2): ')).toBe(true);
    pinned.runs.forEach((before, k) => {
      const now = result.runs[k]!;
      expect(before.short).not.toBe(now.short);
      expect(summary).toContain(`${now.kernel}: ${before.short} → ${now.short}`);
    });
    expect(summary).toMatch(/^Pinned → now \(Seed: 1 → 2\): v4\.6: [^;]+ → [^;]+; v4\.7-rc6: [^;]+ → [^;]+\.$/);
  });

  it('leaves the summary and the citation without a comparison as they were', () => {
    expect(rework.summary(result, values)).toBe(reworkSummary(result));
    const cite = rework.cite!(result, values, context);
    expect(cite.startsWith('Forward Progress: v4.6 against v4.7-rc6, same seed')).toBe(true);
    const both = rework.cite!(result, values, context, compare);
    expect(both).toContain('Changed: Seed: 1 -> 2');
    expect(both).toContain(`    now ${result.runs[0]!.scenarioId}: ${result.runs[0]!.command}`);
    expect(both).toContain(`    pinned ${pinned.runs[0]!.scenarioId}: ${pinned.runs[0]!.command}`);
  });
});

describe('the summary of a comparison of recorded runs (today: 6.1 pinned, 6.12 now)', () => {
  it('names each recording and how it ended', async () => {
    const pinnedValues = defaultValues(today.controls);
    const values = { ...pinnedValues, kernel: '6.12' };
    const summary = today.summary(await today.compute(values), values, { result: await today.compute(pinnedValues), values: pinnedValues, label: 'pinned' });
    expect(summary).toBe('Pinned → now (Kernel: Debian 12: 6.1 → Debian 13: 6.12): recorded run: 6.1 dm-crypt run 1, completed in 216.2 s → 6.12 dm-crypt run 1, completed in 152.5 s.');
  });
});

describe('the comparison of the writeout figure pairs the kernel beside v4.6 by its slot', () => {
  it('says which kernel filled the slot before and after', async () => {
    const { default: writeout } = await import('../../src/widgets/writeout/definition.ts');
    const pinnedValues = defaultValues(writeout.controls);
    const values = { ...pinnedValues, beside: 'v4.9' };
    const summary = writeout.summary(writeout.compute(values), values, { result: writeout.compute(pinnedValues), values: pinnedValues, label: 'pinned' });
    expect(summary).toMatch(/^Pinned → now \(Kernel beside v4\.6: v4\.8 → v4\.9\): v4\.6: .+ \(both\); beside v4\.6: v4\.8, .+ → v4\.9, .+\.$/);
  });
});
