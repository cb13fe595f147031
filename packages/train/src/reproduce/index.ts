/** Re-exported from `@anyk/core` (where the statistics live) for existing imports. */
export { mean, pearson, ranks, spearman, standardDeviation } from '@anyk/core/diagnostics';
export {
  analyseDifficulty,
  type ByteContext,
  byteContext,
  byteContexts,
  type ContextStatistics,
  type DifficultyAnalysis,
} from './difficulty.ts';
export { concatenateEvaluations, type Evaluation, evaluateModel } from './evaluate-model.ts';
export {
  type ReproductionOptions,
  type ReproductionResult,
  type RouterRunSummary,
  runReproduction,
  type TaskSummary,
} from './run-reproduction.ts';
export {
  runTrainingJob,
  type TaskEvaluation,
  type TrainingJob,
  type TrainingJobResult,
} from './training-job.ts';
