import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';
import { sigmoid } from '../chain/sigmoid.ts';
import type { LossResult } from '../loss-result.ts';

export interface ActivationLocalityInput {
  /** `[T, E]` router pre-activations u. */
  readonly logits: ArrayLike<number>;
  readonly numTokens: number;
  readonly numExperts: number;
  /** `[T]` index of the previous token of the same document, -1 if none (document start, padding). */
  readonly prevIndex: ArrayLike<number>;
}

export interface ActivationLocalityOptions {
  /** Sharpness s of the sigmoid (default 100, `sigmoid_steep` [cfg]). */
  readonly sharpness?: number | undefined;
  /** Stop the gradient at the target token (default false: the released code does not detach [code]). */
  readonly detachTarget?: boolean | undefined;
  /** Coefficient (default 1; recipe 2e-3 [cfg]). */
  readonly coef?: number | undefined;
}

/**
 * BlockFFN activation locality (apps/docs/site/guide/algorithms.md, `transfer_regularization` [code]): over
 * tokens t with
 * `prevIndex[t] >= 0` and all experts e, the mean of `BCEWithLogits(x = s u[prev, e], y = sigmoid(s u[t, e]))`
 * `= softplus(x) - y x`; it makes consecutive tokens activate the same experts, which is what makes
 * chunk-level sparsity possible. `dl/dx = sigmoid(x) - y`; `dl/dy = -x` (reaches `u[t]` unless detached).
 * 0 when no token has a predecessor. Default coefficient 1 (2e-3 in the recipe [cfg]).
 */
export function activationLocalityLoss(
  input: ActivationLocalityInput,
  options: ActivationLocalityOptions = {},
): LossResult<{ logits: Float64Array }> {
  const context = 'activationLocalityLoss';
  const { numTokens, numExperts } = input;
  const coef = options.coef ?? 1;
  const sharpness = options.sharpness ?? 100;
  requireNumber('coef', coef, {}, context);
  requireNumber('sharpness', sharpness, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('logits', input.logits, [numTokens, numExperts]);
  requireTensor('prevIndex', input.prevIndex, [numTokens]);
  let pairs = 0;
  for (let token = 0; token < numTokens; token++) {
    const range = { min: -1, max: numTokens - 1 };
    if (requireInteger(`prevIndex[${token}]`, input.prevIndex[token], range, context) >= 0) pairs++;
  }
  const grad = new Float64Array(numTokens * numExperts);
  if (pairs === 0) return { value: 0, grad: { logits: grad } };
  const scale = coef / (pairs * numExperts);
  let value = 0;
  for (let token = 0; token < numTokens; token++) {
    const previous = input.prevIndex[token]!;
    if (previous < 0) continue;
    for (let expert = 0; expert < numExperts; expert++) {
      const inputLogit = sharpness * input.logits[previous * numExperts + expert]!;
      const target = sigmoid(sharpness * input.logits[token * numExperts + expert]!);
      const softplus = Math.max(inputLogit, 0) + Math.log1p(Math.exp(-Math.abs(inputLogit)));
      value += scale * (softplus - target * inputLogit);
      const previousIndex = previous * numExperts + expert;
      grad[previousIndex] = grad[previousIndex]! + scale * sharpness * (sigmoid(inputLogit) - target);
      if (!options.detachTarget) {
        const targetIndex = token * numExperts + expert;
        grad[targetIndex] = grad[targetIndex]! - scale * inputLogit * sharpness * target * (1 - target);
      }
    }
  }
  return { value, grad: { logits: grad } };
}
