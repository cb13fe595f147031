import { requireNumber } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';
import {
  type CandidateBalanceInput,
  candidateSelectionCounts,
  weightedMeanProbability,
} from './selection-counts.ts';

/** Probabilities and selection over real experts and AdaMoE null experts (see `CandidateBalanceInput`). */
export type AdamoeBalanceInput = CandidateBalanceInput;

export interface AdamoeBalanceOptions {
  /** Replace every null expert's count by the mean null count (default true, AdaMoE exp 1 [code]). */
  readonly averageNullLoads?: boolean | undefined;
  /** Coefficient (default 1; AdaMoE exp 1 uses 1e-3 [code]). */
  readonly coef?: number | undefined;
}

/**
 * AdaMoE balance loss over real + null experts (apps/docs/site/guide/algorithms.md, exp 1 form [code]):
 * `coef * (E + Z) * sum_e f_e P_e`, `f = n / sum n` where `n_e` counts the tokens selecting candidate e and,
 * with `averageNullLoads`, each null count is replaced by the mean null count (the loss then only
 * constrains the *pooled* use of null experts, which is what lets single tokens vary their k).
 * Default coefficient 1 here; 1e-3 in the released exp 1 code. Gradient w.r.t. the probabilities.
 */
export function adamoeBalanceLoss(
  input: AdamoeBalanceInput,
  options: AdamoeBalanceOptions = {},
): LossResult<{ probabilities: Float64Array }> {
  const context = 'adamoeBalanceLoss';
  const { numTokens, numExperts, numCandidates } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  const counts = candidateSelectionCounts(input, context);
  const numNull = numCandidates - numExperts;
  if ((options.averageNullLoads ?? true) && numNull > 0) {
    let nullTotal = 0;
    for (let column = numExperts; column < numCandidates; column++) nullTotal += counts[column]!;
    counts.fill(nullTotal / numNull, numExperts);
  }
  let total = 0;
  for (const count of counts) total += count;
  const weights = new Float64Array(numCandidates);
  if (total > 0) {
    for (let column = 0; column < numCandidates; column++) {
      weights[column] = (coef * numCandidates * counts[column]!) / total;
    }
  }
  const { value, gradProbabilities } = weightedMeanProbability(
    input.probabilities,
    numTokens,
    numCandidates,
    weights,
  );
  return { value, grad: { probabilities: gradProbabilities } };
}
