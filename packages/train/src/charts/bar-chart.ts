import {
  categoryColour,
  coordinate,
  niceTicks,
  type SvgFragment,
  svgText,
  tickLabel,
} from './svg-fragment.ts';

/** One bar; `value: null` draws the label with `note` (e.g. the error) instead of a bar. */
export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly note?: string | undefined;
  /** Colour group (bars of one implementation share a colour). */
  readonly colourIndex?: number | undefined;
}

/** A horizontal bar chart with a title and an x axis in `unit`. */
export function barChart(options: {
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
  readonly width?: number | undefined;
}): SvgFragment {
  const width = options.width ?? 720;
  const labelWidth = Math.min(
    Math.max(...options.bars.map((bar) => bar.label.length * 6.2), 60) + 8,
    width * 0.45,
  );
  const barHeight = 16;
  const gap = 4;
  const top = 22;
  const plotWidth = width - labelWidth - 70;
  const values = options.bars.map((bar) => bar.value ?? 0);
  const ticks = niceTicks(Math.max(...values, 0));
  const max = ticks[ticks.length - 1]!;
  const parts: string[] = [svgText(0, 13, options.title, { size: 13, weight: 'bold' })];
  const plotHeight = options.bars.length * (barHeight + gap);
  for (const tick of ticks) {
    const x = labelWidth + (tick / max) * plotWidth;
    parts.push(
      `<line x1="${coordinate(x)}" y1="${top}" x2="${coordinate(x)}" y2="${coordinate(top + plotHeight)}" stroke="#dddddd"/>`,
      svgText(x, top + plotHeight + 12, tickLabel(tick), { anchor: 'middle', size: 10, fill: '#555555' }),
    );
  }
  options.bars.forEach((bar, index) => {
    const y = top + index * (barHeight + gap);
    parts.push(svgText(labelWidth - 6, y + barHeight - 4, bar.label, { anchor: 'end' }));
    if (bar.value === null) {
      parts.push(
        svgText(labelWidth + 4, y + barHeight - 4, bar.note ?? 'n/a', { fill: '#b00020', size: 10 }),
      );
      return;
    }
    const length = max > 0 ? (bar.value / max) * plotWidth : 0;
    parts.push(
      `<rect x="${coordinate(labelWidth)}" y="${coordinate(y)}" width="${coordinate(Math.max(length, 0.5))}" height="${barHeight}" fill="${categoryColour(bar.colourIndex ?? 0)}"/>`,
      svgText(labelWidth + length + 4, y + barHeight - 4, tickLabel(bar.value), { size: 10 }),
    );
  });
  parts.push(
    svgText(labelWidth + plotWidth / 2, top + plotHeight + 26, options.unit, { anchor: 'middle', size: 10 }),
  );
  return { width, height: top + plotHeight + 30, content: parts.join('') };
}
