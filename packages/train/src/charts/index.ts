/**
 * `@anyk/train/charts`: the workspace's one SVG chart module, dependency-free. `anyk reproduce` draws the
 * paper's figures with it and `@anyk/bench` its benchmark and demo charts (bench depends on train, so the
 * module lives here). Every label goes through `escapeXml`.
 */
export { type Bar, barChart } from './bar-chart.ts';
export { type ColumnSeries, columnChart } from './column-chart.ts';
export { heatmapChart } from './heatmap-chart.ts';
export { histogramChart } from './histogram-chart.ts';
export { type ChartSeries, lineChart } from './line-chart.ts';
export { type ScatterPoint, scatterChart } from './scatter-chart.ts';
export {
  categoryColour,
  coordinate,
  escapeXml,
  niceRangeTicks,
  niceTicks,
  type SvgFragment,
  sequentialColour,
  stackFragments,
  svgDocument,
  svgText,
  tickLabel,
} from './svg-fragment.ts';
