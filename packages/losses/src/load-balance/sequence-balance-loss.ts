import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireMask, requireNumber, requireTensor } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';
import { selectionCounts } from './selection-counts.ts';

export interface SequenceBalanceInput {
  /** `[T, E]` affinity scores s (sigmoid, or softmax), unbiased, all >= 0 with a positive row sum. */
  readonly scores: ArrayLike<number>;
  /** `[T, E]` 0/1 selection (top-k of the biased scores). */
  readonly selection: ArrayLike<number>;
  readonly numTokens: number;
  readonly numExperts: number;
}

export interface SequenceBalanceOptions {
  /** Experts per token K_r. */
  readonly k: number;
  /** Coefficient alpha (default 1; DeepSeek-V3 report: 1e-4 [recall]). */
  readonly coef?: number | undefined;
}

/**
 * DeepSeek-V3 complementary sequence-wise balance loss (apps/docs/site/guide/algorithms.md [recall]):
 * `coef * sum_i f_i P_i`, `f_i = E / (k T) * #tokens selecting i` (constant),
 * `P_i = mean_t s_ti / sum_j s_tj`. Call it once per sequence. Gradient w.r.t. the scores
 * `dL/ds_tj = coef / T * (f_j / S_t - sum_i f_i s_ti / S_t^2)`; use `sigmoidVjp` to reach the logits.
 */
export function sequenceBalanceLoss(
  input: SequenceBalanceInput,
  options: SequenceBalanceOptions,
): LossResult<{ scores: Float64Array }> {
  const context = 'sequenceBalanceLoss';
  const { numTokens, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireInteger('k', options.k, { min: 1 }, context);
  requireTensor('scores', input.scores, [numTokens, numExperts]);
  requireMask('selection', input.selection, [numTokens, numExperts]);
  const counts = selectionCounts(input.selection, numTokens, numExperts);
  const fractions = counts.map((count) => (numExperts * count) / (options.k * numTokens));
  const gradScores = new Float64Array(numTokens * numExperts);
  let value = 0;
  for (let token = 0; token < numTokens; token++) {
    const base = token * numExperts;
    let rowSum = 0;
    let weighted = 0;
    for (let expert = 0; expert < numExperts; expert++) {
      const score = input.scores[base + expert]!;
      rowSum += score;
      weighted += fractions[expert]! * score;
    }
    if (!(rowSum > 0)) {
      throw new InvalidArgumentError(
        `scores row ${token}`,
        'non-negative scores with a positive sum',
        rowSum,
        context,
      );
    }
    value += (coef * weighted) / (rowSum * numTokens);
    for (let expert = 0; expert < numExperts; expert++) {
      gradScores[base + expert] =
        (coef / numTokens) * (fractions[expert]! / rowSum - weighted / (rowSum * rowSum));
    }
  }
  return { value, grad: { scores: gradScores } };
}
