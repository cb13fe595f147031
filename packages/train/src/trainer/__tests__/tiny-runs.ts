import type { ModelConfig } from '../../model/model-config.ts';
import type { RouterConfig } from '../../routing/router-config.ts';
import { defaultTrainingConfig, type TrainingConfig } from '../training-config.ts';

/** One tiny config per family the trainer did not train before (4 FFN experts, 2 layers). */
export const newFamilies: readonly RouterConfig[] = [
  { family: 'blockffn', chunkSize: 4, chunkSchedule: { stableSteps: 4, interval: 2 } },
  { family: 'ada-k', kMax: 3, costWeight: 0.05, allocatorLearningRate: 3e-2 },
  { family: 'adamoe', nullExperts: 2, k: 2 },
  { family: 'longcat', identityExperts: 2, k: 2, targetFfnK: 1 },
  { family: 'expert-choice', capacityFactor: 2, minCapacity: 1 },
  { family: 'uni-moe-2', nullExperts: 1, sharedExperts: 1, p: 0.6 },
];

/** The six families the trainer trained before, with tiny configs. */
export const olderFamilies: readonly RouterConfig[] = [
  { family: 'top-k', k: 2 },
  { family: 'top-p', p: 0.5 },
  { family: 'remoe', targetK: 1 },
  { family: 'dynmoe', adaptiveInterval: 2 },
  { family: 'moe-plus-plus', k: 2 },
  { family: 'deepseek-v3', k: 2, biasRate: 1e-2 },
];

export function tinyModel(router: RouterConfig): ModelConfig {
  return {
    vocabSize: 256,
    d: 8,
    layers: 2,
    heads: 2,
    context: 8,
    numExperts: 4,
    f: 8,
    expert: router.family === 'blockffn' ? 'silu' : 'swiglu',
    tiedEmbeddings: false,
    router,
    normEps: 1e-5,
    dtype: 'float64',
  };
}

export const tinyTraining: TrainingConfig = {
  ...defaultTrainingConfig,
  seed: 5,
  steps: 30,
  batchSequences: 4,
  sequenceLength: 8,
  learningRate: 1e-2,
  minLearningRate: 1e-2,
  warmupSteps: 1,
};
