import { describe, expect, it } from 'vitest';
import { widgetLoaders } from '../../src/widgets/registry.ts';
import { readControls } from '../../src/widgets/controls.ts';

// A range input snaps its value to min + k × step: a default off that grid
// would silently become another setting in the browser than at build time
// (and than the Node run a citation names).
describe.each(Object.keys(widgetLoaders))('the %s widget', (id) => {
  it('has every range default on its slider grid, and its defaults read back unchanged', async () => {
    const definition = (await widgetLoaders[id]!()).default;
    for (const c of definition.controls) {
      if (c.kind !== 'range') continue;
      const steps = (c.default - c.min) / c.step;
      expect(Math.abs(steps - Math.round(steps)), `${c.name}: default ${c.default}, min ${c.min}, step ${c.step}`).toBeLessThan(1e-9);
      expect(c.default).toBeGreaterThanOrEqual(c.min);
      expect(c.default).toBeLessThanOrEqual(c.max);
    }
    const { values, notices } = readControls(definition.controls, {});
    expect(notices).toEqual([]);
    expect(values).toEqual(Object.fromEntries(definition.controls.map((c) => [c.name, c.default])));
  });
});
