/**
 * The throttle_vm_writeout stall: pages under writeback against the
 * throttle's limit, kcryptd's rate, and where every actor waited.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { defineSimWidget, runLabel } from '../sim/simWidget.ts';
import { paramControl } from '../sim/controls.ts';
import { PANELS } from '../sim/runFigure.ts';
import type { SelectControl } from '../controls.ts';
import type { WidgetDefinition } from '../definition.ts';
import { stallBars } from './stallBars.ts';

const hzControl: SelectControl = {
  kind: 'select',
  name: 'hz',
  label: 'CONFIG_HZ',
  default: '1000',
  options: ['100', '250', '300', '1000'].map((v) => ({ value: v, label: `${v} Hz` })),
  help: 'Jiffies per second. throttle_vm_writeout sleeps HZ/10 jiffies: 100 ms at every HZ. Not known for the 2016 runs.',
};

const sim = defineSimWidget({
  id: 'throttle-stall',
  base: { kernel: 'v4.7-rc6' },
  controls: [
    paramControl('dirtyRatio', { min: 1, max: 60 }),
    paramControl('fileCacheMiB', { max: 512, step: 8 }),
    paramControl('cpus', { max: 8 }),
    hzControl,
    paramControl('globalDirtyLimitMiB', { max: 1024, step: 2 }),
  ],
  panels: [PANELS.writebackMiB, PANELS.kcryptdReqPerS],
});

const definition: WidgetDefinition<SimResult> = {
  ...sim,
  figure(result, values, doc, compare, options) {
    const root = sim.figure(result, values, doc, compare, options);
    root.append(stallBars(result, doc, 'Where the time went', options?.width));
    if (compare) {
      const title = `Where the time went in the ${compare.label} run`;
      const caption = doc.createElement('p');
      caption.setAttribute('class', 'fp-facet-title');
      caption.textContent = `${title} (${runLabel(compare.result)}):`;
      root.append(caption, stallBars(compare.result, doc, title, options?.width));
    }
    return root;
  },
};

export default definition;
