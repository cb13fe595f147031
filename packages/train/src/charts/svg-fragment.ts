/** A piece of SVG drawn from (0, 0) with its size, so charts can be stacked into one document. */
export interface SvgFragment {
  readonly width: number;
  readonly height: number;
  /** SVG elements (no `<svg>` wrapper). */
  readonly content: string;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate with at most 2 decimals (keeps files small and diffs readable). */
export function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** `<text>` with the chart font. */
export function svgText(
  x: number,
  y: number,
  text: string,
  options: { anchor?: 'start' | 'middle' | 'end'; size?: number; weight?: 'bold'; fill?: string } = {},
): string {
  const anchor = options.anchor ?? 'start';
  const weight = options.weight ? ` font-weight="${options.weight}"` : '';
  const fill = options.fill ? ` fill="${options.fill}"` : '';
  return `<text x="${coordinate(x)}" y="${coordinate(y)}" font-size="${options.size ?? 11}" text-anchor="${anchor}"${weight}${fill}>${escapeXml(text)}</text>`;
}

/** Stacks fragments vertically with a gap. */
export function stackFragments(fragments: readonly SvgFragment[], gap = 16): SvgFragment {
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  for (const fragment of fragments) {
    parts.push(`<g transform="translate(0,${coordinate(y)})">${fragment.content}</g>`);
    y += fragment.height + gap;
    width = Math.max(width, fragment.width);
  }
  return { width, height: Math.max(y - gap, 0), content: parts.join('') };
}

/** A standalone SVG document (what `--svg` writes and the HTML report inlines). */
export function svgDocument(fragment: SvgFragment, title: string, padding = 8): string {
  const width = fragment.width + 2 * padding;
  const height = fragment.height + 2 * padding;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${coordinate(width)}" height="${coordinate(height)}" viewBox="0 0 ${coordinate(width)} ${coordinate(height)}" font-family="system-ui, sans-serif" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g transform="translate(${padding},${padding})">${fragment.content}</g>`,
    '</svg>',
  ].join('');
}

/** A colour of a categorical palette (colour-blind safe, Okabe-Ito). */
export function categoryColour(index: number): string {
  const palette = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
  return palette[index % palette.length] as string;
}

/** A sequential colour from light (0) to dark blue (1). */
export function sequentialColour(fraction: number): string {
  const t = Math.min(Math.max(fraction, 0), 1);
  const from = [247, 251, 255];
  const to = [8, 48, 107];
  const channel = (index: number): number => Math.round(from[index]! + t * (to[index]! - from[index]!));
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

/** The smallest "nice" step (one of `factors` times a power of ten) at least `rough`, and that power. */
function niceStep(rough: number, factors = [1, 2, 2.5, 5, 10]): { step: number; power: number } {
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = factors.map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  return { step, power };
}

/** "Nice" axis ticks covering [0, max]. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const { step, power } = niceStep(max / count);
  const ticks: number[] = [];
  for (let tick = 0; tick <= max + step * 1e-9; tick += step) ticks.push(Math.round(tick / power) * power);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

/**
 * "Nice" axis ticks covering [low, high], for an axis that need not start at 0 (validation losses differ
 * in their second decimal): multiples of a nice step from the one at or below `low` to the one at or above
 * `high`.
 */
export function niceRangeTicks(low: number, high: number, count = 4): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  if (!(high > low)) return niceRangeTicks(low - 0.5, high + 0.5, count);
  // No 2.5 steps here: their ticks (1.825) need one more digit than the labels show.
  const { step } = niceStep((high - low) / count, [1, 2, 5, 10]);
  const first = Math.floor(low / step);
  const last = Math.ceil(high / step);
  const ticks: number[] = [];
  for (let index = first; index <= last; index++) ticks.push(Number((index * step).toPrecision(12)));
  return ticks;
}

/** A tick label: integers as is, others with up to 3 significant digits. */
export function tickLabel(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}
