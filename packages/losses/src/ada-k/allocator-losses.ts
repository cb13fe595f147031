import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';
import { logSoftmaxRows } from '../chain/softmax.ts';
import type { LossResult } from '../loss-result.ts';

export interface AllocatorInput {
  /** `[T, kMax]` allocator logits; column j means k = j + 1. */
  readonly allocLogits: ArrayLike<number>;
  readonly numTokens: number;
  readonly kMax: number;
  /** `[T]` the sampled k of each token, in `1..kMax`. */
  readonly sampledK: ArrayLike<number>;
}

export interface PpoInput extends AllocatorInput {
  /** `[T]` log pi_old(k_t) of the rollout policy. */
  readonly oldLogProb: ArrayLike<number>;
  /** `[T]` advantage A_t. */
  readonly advantage: ArrayLike<number>;
}

/** `log pi(k_t)` per token, from the allocator logits (log-softmax, max subtracted). */
export function allocatorLogProb(input: AllocatorInput): Float64Array {
  validateAllocator(input, 'allocatorLogProb');
  const logProbabilities = logSoftmaxRows(input.allocLogits, input.numTokens, input.kMax);
  const result = new Float64Array(input.numTokens);
  for (let token = 0; token < input.numTokens; token++) {
    result[token] = logProbabilities[token * input.kMax + input.sampledK[token]! - 1]!;
  }
  return result;
}

/**
 * Ada-K REINFORCE-style objective `-coef * mean_t log pi(k_t)` (apps/docs/site/guide/algorithms.md [recall];
 * no official
 * code). Gradient w.r.t. the allocator logits `-coef/T (onehot(k_t) - pi_t)`. Default coefficient 1
 * (multiply by an advantage upstream, or use {@link ppoClipLoss}).
 */
export function negLogProbLoss(
  input: AllocatorInput,
  options: { readonly coef?: number | undefined } = {},
): LossResult<{ allocLogits: Float64Array }> {
  const context = 'negLogProbLoss';
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  validateAllocator(input, context);
  const { numTokens, kMax } = input;
  const logProbabilities = logSoftmaxRows(input.allocLogits, numTokens, kMax);
  const grad = new Float64Array(numTokens * kMax);
  let value = 0;
  for (let token = 0; token < numTokens; token++) {
    const chosen = input.sampledK[token]! - 1;
    value -= (coef * logProbabilities[token * kMax + chosen]!) / numTokens;
    for (let column = 0; column < kMax; column++) {
      const index = token * kMax + column;
      grad[index] = (-coef / numTokens) * ((column === chosen ? 1 : 0) - Math.exp(logProbabilities[index]!));
    }
  }
  return { value, grad: { allocLogits: grad } };
}

/**
 * Ada-K PPO clipped surrogate (apps/docs/site/guide/algorithms.md [recall]): `r_t = exp(log pi(k_t) -
 * old_t)`,
 * `-coef * mean_t min(r_t A_t, clip(r_t, 1 - eps, 1 + eps) A_t)`; the clip stops the allocator moving
 * far from the rollout policy in one update. The gradient flows only where the unclipped term is the
 * minimum: `dL/dlog pi = -coef/T r_t A_t`, then `onehot - pi` to the logits. Defaults: coef 1, eps 0.2.
 */
export function ppoClipLoss(
  input: PpoInput,
  options: { readonly clipEps?: number | undefined; readonly coef?: number | undefined } = {},
): LossResult<{ allocLogits: Float64Array }> {
  const context = 'ppoClipLoss';
  const coef = options.coef ?? 1;
  const clipEps = options.clipEps ?? 0.2;
  requireNumber('coef', coef, {}, context);
  requireNumber('clipEps', clipEps, { min: 0, minOpen: true }, context);
  validateAllocator(input, context);
  const { numTokens, kMax } = input;
  requireTensor('oldLogProb', input.oldLogProb, [numTokens]);
  requireTensor('advantage', input.advantage, [numTokens]);
  const logProbabilities = logSoftmaxRows(input.allocLogits, numTokens, kMax);
  const grad = new Float64Array(numTokens * kMax);
  let value = 0;
  for (let token = 0; token < numTokens; token++) {
    const chosen = input.sampledK[token]! - 1;
    const advantage = input.advantage[token]!;
    const ratio = Math.exp(logProbabilities[token * kMax + chosen]! - input.oldLogProb[token]!);
    const clipped = Math.min(Math.max(ratio, 1 - clipEps), 1 + clipEps);
    const unclippedTerm = ratio * advantage;
    const clippedTerm = clipped * advantage;
    value -= (coef * Math.min(unclippedTerm, clippedTerm)) / numTokens;
    if (unclippedTerm > clippedTerm) continue;
    const gradLogProb = (-coef / numTokens) * ratio * advantage;
    for (let column = 0; column < kMax; column++) {
      const index = token * kMax + column;
      grad[index] = gradLogProb * ((column === chosen ? 1 : 0) - Math.exp(logProbabilities[index]!));
    }
  }
  return { value, grad: { allocLogits: grad } };
}

function validateAllocator(input: AllocatorInput, context: string): void {
  const { numTokens, kMax } = input;
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('kMax', kMax, { min: 1 }, context);
  requireTensor('allocLogits', input.allocLogits, [numTokens, kMax]);
  requireTensor('sampledK', input.sampledK, [numTokens]);
  for (let token = 0; token < numTokens; token++) {
    const k = input.sampledK[token]!;
    requireInteger(`sampledK[${token}]`, k, { min: 1, max: kMax }, context);
  }
}
