import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { simulate } from '@forward-progress/model/sim/simulate';
import { queryToScenario } from '@forward-progress/model/scenario/codec';
import { comparisonCitationText, comparisonLine, scenarioDelta } from '@forward-progress/model/report/comparison';
import { comparisonCite, comparisonSummary, digestDiff, settingsDelta } from '../../src/widgets/compare.ts';
import type { ControlSpec } from '../../src/widgets/controls.ts';

const scenario = (query: string) => queryToScenario(query).scenario;
const fpsim = (...args: string[]) =>
  spawnSync(process.execPath, ['models/cli/fpsim.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('what changed between two scenarios', () => {
  it('names a kernel, patches added and removed, and parameters', () => {
    expect(scenarioDelta(scenario('kernel=v4.6'), scenario('kernel=v4.6'))).toEqual([]);
    expect(scenarioDelta(scenario('kernel=v4.6'), scenario('kernel=v4.8&seed=2'))).toEqual(['kernel v4.8', 'seed=2']);
    expect(scenarioDelta(scenario('patch=revert-f9054c70'), scenario('patch=throttle-noretry&diskMiBPerS=60')))
      .toEqual(['+throttle-noretry', '-revert-f9054c70', 'diskMiBPerS=60']);
    // A parameter set back to its default is a change too.
    expect(scenarioDelta(scenario('seed=7'), scenario(''))).toEqual(['seed=1']);
  });
});

describe('the citation of a pinned run and the current one', () => {
  const pinned = simulate(scenario('kernel=v4.6'));
  const current = simulate(scenario('kernel=v4.6&patch=revert-f9054c70'));
  const text = comparisonCitationText(pinned, current, { siteUrl: 'https://example.org/fp/' });

  it('says what changed and how each run ended, in one line for a summary', () => {
    expect(comparisonLine(pinned, current)).toMatch(/^v4\.6: (OOM kill at [\d.,]+ s, \d+% swap free|completed at [\d.,]+ s|livelock, .+) → \+revert-f9054c70: /);
  });

  it('is at most 72 columns but for its link, names both ids, and links to the pair', () => {
    const lines = text.split('\n');
    for (const line of lines) if (!line.startsWith('Link: ')) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines[0]).toMatch(/^Forward Progress comparison fp1-[0-9a-z]{8} -> fp1-[0-9a-z]{8}$/);
    expect(text).toContain('Changed:   +revert-f9054c70');
    expect(text).toContain('Link: https://example.org/fp/lab/?kernel=v4.6&patch=revert-f9054c70&compare=kernel%3Dv4.6#fig-lab');
    expect(text).toMatch(/o pinned, \* now/);
  });

  it('is what `fpsim run --compare QUERY --format text` prints', () => {
    const cli = fpsim('run', '--kernel', 'v4.6', '--patch', 'revert-f9054c70', '--compare', 'kernel=v4.6', '--format', 'text', '--site-url', 'https://example.org/fp/');
    expect(cli.status).toBe(0);
    expect(cli.stdout.trimEnd()).toBe(text);
    const reproduce = text.slice(text.indexOf('Reproduce: ')).replace(/ \\\n\s+/g, ' ');
    expect(reproduce).toBe("Reproduce: npx fpsim run --kernel v4.6 --patch revert-f9054c70 --compare 'kernel=v4.6' --format text");
  });

  it('refuses csv, and warns about a bad compared query instead of failing', () => {
    expect(fpsim('run', '--compare', 'kernel=v4.6', '--format', 'csv').stderr).toMatch(/not csv/);
    const odd = fpsim('run', '--compare', 'kernel=v9.9&ramMiB=1e308', '--format', 'summary');
    expect(odd.status).toBe(0);
    expect(odd.stderr).toMatch(/warning: --compare: /);
  });
});

describe('comparisons of multi-run widgets', () => {
  const controls: ControlSpec[] = [
    { kind: 'range', name: 'seed', label: 'Seed', min: 1, max: 100, step: 1, default: 1 },
    { kind: 'range', name: 'ramMiB', label: 'RAM', min: 512, max: 1280, step: 128, default: 1024, unit: 'MiB' },
  ];

  it('names the settings that differ and each run before and after', () => {
    expect(settingsDelta(controls, { seed: 1, ramMiB: 1024 }, { seed: 2, ramMiB: 1024 })).toEqual(['Seed: 1 → 2']);
    expect(digestDiff(
      [{ label: 'v4.6', outcome: 'OOM kill at 570 s' }, { label: 'v4.8', outcome: 'completed at 98 s' }],
      [{ label: 'v4.6', outcome: 'completed at 120 s' }, { label: 'v4.8', outcome: 'completed at 98 s' }],
    )).toEqual(['v4.6: OOM kill at 570 s → completed at 120 s', 'v4.8: completed at 98 s (both)']);
    expect(comparisonSummary(controls, { result: null, values: { seed: 1, ramMiB: 1024 }, label: 'pinned' }, { seed: 1, ramMiB: 512 },
      [{ label: 'v4.6', outcome: 'OOM kill at 570 s' }], [{ label: 'v4.6', outcome: 'OOM kill at 12 s' }]))
      .toBe('Pinned → now (RAM: 1,024 MiB → 512 MiB): v4.6: OOM kill at 570 s → OOM kill at 12 s.');
  });

  it('cites the pair in ASCII, at most 72 columns: what changed, each run before -> after with both commands, one link', () => {
    const text = comparisonCite(
      controls,
      { values: { seed: 2, ramMiB: 1024 }, digest: [{ label: 'v4.6', outcome: 'completed at 120 s', id: 'fp1-bbbbbbbb', reproduce: 'npx fpsim run --kernel v4.6 --seed 2' }] },
      { values: { seed: 1, ramMiB: 1024 }, digest: [{ label: 'v4.6', outcome: 'OOM kill at 570 s, 85% swap free', id: 'fp1-aaaaaaaa', reproduce: 'npx fpsim run --kernel v4.6' }] },
      { siteUrl: 'https://example.org/fp', page: 'the-incident/', anchor: 'fig-five-kernels', title: 'Five kernels' },
    );
    expect(text).toBe([
      'Forward Progress comparison, pinned -> now: Five kernels',
      '(model forward-progress 0.1.0)',
      'Changed: Seed: 1 -> 2',
      '',
      '  v4.6: OOM kill at 570 s, 85% swap free -> completed at 120 s',
      '    pinned fp1-aaaaaaaa: npx fpsim run --kernel v4.6',
      '    now fp1-bbbbbbbb: npx fpsim run --kernel v4.6 --seed 2',
      '',
      'Link: https://example.org/fp/the-incident/?seed=2&compare=#fig-five-kernels',
    ].join('\n'));
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
  });
});

describe('the data of a comparison', () => {
  it('puts both tables in one, marked now and pinned, with the pinned metadata under pinned. keys', async () => {
    const { withPinned, toCsv } = await import('../../src/widgets/data.ts');
    const now = { meta: { seed: 2 }, columns: ['t_s', 'free'], rows: [[0, 5]] };
    const pinned = { meta: { seed: 1 }, columns: ['t_s', 'free'], rows: [[0, 7]] };
    expect(toCsv(withPinned(now, pinned))).toBe('# seed: 2\n# pinned.seed: 1\nrun,t_s,free\nnow,0,5\npinned,0,7\n');
    // Tables of another shape are not merged.
    expect(withPinned(now, { ...pinned, columns: ['t_s', 'other'] })).toBe(now);
  });
});
