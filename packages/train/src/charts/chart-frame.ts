import { categoryColour, coordinate, escapeXml, niceRangeTicks, svgText, tickLabel } from './svg-fragment.ts';

/** Where a chart with a legend on the right draws: its size, the plot area and the y scale. */
export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
  readonly plotWidth: number;
  readonly plotHeight: number;
  /** The y pixel of a value. */
  readonly py: (value: number) => number;
}

/**
 * The parts every {@link lineChart} and {@link columnChart} shares: title, y axis with grid lines and
 * ticks (from 0, or fitted to the values), y label, x label and a legend of the series names, so the two
 * charts differ only in how they draw their data.
 */
export function drawChartFrame(
  options: {
    readonly title: string;
    readonly xLabel: string;
    readonly yLabel: string;
    readonly seriesNames: readonly string[];
    readonly yValues: readonly number[];
    readonly yFromZero: boolean;
    readonly width?: number | undefined;
    readonly height?: number | undefined;
  },
  parts: string[],
): ChartFrame {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const left = 56;
  const top = 22;
  const right = 150;
  const bottom = 40;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const finite = options.yValues.filter(Number.isFinite);
  const low = options.yFromZero ? 0 : Math.min(...finite);
  const yTicks = niceRangeTicks(low, Math.max(...finite, low));
  const yMin = yTicks[0]!;
  const yMax = yTicks[yTicks.length - 1]!;
  const py = (value: number): number => top + plotHeight - ((value - yMin) / (yMax - yMin)) * plotHeight;
  parts.push(svgText(0, 13, options.title, { size: 13, weight: 'bold' }));
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${left}" y1="${coordinate(py(tick))}" x2="${coordinate(left + plotWidth)}" y2="${coordinate(py(tick))}" stroke="#e5e5e5"/>`,
      svgText(left - 4, py(tick) + 3, tickLabel(tick), { anchor: 'end', size: 10 }),
    );
  }
  parts.push(
    svgText(left + plotWidth / 2, height - 6, options.xLabel, { anchor: 'middle', size: 11 }),
    `<text x="12" y="${coordinate(top + plotHeight / 2)}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${coordinate(top + plotHeight / 2)})">${escapeXml(options.yLabel)}</text>`,
  );
  options.seriesNames.forEach((name, index) => {
    const y = top + 8 + index * 16;
    parts.push(
      `<rect x="${coordinate(left + plotWidth + 12)}" y="${y - 9}" width="10" height="10" fill="${categoryColour(index)}"/>`,
      svgText(left + plotWidth + 27, y, name, { size: 11 }),
    );
  });
  return { width, height, left, top, plotWidth, plotHeight, py };
}
