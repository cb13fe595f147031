import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';
import type { LossResult } from '../loss-result.ts';

export interface UniMoeBalanceInput {
  /** `[numTokens, numColumns]` router logits; the first `dynamicColumns` are routed + null experts. */
  readonly logits: ArrayLike<number>;
  /** `[numTokens, numColumns]` 0/1: the token's picks (before capacity dropping); shared columns ignored. */
  readonly selection: ArrayLike<number>;
  readonly numTokens: number;
  /** Every router column: routed, null and shared (E + Z + S). */
  readonly numColumns: number;
  /** Routed plus null columns D = E + Z. */
  readonly dynamicColumns: number;
  /** `[numTokens]` per-token weights `a_t` (the code's `aux_balance_weight`); all 1 when absent. */
  readonly tokenWeights?: ArrayLike<number> | undefined;
}

export interface UniMoeBalanceOptions {
  /** Coefficient (default 1; the released training uses 0.025 decaying to 0.001). */
  readonly coef?: number | undefined;
}

/**
 * Uni-MoE-2.0's balance loss (`load_balancing_loss_func` version 2): over the D dynamic columns,
 * `coef * D * sum_e f_e Pbar_e` with `f_e = sum_t a_t m_te / sum_t a_t` (m = picks, constant) and
 * `Pbar_e = sum_t a_t P_te / sum_t a_t`, `P_t = softmax over the token's picks of its logits` (a token
 * without picks has the uniform `1 / D` and no gradient). Null columns count as experts; shared columns do
 * not. Gradient w.r.t. the logits (picked dynamic columns only).
 */
export function uniMoeBalanceLoss(
  input: UniMoeBalanceInput,
  options: UniMoeBalanceOptions = {},
): LossResult<{ logits: Float64Array }> {
  const context = 'uniMoeBalanceLoss';
  const { numTokens, numColumns, dynamicColumns } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numColumns', numColumns, { min: 1 }, context);
  requireInteger('dynamicColumns', dynamicColumns, { min: 1, max: numColumns }, context);
  requireTensor('logits', input.logits, [numTokens, numColumns]);
  requireTensor('selection', input.selection, [numTokens, numColumns]);
  const tokenWeights = input.tokenWeights ?? new Float64Array(numTokens).fill(1);
  requireTensor('tokenWeights', tokenWeights, [numTokens]);
  let weightSum = 0;
  for (let t = 0; t < numTokens; t++) weightSum += tokenWeights[t]!;
  if (weightSum === 0) throw new InvalidArgumentError('tokenWeights', 'a non-zero sum', 0, context);

  const probabilities = pickSoftmax(input);
  const fractions = new Float64Array(dynamicColumns);
  const meanProbabilities = new Float64Array(dynamicColumns);
  for (let t = 0; t < numTokens; t++) {
    const weight = tokenWeights[t]! / weightSum;
    for (let e = 0; e < dynamicColumns; e++) {
      if (input.selection[t * numColumns + e]) fractions[e] = fractions[e]! + weight;
      meanProbabilities[e] = meanProbabilities[e]! + weight * probabilities[t * dynamicColumns + e]!;
    }
  }
  let value = 0;
  for (let e = 0; e < dynamicColumns; e++) value += fractions[e]! * meanProbabilities[e]!;
  value *= coef * dynamicColumns;

  const logits = new Float64Array(numTokens * numColumns);
  for (let t = 0; t < numTokens; t++) {
    const weight = tokenWeights[t]! / weightSum;
    const row = t * dynamicColumns;
    let dot = 0;
    for (let e = 0; e < dynamicColumns; e++) {
      if (!input.selection[t * numColumns + e]) continue;
      dot += probabilities[row + e]! * coef * dynamicColumns * fractions[e]! * weight;
    }
    for (let e = 0; e < dynamicColumns; e++) {
      if (!input.selection[t * numColumns + e]) continue;
      const probabilityGrad = coef * dynamicColumns * fractions[e]! * weight;
      logits[t * numColumns + e] = probabilities[row + e]! * (probabilityGrad - dot);
    }
  }
  return { value, grad: { logits } };
}

/** `[T, D]` softmax of each token's logits over its picked dynamic columns (uniform without picks). */
function pickSoftmax(input: UniMoeBalanceInput): Float64Array {
  const { numTokens, numColumns, dynamicColumns, logits, selection } = input;
  const probabilities = new Float64Array(numTokens * dynamicColumns);
  for (let t = 0; t < numTokens; t++) {
    const row = t * numColumns;
    let max = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < dynamicColumns; e++) if (selection[row + e]) max = Math.max(max, logits[row + e]!);
    if (max === Number.NEGATIVE_INFINITY) {
      probabilities.fill(1 / dynamicColumns, t * dynamicColumns, (t + 1) * dynamicColumns);
      continue;
    }
    let sum = 0;
    for (let e = 0; e < dynamicColumns; e++) if (selection[row + e]) sum += Math.exp(logits[row + e]! - max);
    for (let e = 0; e < dynamicColumns; e++) {
      if (selection[row + e]) probabilities[t * dynamicColumns + e] = Math.exp(logits[row + e]! - max) / sum;
    }
  }
  return probabilities;
}
