import {
  categoryColour,
  coordinate,
  escapeXml,
  niceTicks,
  type SvgFragment,
  svgText,
  tickLabel,
} from './svg-fragment.ts';

/** A labelled point. */
export interface ScatterPoint {
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

/** Labelled points on linear axes starting at 0 (time vs mean experts per token). */
export function scatterChart(options: {
  readonly title: string;
  readonly points: readonly ScatterPoint[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}): SvgFragment {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const left = 56;
  const top = 22;
  const right = 120;
  const bottom = 40;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const finite = options.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  const xTicks = niceTicks(Math.max(...finite.map((point) => point.x), 0));
  const yTicks = niceTicks(Math.max(...finite.map((point) => point.y), 0));
  const xMax = xTicks[xTicks.length - 1]!;
  const yMax = yTicks[yTicks.length - 1]!;
  const px = (x: number): number => left + (x / xMax) * plotWidth;
  const py = (y: number): number => top + plotHeight - (y / yMax) * plotHeight;
  const parts = [svgText(0, 13, options.title, { size: 13, weight: 'bold' })];
  for (const tick of xTicks) {
    parts.push(
      `<line x1="${coordinate(px(tick))}" y1="${top}" x2="${coordinate(px(tick))}" y2="${coordinate(top + plotHeight)}" stroke="#e5e5e5"/>`,
      svgText(px(tick), top + plotHeight + 13, tickLabel(tick), { anchor: 'middle', size: 10 }),
    );
  }
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${left}" y1="${coordinate(py(tick))}" x2="${coordinate(left + plotWidth)}" y2="${coordinate(py(tick))}" stroke="#e5e5e5"/>`,
      svgText(left - 4, py(tick) + 3, tickLabel(tick), { anchor: 'end', size: 10 }),
    );
  }
  finite.forEach((point, index) => {
    parts.push(
      `<circle cx="${coordinate(px(point.x))}" cy="${coordinate(py(point.y))}" r="5" fill="${categoryColour(index)}" fill-opacity="0.85"><title>${escapeXml(point.label)}: ${tickLabel(point.x)}, ${tickLabel(point.y)}</title></circle>`,
      svgText(px(point.x) + 7, py(point.y) + 4 + ((index % 3) - 1) * 3, point.label, { size: 10 }),
    );
  });
  parts.push(
    svgText(left + plotWidth / 2, height - 6, options.xLabel, { anchor: 'middle', size: 11 }),
    `<text x="12" y="${coordinate(top + plotHeight / 2)}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${coordinate(top + plotHeight / 2)})">${escapeXml(options.yLabel)}</text>`,
  );
  return { width, height, content: parts.join('') };
}
