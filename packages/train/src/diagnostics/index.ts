/**
 * `@anyk/train/diagnostics`: the measuring tools of the reproduction experiments: how hard each byte is to
 * predict from its context (`analyseDifficulty`, `byteContexts`) and the SVG line charts of the figures.
 */
export {
  analyseDifficulty,
  type ByteContext,
  byteContext,
  byteContexts,
  type ChartSeries,
  type ContextStatistics,
  type DifficultyAnalysis,
  svgChart,
} from '../reproduce/index.ts';
