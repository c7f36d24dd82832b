/**
 * The Lab: every kernel, patch and parameter of the model on one figure.
 * Citations of any simulation widget link here.
 */
import { PARAMS, type ParamKey } from '@forward-progress/model/scenario/params';
import { defineSimWidget } from '../sim/simWidget.ts';
import { kernelControl, paramControl, patchesControl } from '../sim/controls.ts';
import { PANELS } from '../sim/runFigure.ts';

const HIDDEN: readonly string[] = ['sampleMs'];

export default defineSimWidget({
  id: 'lab',
  base: {},
  controls: [
    kernelControl('v4.7-rc6'),
    patchesControl(),
    ...PARAMS.filter((p) => !HIDDEN.includes(p.key)).map((p) => paramControl(p.key as ParamKey)),
  ],
  panels: [PANELS.freeMiB, PANELS.swapUsedMiB, PANELS.writebackMiB, PANELS.kcryptdReqPerS],
});
