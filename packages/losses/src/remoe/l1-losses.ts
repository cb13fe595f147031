import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';
import type { LogitsInput } from '../z-loss/z-loss.ts';

export interface L1BalancedOptions {
  /** The current adaptive coefficient lambda (ReMoE code default start 1e-8 [code]). */
  readonly lambda: number;
  /** Target average number of active experts k (`--moe-router-topk`), not a selection count. */
  readonly targetK: number;
}

/**
 * ReMoE load-balanced L1 on the ReLU gates, as in the released code (apps/docs/site/guide/algorithms.md
 * [code]):
 * `lambda * E / (k T^2) * sum_e n_e * sum_t G_te`, `G = relu(z)`, `n_e = #{t : G_te > 0}` (constant).
 * Its gradient is a constant push-down on every active logit, stronger for more loaded experts:
 * `dL/dz_te = lambda E n_e / (k T^2) * 1{z_te > 0}` (relu'(0) = 0). One loss per layer; totals sum over
 * layers. The coefficient is lambda itself, steered by {@link remoeLambdaUpdate}.
 */
export function l1BalancedLoss(
  input: LogitsInput,
  options: L1BalancedOptions,
): LossResult<{ logits: Float64Array }> {
  const context = 'l1BalancedLoss';
  const { numTokens, numExperts } = input;
  requireNumber('lambda', options.lambda, {}, context);
  requireNumber('targetK', options.targetK, { min: 0, minOpen: true }, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('logits', input.logits, [numTokens, numExperts]);
  const counts = new Float64Array(numExperts);
  const sums = new Float64Array(numExperts);
  for (let token = 0; token < numTokens; token++) {
    for (let expert = 0; expert < numExperts; expert++) {
      const logit = input.logits[token * numExperts + expert]!;
      if (logit > 0) {
        counts[expert] = counts[expert]! + 1;
        sums[expert] = sums[expert]! + logit;
      }
    }
  }
  const scale = (options.lambda * numExperts) / (options.targetK * numTokens * numTokens);
  let value = 0;
  for (let expert = 0; expert < numExperts; expert++) value += scale * counts[expert]! * sums[expert]!;
  const gradLogits = new Float64Array(numTokens * numExperts);
  for (let index = 0; index < gradLogits.length; index++) {
    if (input.logits[index]! > 0) gradLogits[index] = scale * counts[index % numExperts]!;
  }
  return { value, grad: { logits: gradLogits } };
}

export interface L1PlainOptions {
  readonly lambda: number;
}

/**
 * ReMoE plain L1 `lambda / T * sum_t sum_e relu(z_te)` (apps/docs/site/guide/algorithms.md: described in the
 * paper
 * [recall], absent from the code). Gradient `lambda / T * 1{z > 0}`.
 */
export function l1PlainLoss(
  input: LogitsInput,
  options: L1PlainOptions,
): LossResult<{ logits: Float64Array }> {
  const context = 'l1PlainLoss';
  const { numTokens, numExperts } = input;
  requireNumber('lambda', options.lambda, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('logits', input.logits, [numTokens, numExperts]);
  const scale = options.lambda / numTokens;
  let value = 0;
  const gradLogits = new Float64Array(numTokens * numExperts);
  for (let index = 0; index < gradLogits.length; index++) {
    const logit = input.logits[index]!;
    if (logit > 0) {
      value += scale * logit;
      gradLogits[index] = scale;
    }
  }
  return { value, grad: { logits: gradLogits } };
}
