/**
 * `@anyk/train/diagnostics`: the measuring tools of the reproduction experiments: how hard each byte is to
 * predict from its context (`analyseDifficulty`, `byteContexts`). The SVG charts of the figures are
 * `@anyk/train/charts`.
 */
export {
  analyseDifficulty,
  type ByteContext,
  byteContext,
  byteContexts,
  type ContextStatistics,
  type DifficultyAnalysis,
} from '../reproduce/index.ts';
