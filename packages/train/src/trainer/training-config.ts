import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireNumber, requireObject } from '@anyk/core/internal';
import type { AuxLossConfig } from '@anyk/losses';

/**
 * Everything that decides a training run besides the model: seed, batch shape, optimizer and schedule,
 * auxiliary losses. Plain JSON (stored in checkpoints).
 */
export interface TrainingConfig {
  /** Seeds parameter initialisation and (offset) the data sampler. */
  readonly seed: number;
  readonly steps: number;
  /** Sequences per step. */
  readonly batchSequences: number;
  /** Tokens per sequence (<= the model's context). */
  readonly sequenceLength: number;
  readonly learningRate: number;
  readonly minLearningRate: number;
  readonly warmupSteps: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly adamEpsilon: number;
  /** Global gradient-norm clip (0 = off). */
  readonly clipNorm: number;
  /**
   * The router's auxiliary losses with their coefficients, applied to every MoE layer (each layer's loss
   * added separately). Omitted: the family's defaults (`defaultAuxLosses`).
   */
  readonly auxLosses?: readonly AuxLossConfig[] | undefined;
  /**
   * Optional schedule of the `entropy` loss's coefficient: 0 before step `start`, rising linearly to the
   * configured coefficient at step `end`, full after. Lets a top-p router first learn which experts help
   * (many experts per token) before the entropy term sharpens it; omitted = full coefficient from step 1.
   * At the quick reproduction's 400 steps it did not help (README, "What was tried").
   */
  readonly entropyRamp?: { readonly start: number; readonly end: number } | undefined;
}

/** Sensible defaults for the small CPU models of the reproduction. */
export const defaultTrainingConfig: TrainingConfig = {
  seed: 1,
  steps: 300,
  batchSequences: 8,
  sequenceLength: 64,
  learningRate: 3e-3,
  minLearningRate: 3e-4,
  warmupSteps: 30,
  weightDecay: 0.01,
  beta1: 0.9,
  beta2: 0.95,
  adamEpsilon: 1e-8,
  clipNorm: 1,
};

/** Every key a {@link TrainingConfig} may hold. */
const trainingConfigKeys: readonly string[] = [
  'seed',
  'steps',
  'batchSequences',
  'sequenceLength',
  'learningRate',
  'minLearningRate',
  'warmupSteps',
  'weightDecay',
  'beta1',
  'beta2',
  'adamEpsilon',
  'clipNorm',
  'auxLosses',
  'entropyRamp',
];

/**
 * Checks a training config, naming the field and what was expected; a key it does not know (a typo, or
 * a router option put here) is an `InvalidArgumentError` too, not silently ignored.
 * @throws {InvalidArgumentError} for a missing, out-of-range or unknown key
 */
export function validateTrainingConfig(config: TrainingConfig): void {
  const context = 'TrainingConfig';
  requireObject('training', config, context);
  for (const key of Object.keys(config))
    if (!trainingConfigKeys.includes(key))
      throw new InvalidArgumentError(
        key,
        `a key of TrainingConfig (${trainingConfigKeys.join(', ')})`,
        key,
        context,
      );
  const integer = (name: keyof TrainingConfig, min: number): number =>
    requireInteger(name, config[name], { min }, context);
  const nonNegative = (name: keyof TrainingConfig): number =>
    requireNumber(name, config[name], { min: 0 }, context);
  integer('seed', 0);
  integer('steps', 0);
  integer('batchSequences', 1);
  integer('sequenceLength', 1);
  integer('warmupSteps', 0);
  for (const name of ['learningRate', 'minLearningRate', 'weightDecay', 'adamEpsilon', 'clipNorm'] as const)
    nonNegative(name);
  const ramp = config.entropyRamp;
  if (
    ramp !== undefined &&
    !(Number.isInteger(ramp.start) && Number.isInteger(ramp.end) && ramp.start >= 0 && ramp.end > ramp.start)
  )
    throw new InvalidArgumentError('entropyRamp', 'integers 0 <= start < end', ramp, context);
  for (const name of ['beta1', 'beta2'] as const)
    requireNumber(name, config[name], { min: 0, max: 1, maxOpen: true, notation: 'interval' }, context);
}
