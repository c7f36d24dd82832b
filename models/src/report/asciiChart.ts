/**
 * A small ASCII line chart for plain-text citations: fixed width, labelled
 * axes, one character per column, no Unicode.
 */
export interface AsciiChartOptions {
  /** Total width in columns, axis labels included (≤ 72 for mail). */
  width?: number;
  /** Plot rows. */
  height?: number;
  yLabel: string;
  xLabel: string;
  /** Formats axis numbers. */
  format?: (n: number) => string;
}

function niceNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  if (abs >= 100 || Number.isInteger(n)) return n.toFixed(0);
  return n.toFixed(1);
}

/** One line of a chart: its points (x increasing) and the character it is drawn with. */
export interface AsciiSeries {
  xs: readonly number[];
  ys: readonly number[];
  mark: string;
}

/** Draws y over x (same length, x increasing) as lines of text. */
export function asciiChart(xs: readonly number[], ys: readonly number[], options: AsciiChartOptions): string[] {
  return asciiChartOf([{ xs, ys, mark: '*' }], options);
}

/**
 * Draws several series on one pair of axes (the union of their ranges);
 * where two fall on the same cell, the later series' mark wins.
 */
export function asciiChartOf(series: readonly AsciiSeries[], options: AsciiChartOptions): string[] {
  const width = Math.min(72, options.width ?? 72);
  const height = options.height ?? 8;
  const fmt = options.format ?? niceNumber;
  const finite = series.flatMap((s) => s.ys.filter((y) => Number.isFinite(y)));
  const yMax = finite.length ? Math.max(...finite) : 0;
  const yMin = Math.min(0, finite.length ? Math.min(...finite) : 0);
  const top = fmt(yMax);
  const bottom = fmt(yMin);
  const gutter = Math.max(top.length, bottom.length) + 1;
  const cols = Math.max(10, width - gutter - 1);
  const drawn = series.filter((s) => s.xs.length > 0);
  const xMin = drawn.length ? Math.min(...drawn.map((s) => s.xs[0]!)) : 0;
  const xMax = drawn.length ? Math.max(...drawn.map((s) => s.xs[s.xs.length - 1]!)) : 1;
  const grid: string[][] = Array.from({ length: height }, () => new Array<string>(cols).fill(' '));
  for (const { xs, ys, mark } of series) {
    for (let c = 0; c < cols; c++) {
      const x0 = xMin + ((xMax - xMin) * c) / cols;
      const x1 = xMin + ((xMax - xMin) * (c + 1)) / cols;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < xs.length; i++) {
        if (xs[i]! >= x0 && (xs[i]! < x1 || (c === cols - 1 && xs[i]! <= x1)) && Number.isFinite(ys[i]!)) {
          sum += ys[i]!;
          n++;
        }
      }
      if (!n) continue;
      const y = sum / n;
      const span = yMax - yMin || 1;
      const row = height - 1 - Math.round(((y - yMin) / span) * (height - 1));
      grid[row]![c] = mark;
    }
  }
  const lines = grid.map((row, r) => {
    const label = r === 0 ? top : r === height - 1 ? bottom : '';
    return `${label.padStart(gutter - 1)} |${row.join('').trimEnd()}`;
  });
  lines.push(`${' '.repeat(gutter)}+${'-'.repeat(cols)}`);
  const left = fmt(xMin);
  const right = fmt(xMax);
  const xAxis = `${' '.repeat(gutter + 1)}${left}${options.xLabel.padStart(Math.floor((cols + options.xLabel.length) / 2) - left.length)}`;
  lines.push(`${xAxis}${right.padStart(Math.max(1, gutter + 1 + cols - xAxis.length))}`);
  return [`${options.yLabel}`, ...lines];
}
