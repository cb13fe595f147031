import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireNumber } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';
import {
  type CandidateBalanceInput,
  candidateSelectionCounts,
  weightedMeanProbability,
} from './selection-counts.ts';

/** Probabilities s (unbiased) and the selection (top-k of s + bias) over FFN and LongCat identity experts. */
export type DeviceBalanceInput = CandidateBalanceInput;

export interface DeviceBalanceOptions {
  /** D contiguous groups of FFN experts (N must be divisible by D). */
  readonly groups: number;
  /** Expected FFN experts per token K_e. */
  readonly targetFfnK: number;
  /** Experts per token k (FFN + identity). */
  readonly k: number;
  /** Coefficient (default 1; the report's value is unknown [recall]). */
  readonly coef?: number | undefined;
}

/**
 * LongCat-Flash device-level balance (apps/docs/site/guide/algorithms.md; **reconstruction, constants
 * unverified**):
 * FFN experts form D contiguous groups of N/D, identity experts one extra group;
 * `P_j = (1/T) sum_t sum_{i in j} s_ti`, `f_j = D / (K_e T) * #selections in group j` (FFN groups),
 * `f_zero = #identity selections / ((k - K_e) T)`; loss `coef * sum_j f_j P_j` (f constant).
 */
export function deviceBalanceLoss(
  input: DeviceBalanceInput,
  options: DeviceBalanceOptions,
): LossResult<{ probabilities: Float64Array }> {
  const context = 'deviceBalanceLoss';
  const { numTokens, numExperts, numCandidates } = input;
  const { groups, targetFfnK, k } = options;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  const counts = candidateSelectionCounts(input, context);
  requireInteger('groups', groups, { min: 1 }, context);
  if (numExperts % groups !== 0) {
    throw new InvalidArgumentError('groups', `a divisor of numExperts (${numExperts})`, groups, context);
  }
  requireInteger('k', k, { min: 1 }, context);
  const numIdentity = numCandidates - numExperts;
  if (!(targetFfnK > 0 && (numIdentity === 0 ? targetFfnK <= k : targetFfnK < k))) {
    throw new InvalidArgumentError('targetFfnK', `a number in (0, k = ${k})`, targetFfnK, context);
  }
  const groupSize = numExperts / groups;
  const groupCounts = new Float64Array(groups);
  let identityCount = 0;
  for (let column = 0; column < numCandidates; column++) {
    if (column < numExperts) {
      const group = Math.floor(column / groupSize);
      groupCounts[group] = groupCounts[group]! + counts[column]!;
    } else {
      identityCount += counts[column]!;
    }
  }
  // Every member of a group shares its group's constant fraction f_j, so sum_j f_j P_j = sum_i f_{group(i)} P_i.
  const weights = new Float64Array(numCandidates);
  for (let column = 0; column < numCandidates; column++) {
    weights[column] =
      column < numExperts
        ? (coef * groups * groupCounts[Math.floor(column / groupSize)]!) / (targetFfnK * numTokens)
        : (coef * identityCount) / ((k - targetFfnK) * numTokens);
  }
  const { value, gradProbabilities } = weightedMeanProbability(
    input.probabilities,
    numTokens,
    numCandidates,
    weights,
  );
  return { value, grad: { probabilities: gradProbabilities } };
}
