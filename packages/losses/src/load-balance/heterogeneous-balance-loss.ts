import type { LossResult } from '../loss-result.ts';
import {
  checkDims,
  checkFiniteScalar,
  checkInteger,
  checkMask,
  checkTensor,
} from '../validation/validate.ts';
import { selectionCounts, weightedMeanProbability } from './selection-counts.ts';

export interface HeterogeneousBalanceInput {
  /** `[T, N]` softmax probabilities over FFN and zero-computation experts. */
  readonly probabilities: ArrayLike<number>;
  /** `[T, N]` 0/1 top-k selection. */
  readonly selection: ArrayLike<number>;
  readonly numTokens: number;
  /** FFN experts E (ids `0..E-1`); columns `E..N-1` are zero-computation experts. */
  readonly numExperts: number;
  readonly numCandidates: number;
}

export interface HeterogeneousBalanceOptions {
  /** Weight eta of zero-computation experts (default 0.75, MoE++ paper as recalled [recall]). */
  readonly tau?: number | undefined;
  /** Coefficient (default 1; the paper's beta = 0.01 [recall]). */
  readonly coef?: number | undefined;
}

/**
 * MoE++ heterogeneous load balance (algorithms.md §8c, **[recall], unverified**):
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
  checkFiniteScalar('coef', coef, context);
  checkFiniteScalar('tau', tau, context);
  checkDims(numTokens, numCandidates, 'numCandidates', context);
  checkInteger('numExperts', numExperts, 1, context);
  if (numExperts > numCandidates) checkInteger('numCandidates', numCandidates, numExperts, context);
  checkTensor('probabilities', input.probabilities, [numTokens, numCandidates]);
  checkMask('selection', input.selection, [numTokens, numCandidates]);
  const counts = selectionCounts(input.selection, numTokens, numCandidates);
  const weights = new Float64Array(numCandidates);
  for (let column = 0; column < numCandidates; column++) {
    const eta = column < numExperts ? 1 : tau;
    weights[column] = (coef * eta * (counts[column] as number)) / numTokens;
  }
  const { value, gradProbabilities } = weightedMeanProbability(
    input.probabilities,
    numTokens,
    numCandidates,
    weights,
  );
  return { value, grad: { probabilities: gradProbabilities } };
}
