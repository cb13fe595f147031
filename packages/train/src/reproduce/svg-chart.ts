/** One named series of `[x, y]` points. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Escapes text for XML content and attribute values (quotes too, as `@anyk/bench`'s charts do). */
function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const step = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((value) => value >= step) ?? step;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / nice) * nice; value <= high + 1e-9; value += nice)
    ticks.push(+value.toFixed(10));
  return ticks;
}

/**
 * A self-contained SVG line chart (or grouped bar chart with `bars`) with axes, ticks and a legend — the
 * shape of the top-p paper's figures, without any charting dependency.
 */
export function svgChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly bars?: boolean;
}): string {
  const width = 640;
  const height = 400;
  const left = 70;
  const right = 20;
  const top = 40;
  const bottom = 60;
  const all = options.series.flatMap((series) => series.points);
  const xs = all.map((point) => point[0]);
  const ys = all.map((point) => point[1]);
  let xMin = Math.min(...xs);
  let xMax = Math.max(...xs);
  if (options.bars) {
    xMin -= 0.5;
    xMax += 0.5;
  }
  if (xMax === xMin) xMax = xMin + 1;
  let yMin = options.bars ? 0 : Math.min(...ys);
  let yMax = Math.max(...ys);
  const pad = (yMax - yMin) * 0.08 || 0.5;
  if (!options.bars) yMin -= pad;
  yMax += pad;
  const sx = (x: number): number => left + ((x - xMin) / (xMax - xMin)) * (width - left - right);
  const sy = (y: number): number => top + (1 - (y - yMin) / (yMax - yMin)) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(options.title)}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="black"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 18}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(18 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  ];
  for (const tick of niceTicks(yMin, yMax)) {
    parts.push(
      `<line x1="${left - 4}" y1="${sy(tick)}" x2="${width - right}" y2="${sy(tick)}" stroke="#ddd"/>`,
      `<text x="${left - 8}" y="${sy(tick) + 4}" text-anchor="end">${tick}</text>`,
    );
  }
  const xTicks = options.bars ? [...new Set(xs)] : niceTicks(xMin, xMax, 6);
  for (const tick of xTicks)
    parts.push(`<text x="${sx(tick)}" y="${height - bottom + 16}" text-anchor="middle">${tick}</text>`);
  options.series.forEach((series, index) => {
    const color = palette[index % palette.length] as string;
    if (options.bars) {
      const groupWidth = ((width - left - right) / (xMax - xMin)) * 0.8;
      const barWidth = groupWidth / options.series.length;
      for (const [x, y] of series.points) {
        const barX = sx(x) - groupWidth / 2 + index * barWidth;
        parts.push(
          `<rect x="${barX.toFixed(1)}" y="${sy(y).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(sy(yMin) - sy(y)).toFixed(1)}" fill="${color}"/>`,
        );
      }
    } else {
      const path = series.points.map(
        ([x, y], at) => `${at === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`,
      );
      parts.push(`<path d="${path.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
      for (const [x, y] of series.points)
        parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    }
    const legendY = top + 8 + index * 16;
    parts.push(
      `<rect x="${width - right - 150}" y="${legendY - 9}" width="10" height="10" fill="${color}"/>`,
      `<text x="${width - right - 135}" y="${legendY}">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
