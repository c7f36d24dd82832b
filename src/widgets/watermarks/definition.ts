import { defineWidget } from '../definition.ts';
import { watermarkControls } from './controls.ts';
import { computeWatermarkResult } from './compute.ts';
import { watermarkFigure } from './figure.ts';
import { watermarkSummary } from './summary.ts';
import { watermarkCite, watermarkData } from './cite.ts';
import { valuesToQuery } from '../controls.ts';

/** "Watermarks and reserves": RAM and tunables in, each zone's reserve ladder out. */
export default defineWidget({
  id: 'watermarks',
  controls: watermarkControls,
  compute: computeWatermarkResult,
  figure: (result, _values, doc, _compare, options) => watermarkFigure(result, doc, options?.width),
  summary: (result) => watermarkSummary(result),
  cite: (result, values, context) => watermarkCite(result, values, valuesToQuery(watermarkControls, values), context),
  data: watermarkData,
});
