/**
 * Premature OOM in v4.6: one run of the v4.6 kernel, per zone
 * pages_scanned against the 6 × reclaimable gate of zone_reclaimable, the
 * kill (with swap free at that moment), free memory and swap in use.
 */
import type { SimResult } from '@forward-progress/model/sim/simulate';
import { defineSimWidget } from '../sim/simWidget.ts';
import { paramControl } from '../sim/controls.ts';
import { PANELS, type Panel } from '../sim/runFigure.ts';
import type { WidgetDefinition } from '../definition.ts';
import { gateSentence } from './gate.ts';
import { PREMATURE_OOM_DISK } from './disk.ts';

const zonePanel = (zone: string): Panel => ({
  label: `${zone} pages_scanned (thousand pages)`,
  value: (r: SimResult, i: number) => (r.series.zones[zone]?.pagesScanned[i] ?? 0) / 1000,
  reference: { label: `${zone}: 6 × reclaimable`, value: (r: SimResult, i: number) => (r.series.zones[zone]?.reclaimableGate[i] ?? 0) / 1000 },
});

export const prematureOomControls = [
  paramControl('swappiness', { help: 'vm.swappiness: how get_scan_count weighs anonymous against file pages. At 0 reclaim leaves anonymous memory alone while file and free pages stay above the high watermark; the model\'s file pages are a working set it never frees.' }),
  paramControl('cryptMiBPerSPerCpu', { min: 5, max: 5000, step: 5, help: 'How fast one kcryptd worker encrypts. Not known for the 2016 runs.' }),
  paramControl('ramMiB', { min: 512, max: 1280, step: 128, help: 'RAM of the machine; the test still touches 1,536 MiB. Ondrej had 1 GiB.' }),
  paramControl('diskMiBPerS', { min: 4, max: 1000, step: 4, default: PREMATURE_OOM_DISK, help: 'Write bandwidth under dm-crypt. Not known for the 2016 runs.' }),
  paramControl('seed', { max: 100, help: 'Seed of every random stream (disk, cipher and test jitter).' }),
] as const;

const sim = defineSimWidget({
  id: 'premature-oom',
  base: { kernel: 'v4.6' },
  controls: prematureOomControls,
  panels: [zonePanel('DMA32'), zonePanel('DMA'), PANELS.freeMiB, PANELS.swapUsedMiB],
});

const definition: WidgetDefinition<SimResult> = {
  ...sim,
  summary(result, values, compare) {
    const now = gateSentence(result);
    return compare ? `${sim.summary(result, values, compare)} Pinned: ${gateSentence(compare.result)} Now: ${now}` : now;
  },
};

export default definition;
