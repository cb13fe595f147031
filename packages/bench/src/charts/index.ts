export { type Bar, barChart } from './bar-chart.ts';
export { heatmapChart } from './heatmap-chart.ts';
export { histogramChart } from './histogram-chart.ts';
export { type ScatterPoint, scatterChart } from './scatter-chart.ts';
export { primaryMetric, renderSuiteChart } from './suite-chart.ts';
export {
  categoryColour,
  coordinate,
  escapeXml,
  niceTicks,
  type SvgFragment,
  sequentialColour,
  stackFragments,
  svgDocument,
  svgText,
  tickLabel,
} from './svg-fragment.ts';
