import { drawChartFrame } from './chart-frame.ts';
import {
  categoryColour,
  coordinate,
  niceRangeTicks,
  type SvgFragment,
  svgText,
  tickLabel,
} from './svg-fragment.ts';

/** One named series of `[x, y]` points. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

/**
 * Lines with markers on linear axes, a colour and a legend entry per series (the shape of the top-p
 * paper's Figures 2 and 3: loss vs p, experts per token over training). The y axis fits the values
 * unless `yFromZero`.
 */
export function lineChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly yFromZero?: boolean | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}): SvgFragment {
  const points = options.series.flatMap((series) => series.points);
  const parts: string[] = [];
  const frame = drawChartFrame(
    {
      ...options,
      seriesNames: options.series.map((series) => series.name),
      yValues: points.map((point) => point[1]),
      yFromZero: options.yFromZero ?? false,
    },
    parts,
  );
  const xs = points.map((point) => point[0]).filter(Number.isFinite);
  const xTicks = niceRangeTicks(Math.min(...xs), Math.max(...xs), 6);
  const xMin = xTicks[0]!;
  const xMax = xTicks[xTicks.length - 1]!;
  const px = (x: number): number => frame.left + ((x - xMin) / (xMax - xMin)) * frame.plotWidth;
  for (const tick of xTicks)
    parts.push(
      svgText(px(tick), frame.top + frame.plotHeight + 13, tickLabel(tick), { anchor: 'middle', size: 10 }),
    );
  options.series.forEach((series, index) => {
    const colour = categoryColour(index);
    const drawn = series.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const path = drawn.map(
      ([x, y], at) => `${at === 0 ? 'M' : 'L'}${coordinate(px(x))},${coordinate(frame.py(y))}`,
    );
    if (path.length > 1)
      parts.push(`<path d="${path.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const [x, y] of drawn)
      parts.push(
        `<circle cx="${coordinate(px(x))}" cy="${coordinate(frame.py(y))}" r="2.5" fill="${colour}"/>`,
      );
  });
  return { width: frame.width, height: frame.height, content: parts.join('') };
}
