import {
  categoryColour,
  coordinate,
  niceTicks,
  type SvgFragment,
  svgText,
  tickLabel,
} from './svg-fragment.ts';

/** Vertical bars of counts per integer bin (experts per token: 0, 1, 2, ...). */
export function histogramChart(options: {
  readonly title: string;
  /** `counts[b]` = how many items fell in bin `b`. */
  readonly counts: readonly number[];
  readonly xLabel: string;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  readonly colourIndex?: number | undefined;
}): SvgFragment {
  const width = options.width ?? 220;
  const height = options.height ?? 150;
  const left = 34;
  const top = 20;
  const bottom = 30;
  const plotWidth = width - left - 6;
  const plotHeight = height - top - bottom;
  const bins = Math.max(options.counts.length, 1);
  const ticks = niceTicks(Math.max(...options.counts, 0), 3);
  const max = ticks[ticks.length - 1]!;
  const parts = [svgText(0, 12, options.title, { size: 12, weight: 'bold' })];
  for (const tick of ticks) {
    const y = top + plotHeight - (tick / max) * plotHeight;
    parts.push(
      `<line x1="${left}" y1="${coordinate(y)}" x2="${coordinate(left + plotWidth)}" y2="${coordinate(y)}" stroke="#e5e5e5"/>`,
      svgText(left - 3, y + 3, tickLabel(tick), { anchor: 'end', size: 9, fill: '#555555' }),
    );
  }
  const slot = plotWidth / bins;
  options.counts.forEach((count, bin) => {
    const barHeight = max > 0 ? (count / max) * plotHeight : 0;
    const x = left + bin * slot + slot * 0.1;
    parts.push(
      `<rect x="${coordinate(x)}" y="${coordinate(top + plotHeight - barHeight)}" width="${coordinate(slot * 0.8)}" height="${coordinate(barHeight)}" fill="${categoryColour(options.colourIndex ?? 0)}"><title>${bin}: ${count}</title></rect>`,
      svgText(x + slot * 0.4, top + plotHeight + 11, String(bin), { anchor: 'middle', size: 9 }),
    );
  });
  parts.push(svgText(left + plotWidth / 2, height - 4, options.xLabel, { anchor: 'middle', size: 10 }));
  return { width, height, content: parts.join('') };
}
