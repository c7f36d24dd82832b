import { describe, expect, it } from 'vitest';
import definition from '../../src/widgets/watermarks/definition.ts';
import { defaultValues } from '../../src/widgets/controls.ts';
import { ssrDocument } from '../../src/figures/ssr.ts';
import { expectSvgSnapshot } from './snapshot.ts';

describe('watermark ladder figure', () => {
  const values = defaultValues(definition.controls);

  it('draws the default scenario as before', () => {
    const figure = definition.figure(definition.compute(values), values, ssrDocument());
    expectSvgSnapshot('watermarks-default', figure.outerHTML);
  });

  it('draws a narrow copy for phones with short labels', () => {
    const figure = definition.figure(definition.compute(values), values, ssrDocument(), undefined, { width: 360 });
    expect(figure.querySelector('svg')!.getAttribute('width')).toBe('360');
    expect(figure.textContent).toContain('GFP_ATOMIC');
    expect(figure.textContent).not.toContain('GFP_ATOMIC (HIGH + HARDER)');
    expectSvgSnapshot('watermarks-narrow', figure.outerHTML);
  });

  it('draws a 4 GiB machine with three zones as before', () => {
    const big = { ...values, ramMiB: 4096, deriveMinFree: true };
    const figure = definition.figure(definition.compute(big), big, ssrDocument());
    expect(figure.querySelectorAll('svg')).toHaveLength(3);
    expectSvgSnapshot('watermarks-4g-derived', figure.outerHTML);
  });

  it('is one accessible image per zone whose label states the marks', () => {
    const figure = definition.figure(definition.compute(values), values, ssrDocument());
    const svgs = Array.from(figure.querySelectorAll('svg'));
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.querySelectorAll('g[aria-label]:not([aria-hidden="true"])')).toHaveLength(0);
    }
    expect(svgs[0]!.getAttribute('aria-label')).toMatch(/^DMA32 watermark ladder: min 957, low 1,206, high 1,455 pages/);
  });

  it('states the result in one sentence', () => {
    expect(definition.summary(definition.compute(values), values)).toMatch(
      /DMA32 \(249,600 pages\) gets min 957, low 1,206 and high 1,455 pages \(3,828\/4,824\/5,820 kB\)/,
    );
  });
});

describe('watermark citation', () => {
  it('prints the zones and a command whose output has the same marks', async () => {
    const { spawnSync } = await import('node:child_process');
    const values = { ...defaultValues(definition.controls), ramMiB: 2048, watermarkScaleFactor: 50 };
    const result = definition.compute(values);
    const text = definition.cite!(result, values, { siteUrl: 'https://example.org/', page: 'watermarks-and-reserves/', anchor: 'fig-watermark-ladder' });
    for (const line of text.split('\n')) if (!line.startsWith('Link: ')) expect(line.length).toBeLessThanOrEqual(72);
    const command = /^Reproduce: npx fpsim ([\s\S]+)$/m.exec(text)![1]!.replace(/\s*\\\n\s*/g, ' ').trim().split(' ');
    const cli = JSON.parse(spawnSync(process.execPath, ['models/cli/fpsim.mjs', ...command, '--format', 'json'], { encoding: 'utf8' }).stdout);
    expect(cli.zones.map((z: { min: number; low: number; high: number }) => [z.min, z.low, z.high]))
      .toEqual(result.watermarks.map((z) => [z.min, z.low, z.high]));
    expect(text).toContain('Link: https://example.org/watermarks-and-reserves/?ramMiB=2048&watermarkScaleFactor=50#fig-watermark-ladder');
  });
});
