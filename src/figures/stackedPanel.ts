/**
 * Plot options shared by every stack of time panels: one panel per quantity,
 * one shared time axis drawn only under the last panel.
 */
import { plotBase } from './theme.ts';

export interface StackedPanelFrame {
  doc: Document;
  width: number;
  /** The bottom panel carries the time axis and its label. */
  last: boolean;
  xMax: number;
  xLabel: string;
}

export function stackedPanelOptions(frame: StackedPanelFrame) {
  return {
    ...plotBase,
    document: frame.doc,
    width: frame.width,
    height: frame.last ? 150 : 124,
    marginTop: 18,
    marginBottom: frame.last ? 34 : 14,
    x: {
      domain: [0, frame.xMax],
      label: frame.last ? frame.xLabel : null,
      axis: frame.last ? ('bottom' as const) : null,
      grid: true,
      ticks: frame.width < 480 ? 4 : undefined,
    },
  };
}
