import { coordinate, type SvgFragment, sequentialColour, svgText } from './svg-fragment.ts';

/** A rows x columns grid of small integers (k per token and layer), darker = larger. */
export function heatmapChart(options: {
  readonly title: string;
  readonly rows: number;
  readonly columns: number;
  /** `[rows * columns]` row-major values. */
  readonly values: ArrayLike<number>;
  readonly rowLabel: (row: number) => string;
  readonly xLabel: string;
  /** Value drawn darkest (values above are clamped). */
  readonly maxValue: number;
  readonly width?: number | undefined;
  /** A label under each column (a token's character); the chart then widens to `labelWidth` per column. */
  readonly columnLabel?: ((column: number) => string) | undefined;
  readonly labelWidth?: number | undefined;
}): SvgFragment {
  const left = 56;
  const top = 20;
  const cellHeight = 14;
  const labelWidth = options.labelWidth ?? 8;
  const width =
    options.columnLabel !== undefined ? left + 70 + options.columns * labelWidth : (options.width ?? 720);
  const cellWidth = (width - left - 70) / Math.max(options.columns, 1);
  const parts = [svgText(0, 12, options.title, { size: 12, weight: 'bold' })];
  for (let row = 0; row < options.rows; row++) {
    const y = top + row * cellHeight;
    parts.push(svgText(left - 4, y + cellHeight - 3, options.rowLabel(row), { anchor: 'end', size: 10 }));
    // One rect per run of equal values keeps the file small for long token axes.
    let start = 0;
    for (let column = 1; column <= options.columns; column++) {
      const value = options.values[row * options.columns + start]!;
      if (column < options.columns && options.values[row * options.columns + column]! === value) continue;
      parts.push(
        `<rect x="${coordinate(left + start * cellWidth)}" y="${coordinate(y)}" width="${coordinate((column - start) * cellWidth)}" height="${cellHeight - 1}" fill="${sequentialColour(value / Math.max(options.maxValue, 1))}"/>`,
      );
      start = column;
    }
  }
  const legendX = left + options.columns * cellWidth + 10;
  for (let value = 0; value <= options.maxValue; value++) {
    const y = top + value * 12;
    parts.push(
      `<rect x="${coordinate(legendX)}" y="${coordinate(y)}" width="10" height="10" fill="${sequentialColour(value / Math.max(options.maxValue, 1))}" stroke="#999999" stroke-width="0.5"/>`,
      svgText(legendX + 14, y + 9, value === options.maxValue ? `${value}+` : String(value), { size: 9 }),
    );
  }
  const gridHeight = options.rows * cellHeight;
  if (options.columnLabel !== undefined) {
    for (let column = 0; column < options.columns; column++)
      parts.push(
        svgText(left + (column + 0.5) * cellWidth, top + gridHeight + 10, options.columnLabel(column), {
          anchor: 'middle',
          size: 9,
        }),
      );
  }
  const labelsHeight = options.columnLabel !== undefined ? 12 : 0;
  const legendHeight = (options.maxValue + 1) * 12;
  const bottom = top + Math.max(gridHeight + labelsHeight, legendHeight);
  parts.push(
    svgText(left + (options.columns * cellWidth) / 2, bottom + 14, options.xLabel, {
      anchor: 'middle',
      size: 10,
    }),
  );
  return { width, height: bottom + 18, content: parts.join('') };
}
