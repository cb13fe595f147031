import { requireNumber } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';
import {
  type CandidateBalanceInput,
  candidateSelectionCounts,
  weightedMeanProbability,
} from './selection-counts.ts';

/** Probabilities and selection over FFN experts and MoE++ zero-computation experts (see `CandidateBalanceInput`). */
export type HeterogeneousBalanceInput = CandidateBalanceInput;

export interface HeterogeneousBalanceOptions {
  /** Weight eta of zero-computation experts (default 0.75, MoE++ paper as recalled [recall]). */
  readonly tau?: number | undefined;
  /** Coefficient (default 1; the paper's beta = 0.01 [recall]). */
  readonly coef?: number | undefined;
}

/**
 * MoE++ heterogeneous load balance (apps/docs/site/guide/algorithms.md, **[recall], unverified**):
 * `coef * sum_i eta_i f_i P_i`, `eta = 1` for FFN experts and `tau` for zero-computation experts,
 * `f_i = n_i / T` (fraction of tokens selecting i, constant), `P_i = mean_t p_ti`.
 * A smaller tau penalises zero-computation experts less, so more tokens move to them.
 */
export function heterogeneousBalanceLoss(
  input: HeterogeneousBalanceInput,
  options: HeterogeneousBalanceOptions = {},
): LossResult<{ probabilities: Float64Array }> {
  const context = 'heterogeneousBalanceLoss';
  const { numTokens, numExperts, numCandidates } = input;
  const coef = options.coef ?? 1;
  const tau = options.tau ?? 0.75;
  requireNumber('coef', coef, {}, context);
  requireNumber('tau', tau, {}, context);
  const counts = candidateSelectionCounts(input, context);
  const weights = new Float64Array(numCandidates);
  for (let column = 0; column < numCandidates; column++) {
    const eta = column < numExperts ? 1 : tau;
    weights[column] = (coef * eta * counts[column]!) / numTokens;
  }
  const { value, gradProbabilities } = weightedMeanProbability(
    input.probabilities,
    numTokens,
    numCandidates,
    weights,
  );
  return { value, grad: { probabilities: gradProbabilities } };
}
