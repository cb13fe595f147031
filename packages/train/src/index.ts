/**
 * `@anyk/train`: train a small byte-level MoE language model on any anyk backend and router family
 * (`Trainer`, its configs and defaults), save, load and resume checkpoints, evaluate a model and run the
 * reproduction experiments. The measuring tools of the reproduction (byte-context difficulty, SVG charts)
 * are in `@anyk/train/diagnostics`. The model's math, optimizer and router plumbing are not exported.
 */
export * from './checkpoint/index.ts';
export { type ByteCorpus, defaultCorpusPath, loadCorpus } from './data/index.ts';
export {
  type ForwardPass,
  type ModelConfig,
  type ModelDtype,
  MoeLanguageModel,
  type TokenBatch,
  validateModelConfig,
} from './model/index.ts';
export type { AdamWConfig } from './optim/index.ts';
export type { RandomState } from './random/index.ts';
export {
  type Evaluation,
  evaluateModel,
  type ReproductionOptions,
  type ReproductionResult,
  type RouterRunSummary,
  runReproduction,
  runTrainingJob,
  type TrainingJob,
  type TrainingJobResult,
} from './reproduce/index.ts';
export {
  defaultAuxLosses,
  type RouterConfig,
  type RouterFamilyName,
  trainableRouterFamilies,
} from './routing/index.ts';
export * from './trainer/index.ts';
