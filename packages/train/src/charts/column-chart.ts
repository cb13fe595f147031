import { drawChartFrame } from './chart-frame.ts';
import { categoryColour, coordinate, type SvgFragment, svgText } from './svg-fragment.ts';

/** One named series with a value per category (NaN draws no column). */
export interface ColumnSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/**
 * Grouped vertical columns from 0: a group per category, a column per series in the series' colour (the
 * shape of the top-p paper's Figure 4, experts per token by layer, and of its per-task table).
 */
export function columnChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly categories: readonly string[];
  readonly series: readonly ColumnSeries[];
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}): SvgFragment {
  const parts: string[] = [];
  const frame = drawChartFrame(
    {
      ...options,
      seriesNames: options.series.map((series) => series.name),
      yValues: options.series.flatMap((series) => series.values),
      yFromZero: true,
    },
    parts,
  );
  const groupWidth = frame.plotWidth / Math.max(options.categories.length, 1);
  const columnWidth = (groupWidth * 0.8) / Math.max(options.series.length, 1);
  const baseline = frame.py(0);
  options.categories.forEach((category, at) => {
    const groupLeft = frame.left + at * groupWidth + groupWidth * 0.1;
    parts.push(
      svgText(groupLeft + groupWidth * 0.4, frame.top + frame.plotHeight + 13, category, {
        anchor: 'middle',
        size: 10,
      }),
    );
    options.series.forEach((series, index) => {
      const value = series.values[at];
      if (value === undefined || !Number.isFinite(value)) return;
      const y = frame.py(value);
      parts.push(
        `<rect x="${coordinate(groupLeft + index * columnWidth)}" y="${coordinate(y)}" width="${coordinate(columnWidth)}" height="${coordinate(Math.max(baseline - y, 0))}" fill="${categoryColour(index)}"/>`,
      );
    });
  });
  return { width: frame.width, height: frame.height, content: parts.join('') };
}
