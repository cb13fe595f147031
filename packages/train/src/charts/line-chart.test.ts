import { describe, expect, it } from 'vitest';
import { columnChart } from './column-chart.ts';
import { lineChart } from './line-chart.ts';
import { niceRangeTicks, niceTicks, svgDocument } from './svg-fragment.ts';

/** Text outside tags and inside attribute values must carry no raw markup character. */
function expectEscaped(svg: string): void {
  const text = svg.replace(/<[^>]*>/g, '');
  expect(text).not.toMatch(/["'<>]/);
  expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
  for (const match of svg.matchAll(/="([^"]*)"/g)) expect(match[1]).not.toMatch(/[<>']/);
}

describe('lineChart and columnChart', () => {
  it('escape quotes, ampersands and angle brackets in every label', () => {
    const title = `"top-p" vs 'top-2' <a & b>`;
    const line = svgDocument(
      lineChart({
        title,
        xLabel: 'p <x>',
        yLabel: `loss "nats"`,
        series: [{ name: `"quoted" & <tagged>`, points: [[0.5, 1] as const, [0.6, 2] as const] }],
      }),
      title,
    );
    const columns = svgDocument(
      columnChart({
        title,
        xLabel: 'task',
        yLabel: 'experts',
        categories: ['a<b', `"c" & 'd'`],
        series: [{ name: "top-p's", values: [1.5, 2] }],
      }),
      title,
    );
    for (const svg of [line, columns]) {
      expect(svg).toContain('&quot;top-p&quot; vs &apos;top-2&apos; &lt;a &amp; b&gt;');
      expectEscaped(svg);
    }
    expect(line).toContain('&quot;quoted&quot; &amp; &lt;tagged&gt;');
    expect(line).toContain('loss &quot;nats&quot;');
    expect(columns).toContain('&quot;c&quot; &amp; &apos;d&apos;');
    expect(columns).toContain('top-p&apos;s');
  });

  it('draws one path per series with a marker per point, and one column per finite value', () => {
    const line = lineChart({
      title: 't',
      xLabel: 'step',
      yLabel: 'experts',
      series: [
        { name: 'a', points: [[0, 2] as const, [10, 1.8] as const, [20, 1.7] as const] },
        { name: 'b', points: [[0, 2] as const, [20, 2] as const] },
      ],
    });
    expect(line.content.match(/<path /g)).toHaveLength(2);
    expect(line.content.match(/<circle /g)).toHaveLength(5);
    const columns = columnChart({
      title: 't',
      xLabel: 'layer',
      yLabel: 'experts',
      categories: ['1', '2'],
      series: [
        { name: 'a', values: [2, 2] },
        { name: 'b', values: [1.4, Number.NaN] },
      ],
    });
    // 3 columns + 2 legend swatches.
    expect(columns.content.match(/<rect /g)).toHaveLength(5);
  });

  it('range ticks cover the values without starting at 0; niceTicks is unchanged', () => {
    expect(niceRangeTicks(1.81, 1.9)).toEqual([1.8, 1.85, 1.9]);
    expect(niceRangeTicks(1.4, 2.42)).toEqual([1, 1.5, 2, 2.5]);
    expect(niceRangeTicks(2, 2)).toEqual([1.5, 2, 2.5]);
    expect(niceTicks(7.3)).toEqual([0, 2, 4, 6, 8]);
  });
});
