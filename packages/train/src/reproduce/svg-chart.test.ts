import { describe, expect, it } from 'vitest';
import { svgChart } from './svg-chart.ts';

describe('svgChart', () => {
  it('escapes quotes, ampersands and angle brackets in every label', () => {
    const svg = svgChart({
      title: `"top-p" vs 'top-2' <a & b>`,
      xLabel: 'p',
      yLabel: 'loss',
      series: [{ name: `"quoted" & <tagged>`, points: [[0.5, 1] as const, [0.6, 2] as const] }],
    });
    expect(svg).toContain('&quot;top-p&quot; vs &apos;top-2&apos; &lt;a &amp; b&gt;');
    expect(svg).toContain('&quot;quoted&quot; &amp; &lt;tagged&gt;');
    const text = svg.replace(/<[^>]*>/g, '');
    expect(text).not.toMatch(/["'<>]/);
  });
});
