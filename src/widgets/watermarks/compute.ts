import { computeWatermarks, reserveLadders, zonesForRam } from '@forward-progress/model';
import type { ControlValues } from '../controls.ts';

export type WatermarkResult = ReturnType<typeof computeWatermarkResult>;

/** RAM and tunables → zones, their marks, and how deep each context may dig. */
export function computeWatermarkResult(values: ControlValues) {
  const zones = zonesForRam(Number(values.ramMiB));
  const { setup, watermarks } = computeWatermarks(zones, {
    minFreeKbytes: values.deriveMinFree ? undefined : Number(values.minFreeKbytes),
    watermarkScaleFactor: Number(values.watermarkScaleFactor),
    kernel: String(values.kernel),
  });
  return { setup, watermarks, ladders: reserveLadders(watermarks) };
}
