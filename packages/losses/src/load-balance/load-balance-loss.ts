import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireMask, requireNumber, requireTensor } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';
import { argmaxMask, selectionCounts, weightedMeanProbability } from './selection-counts.ts';

/** How the constant load fraction `f_e` is normalised (apps/docs/site/guide/algorithms.md). */
export type LoadBalanceVariant = 'argmax-fraction' | 'token-fraction' | 'assignment-fraction';

export interface LoadBalanceInput {
  /** `[T, E]` softmax probabilities (differentiable). */
  readonly probabilities: ArrayLike<number>;
  readonly numTokens: number;
  readonly numExperts: number;
  /** `[T, E]` 0/1 selection (top-k before capacity dropping, or top-p); unused by `argmax-fraction`. */
  readonly selection?: ArrayLike<number> | undefined;
}

export interface LoadBalanceOptions {
  readonly variant: LoadBalanceVariant;
  /** Coefficient c (default 1). Papers: 1e-2 (Switch / ST-MoE [recall]); HF default 1e-3 [cfg]. */
  readonly coef?: number | undefined;
}

/**
 * Switch/GShard load-balance loss `c * E * sum_e f_e * P_e`, `P_e = mean_t p_te`, `f_e` constant:
 * - `argmax-fraction`: fraction of tokens whose argmax is e (Switch, HF `switch_transformers` [code]);
 * - `token-fraction`: fraction of tokens that selected e, sums to the average k (HF Mixtral, flaxformer [code]);
 * - `assignment-fraction`: `n_e / sum n` (Megatron-core, used by ReMoE [code]; recommended for top-p).
 *
 * Default coefficient 1 here; the Switch paper uses 1e-2 [recall], HF configs 1e-3 [cfg].
 * Returns `dL/dp_te = c E f_e / T`; use `softmaxVjp` to reach the logits.
 */
export function loadBalanceLoss(
  input: LoadBalanceInput,
  options: LoadBalanceOptions,
): LossResult<{ probabilities: Float64Array }> {
  const context = 'loadBalanceLoss';
  const { numTokens, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('probabilities', input.probabilities, [numTokens, numExperts]);
  let mask: ArrayLike<number>;
  if (options.variant === 'argmax-fraction') {
    mask = argmaxMask(input.probabilities, numTokens, numExperts);
  } else if (options.variant === 'token-fraction' || options.variant === 'assignment-fraction') {
    if (input.selection === undefined) {
      throw new InvalidArgumentError(
        'selection',
        `a [${numTokens}, ${numExperts}] 0/1 mask`,
        undefined,
        context,
      );
    }
    requireMask('selection', input.selection, [numTokens, numExperts]);
    mask = input.selection;
  } else {
    throw new InvalidArgumentError(
      'variant',
      '"argmax-fraction", "token-fraction" or "assignment-fraction"',
      options.variant,
      context,
    );
  }
  const counts = selectionCounts(mask, numTokens, numExperts);
  let denominator = numTokens;
  if (options.variant === 'assignment-fraction') {
    denominator = 0;
    for (const count of counts) denominator += count;
  }
  const weights = new Float64Array(numExperts);
  if (denominator > 0) {
    for (let expert = 0; expert < numExperts; expert++) {
      weights[expert] = (coef * numExperts * counts[expert]!) / denominator;
    }
  }
  const { value, gradProbabilities } = weightedMeanProbability(
    input.probabilities,
    numTokens,
    numExperts,
    weights,
  );
  return { value, grad: { probabilities: gradProbabilities } };
}
