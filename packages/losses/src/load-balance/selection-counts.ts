import { requireInteger, requireMask, requireTensor } from '@anyk/core/internal';

/**
 * Input of the balance losses over FFN experts plus zero-computation candidates (AdaMoE null experts,
 * MoE++ zero / copy / constant experts, LongCat identity experts): columns `0..E-1` are FFN experts, the
 * rest (`E..N-1`) the zero-computation ones.
 */
export interface CandidateBalanceInput {
  /** `[T, N]` softmax probabilities over every candidate. */
  readonly probabilities: ArrayLike<number>;
  /** `[T, N]` 0/1 selection over every candidate. */
  readonly selection: ArrayLike<number>;
  readonly numTokens: number;
  /** FFN experts E (ids `0..E-1`). */
  readonly numExperts: number;
  /** All candidates N = E + Z. */
  readonly numCandidates: number;
}

/** Validates a {@link CandidateBalanceInput} (shapes, E <= N, 0/1 selection) and returns its `n_e`. */
export function candidateSelectionCounts(input: CandidateBalanceInput, context: string): Float64Array {
  const { numTokens, numExperts, numCandidates } = input;
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numCandidates', numCandidates, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  if (numExperts > numCandidates)
    requireInteger('numCandidates', numCandidates, { min: numExperts }, context);
  requireTensor('probabilities', input.probabilities, [numTokens, numCandidates]);
  requireMask('selection', input.selection, [numTokens, numCandidates]);
  return selectionCounts(input.selection, numTokens, numCandidates);
}

/**
 * `n_e`: how many tokens selected candidate e, from a dense 0/1 selection mask `[T, columns]`.
 * Counts are constants for every balance loss (fixtures README §4 "Gradients": f constant).
 */
export function selectionCounts(
  selection: ArrayLike<number>,
  numTokens: number,
  columns: number,
): Float64Array {
  const counts = new Float64Array(columns);
  for (let token = 0; token < numTokens; token++) {
    for (let column = 0; column < columns; column++) {
      if (selection[token * columns + column]! !== 0) counts[column] = counts[column]! + 1;
    }
  }
  return counts;
}

/** Per token, the index of the largest entry (ties: lower index), as a dense 0/1 mask `[T, columns]`. */
export function argmaxMask(values: ArrayLike<number>, numTokens: number, columns: number): Float64Array {
  const mask = new Float64Array(numTokens * columns);
  for (let token = 0; token < numTokens; token++) {
    let best = 0;
    for (let column = 1; column < columns; column++) {
      if (values[token * columns + column]! > values[token * columns + best]!) best = column;
    }
    mask[token * columns + best] = 1;
  }
  return mask;
}

/**
 * Token-major slots (`slotExpert [T, kMax]`, -1 = empty, as in `TokenSlotsV1`) to a dense 0/1 selection
 * mask `[T, columns]`, the form every loss here reads.
 */
export function selectionMaskFromSlots(
  slotExpert: ArrayLike<number>,
  numTokens: number,
  kMax: number,
  columns: number,
): Float64Array {
  const mask = new Float64Array(numTokens * columns);
  for (let token = 0; token < numTokens; token++) {
    for (let slot = 0; slot < kMax; slot++) {
      const expert = slotExpert[token * kMax + slot]!;
      if (expert >= 0 && expert < columns) mask[token * columns + expert] = 1;
    }
  }
  return mask;
}

/**
 * Shared core of every Switch-style balance loss `sum_e c_e * P_e` with `P_e = mean_t p_te` and constant
 * weights `c_e` (coefficient, scale and load fraction folded in): value and `dL/dp_te = c_e / T`.
 */
export function weightedMeanProbability(
  probabilities: ArrayLike<number>,
  numTokens: number,
  columns: number,
  weights: ArrayLike<number>,
): { value: number; gradProbabilities: Float64Array } {
  const gradProbabilities = new Float64Array(numTokens * columns);
  let value = 0;
  for (let token = 0; token < numTokens; token++) {
    for (let column = 0; column < columns; column++) {
      const index = token * columns + column;
      const weight = weights[column]! / numTokens;
      value += weight * probabilities[index]!;
      gradProbabilities[index] = weight;
    }
  }
  return { value, gradProbabilities };
}
