/**
 * An outcome map: one cell per point of a two-parameter sweep, coloured by
 * what the model did there (completed, OOM kill, still going at the horizon).
 */
import * as Plot from '@observablehq/plot';
import type { SweepResult } from '@forward-progress/model/sim/sweep';
import { finishFigure } from './finish.ts';
import { color, plotBase } from './theme.ts';

const OUTCOME_LABEL = { completed: 'completed', 'oom-kill': 'OOM kill', livelock: 'not done at the horizon' } as const;

export function outcomeMapFigure(result: SweepResult, doc: Document, x: string, y: string, title: string): Element {
  const cells = result.points.map((p) => ({
    x: String(p.params[x as keyof typeof p.params]),
    y: String(p.params[y as keyof typeof p.params]),
    outcome: OUTCOME_LABEL[p.outcome],
    label: p.outcome === 'oom-kill' ? `OOM ${Math.round(p.t)}s` : p.outcome === 'completed' ? `${Math.round(p.t)}s` : '…',
  }));
  const svg = Plot.plot({
    ...plotBase,
    document: doc,
    width: 520,
    height: 60 + 34 * new Set(cells.map((c) => c.y)).size,
    marginLeft: 90,
    x: { label: x, domain: [...new Set(cells.map((c) => c.x))] },
    y: { label: y, domain: [...new Set(cells.map((c) => c.y))] },
    color: { domain: Object.values(OUTCOME_LABEL), range: [color.high, color.danger, color.low], legend: true },
    marks: [
      Plot.cell(cells, { x: 'x', y: 'y', fill: 'outcome', inset: 1 }),
      Plot.text(cells, { x: 'x', y: 'y', text: 'label', fill: 'var(--fp-on-fill)', fontSize: 10 }),
    ],
  }) as unknown as Element;
  return finishFigure(svg, `${title}: ${cells.map((c) => `${x} ${c.x}, ${y} ${c.y}: ${c.outcome}`).join('; ')}.`);
}
