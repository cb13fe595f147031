import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';

/** The `1e-5` inside `log(1 - q + 1e-5)` of BlockFFN's chunk loss. */
export const CHUNK_SPARSITY_EPSILON = 1e-5;

export interface ChunkSparsityInput {
  /** `[T, E]` BlockFFN loss distribution `q = r / (sum r + 1e-5)` (see `reluRmsnormRouting`). */
  readonly distribution: ArrayLike<number>;
  readonly numTokens: number;
  readonly numExperts: number;
  /** `[T]` 1 = real token, 0 = padding (default all 1). */
  readonly sequenceMask?: ArrayLike<number> | undefined;
}

export interface ChunkSparsityOptions {
  /** Chunk length L (T must be divisible by it; 64 in the recipe [cfg]). */
  readonly chunkSize: number;
  /** Coefficient (default 1; recipe 5e-2, adaptive: see `chunkCoefficientScheduler`). */
  readonly coef?: number | undefined;
}

/**
 * BlockFFN chunk sparsification (apps/docs/site/guide/algorithms.md, `chunk_regularization` [code]):
 * `coef * (1 - mean_{c,e} P_ce)`, `P_ce = exp(sum_{t in c} log(1 - q_te m_t + 1e-5))` — the probability that
 * expert e stays silent for the whole chunk, so minimising the loss makes whole chunks skip experts.
 * Slightly negative when nothing fires. Gradient `dL/dq_te = coef / (C E) * m_t P_ce / (1 - q_te m_t + 1e-5)`.
 */
export function chunkSparsityLoss(
  input: ChunkSparsityInput,
  options: ChunkSparsityOptions,
): LossResult<{ distribution: Float64Array }> {
  const context = 'chunkSparsityLoss';
  const { numTokens, numExperts } = input;
  const { chunkSize } = options;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireInteger('chunkSize', chunkSize, { min: 1 }, context);
  if (numTokens % chunkSize !== 0) {
    throw new InvalidArgumentError('chunkSize', `a divisor of numTokens (${numTokens})`, chunkSize, context);
  }
  requireTensor('distribution', input.distribution, [numTokens, numExperts]);
  if (input.sequenceMask !== undefined) requireTensor('sequenceMask', input.sequenceMask, [numTokens]);
  const maskOf = (token: number): number => (input.sequenceMask ? input.sequenceMask[token]! : 1);
  const masked = new Float64Array(numTokens * numExperts);
  for (let index = 0; index < masked.length; index++) {
    const value = input.distribution[index]! * maskOf(Math.floor(index / numExperts));
    if (value > 1) {
      throw new InvalidArgumentError(`distribution[${index}]`, 'a probability <= 1', value, context);
    }
    masked[index] = value;
  }
  const chunks = numTokens / chunkSize;
  const scale = coef / (chunks * numExperts);
  const grad = new Float64Array(numTokens * numExperts);
  let meanSilent = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    for (let expert = 0; expert < numExperts; expert++) {
      let logSilent = 0;
      for (let step = 0; step < chunkSize; step++) {
        const token = chunk * chunkSize + step;
        logSilent += Math.log(1 - masked[token * numExperts + expert]! + CHUNK_SPARSITY_EPSILON);
      }
      const silent = Math.exp(logSilent);
      meanSilent += silent / (chunks * numExperts);
      for (let step = 0; step < chunkSize; step++) {
        const token = chunk * chunkSize + step;
        const index = token * numExperts + expert;
        grad[index] = (scale * maskOf(token) * silent) / (1 - masked[index]! + CHUNK_SPARSITY_EPSILON);
      }
    }
  }
  return { value: coef * (1 - meanSilent), grad: { distribution: grad } };
}
