import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';

/** BlockFFN `AdaptiveLinearScheduler` settings (recipe 0.05 / 1000 / 100 / 4 / 1.025 [cfg]). */
export interface ChunkSchedulerConfig {
  /** Initial coefficient lambda_0. */
  readonly start: number;
  /** Steps at the constant start value; a multiple of `interval`, at least twice it. */
  readonly stableSteps: number;
  /** Steps per adjustment window (and per linear ramp). */
  readonly interval: number;
  /** Cap: the coefficient never exceeds `start * maxFactor`. */
  readonly maxFactor: number;
  /** Minimum growth factor when the chunk loss got worse. */
  readonly minFactor: number;
}

/** Scheduler state between optimizer steps: the current linear ramp and the two loss windows. */
export interface ChunkSchedulerState {
  /** Optimizer steps taken so far (the next step is `step + 1`). */
  readonly step: number;
  /** Ramp `base * (target + (1 - target) * (1 - min(1, progress / length)))`. */
  readonly base: number;
  readonly progress: number;
  readonly length: number;
  readonly target: number;
  /** Losses of the current window. */
  readonly recent: readonly number[];
  /** Losses of the previous full window. */
  readonly older: readonly number[];
}

/** The state before step 1: a flat ramp at `start` for `stableSteps` steps. */
export function createChunkSchedulerState(config: ChunkSchedulerConfig): ChunkSchedulerState {
  validateConfig(config, 'createChunkSchedulerState');
  return {
    step: 0,
    base: config.start,
    progress: 0,
    length: config.stableSteps,
    target: 1,
    recent: [],
    older: [],
  };
}

/**
 * One optimizer step of BlockFFN's adaptive chunk-sparsity coefficient (apps/docs/site/guide/algorithms.md
 * [code];
 * exact order in fixtures README §4 blockffn). Takes this step's chunk loss; returns the coefficient
 * used at this step and the next state. Every `interval` steps after `stableSteps` it compares the mean
 * loss of the last window with the one before: worse -> ramp up by at least `minFactor`; better ->
 * ramp down by the ratio; never above `start * maxFactor`.
 */
export function chunkSchedulerStep(
  state: ChunkSchedulerState,
  chunkLoss: number,
  config: ChunkSchedulerConfig,
): { coef: number; state: ChunkSchedulerState } {
  const context = 'chunkSchedulerStep';
  requireNumber('chunkLoss', chunkLoss, {}, context);
  const step = state.step + 1;
  let recent = [...state.recent, chunkLoss];
  let older = state.older;
  const maxLoss = mean(recent);
  const minLoss = mean(older);
  if (step % config.interval === 0) {
    older = recent;
    recent = [];
  }
  const coef =
    state.base * (state.target + (1 - state.target) * (1 - Math.min(1, state.progress / state.length)));
  let { base, progress, length, target } = state;
  if (step >= config.stableSteps && step % config.interval === 0) {
    const ratio = maxLoss / minLoss;
    let factor = ratio > 1 ? Math.max(config.minFactor, ratio) : ratio;
    factor = Math.min(factor, (config.start * config.maxFactor) / coef);
    base = coef;
    progress = 0;
    length = config.interval;
    target = factor;
  }
  progress += 1;
  return { coef, state: { step, base, progress, length, target, recent, older } };
}

/** Runs {@link chunkSchedulerStep} over `lossHistory` (steps 1..N); returns the coefficient of each step. */
export function runChunkScheduler(
  lossHistory: ArrayLike<number>,
  config: ChunkSchedulerConfig,
  initial: ChunkSchedulerState = createChunkSchedulerState(config),
): { coefs: Float64Array; state: ChunkSchedulerState } {
  requireTensor('lossHistory', lossHistory, [lossHistory.length]);
  const coefs = new Float64Array(lossHistory.length);
  let state = initial;
  for (let index = 0; index < lossHistory.length; index++) {
    const result = chunkSchedulerStep(state, lossHistory[index]!, config);
    coefs[index] = result.coef;
    state = result.state;
  }
  return { coefs, state };
}

function mean(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

function validateConfig(config: ChunkSchedulerConfig, context: string): void {
  requireNumber('start', config.start, { min: 0, minOpen: true }, context);
  requireInteger('interval', config.interval, { min: 1 }, context);
  requireInteger('stableSteps', config.stableSteps, { min: 2 * config.interval }, context);
  if (config.stableSteps % config.interval !== 0) {
    throw new InvalidArgumentError(
      'stableSteps',
      `a multiple of interval (${config.interval})`,
      config.stableSteps,
      context,
    );
  }
  requireNumber('maxFactor', config.maxFactor, { min: 0, minOpen: true }, context);
  requireNumber('minFactor', config.minFactor, { min: 0, minOpen: true }, context);
}
