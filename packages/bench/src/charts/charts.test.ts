import {
  barChart,
  heatmapChart,
  histogramChart,
  niceTicks,
  scatterChart,
  stackFragments,
  svgDocument,
} from '@anyk/train/charts';
import { describe, expect, it } from 'vitest';
import { describeMachine } from '../harness/machine-info.ts';
import { checkWellFormedXml } from '../testing/check-well-formed-xml.ts';
import { renderSuiteChart } from './suite-chart.ts';

describe('SVG charts', () => {
  it('each chart is a well-formed SVG document, with labels escaped', () => {
    const fragments = [
      barChart({
        title: 'a <b> & c',
        unit: 'GFLOP/s',
        bars: [
          { label: 'x', value: 3 },
          { label: 'y & z', value: null, note: 'error: <missing>' },
        ],
      }),
      histogramChart({ title: 'h', counts: [0, 5, 3], xLabel: 'k' }),
      heatmapChart({
        title: 'm',
        rows: 2,
        columns: 3,
        values: [0, 1, 1, 2, 2, 0],
        rowLabel: (row) => `layer ${row}`,
        xLabel: 'tokens',
        maxValue: 2,
      }),
      scatterChart({ title: 's', points: [{ label: "top-p 'x'", x: 1.5, y: 2 }], xLabel: 'k', yLabel: 'ms' }),
    ];
    const document = svgDocument(stackFragments(fragments), 'all');
    expect(checkWellFormedXml(document)).toEqual([]);
    expect(document).toContain('a &lt;b&gt; &amp; c');
    expect(document.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('the heatmap merges runs of equal values into one rect', () => {
    const chart = heatmapChart({
      title: 'm',
      rows: 1,
      columns: 4,
      values: [1, 1, 1, 2],
      rowLabel: () => 'l',
      xLabel: '',
      maxValue: 2,
    });
    // 2 runs in the grid + 3 legend swatches.
    expect(chart.content.match(/<rect /g)).toHaveLength(5);
  });

  it('nice ticks cover the maximum', () => {
    expect(niceTicks(7.3)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('a suite chart has a panel per group and shows error rows', () => {
    const svg = renderSuiteChart({
      suite: 'peers',
      startedAt: '',
      quick: true,
      machine: describeMachine(),
      rows: [
        {
          id: 'a',
          group: 'gemm',
          implementation: 'ort',
          shape: {},
          threads: 1,
          medianMs: 1,
          minMs: 1,
          maxMs: 1,
          runs: 1,
          metrics: { gflops: 10 },
        },
        {
          id: 'b',
          group: 'moe',
          implementation: 'tfjs',
          shape: {},
          threads: 1,
          medianMs: null,
          minMs: null,
          maxMs: null,
          runs: 0,
          metrics: {},
          error: 'did not load',
        },
      ],
      ratios: {},
      notes: [],
    });
    expect(checkWellFormedXml(svg)).toEqual([]);
    expect(svg).toContain('>gemm<');
    expect(svg).toContain('error: did not load');
  });
});
