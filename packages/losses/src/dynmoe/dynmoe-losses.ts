import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireMask, requireNumber, requireTensor } from '@anyk/core/internal';
import { columnNormaliseVjp, columnNormsOf } from '../chain/cosine-sigmoid.ts';
import type { LossResult } from '../loss-result.ts';

/** DynMoE expert embeddings `W_g [dim, numExperts]` (one column per slot) and the active mask. */
export interface ExpertEmbeddingsInput {
  readonly expertEmbeddings: ArrayLike<number>;
  readonly dim: number;
  readonly numExperts: number;
}

export interface DiversityInput extends ExpertEmbeddingsInput {
  /** `[numExperts]` active-slot mask (1/0). */
  readonly mask: ArrayLike<number>;
}

/** DynMoE's training gate `a [T, E]` (0/1, from the straight-through estimator). */
export interface GateInput {
  readonly gate: ArrayLike<number>;
  readonly numTokens: number;
  readonly numExperts: number;
}

export interface CoefficientOnly {
  /** Coefficient (default 1). DynMoE multiplies `l_aux` by `router_aux_loss_coef = 0.01` [cfg]. */
  readonly coef?: number | undefined;
}

/**
 * DynMoE diversity `|| (Wh^T Wh) * M - I * M ||_F` (apps/docs/site/guide/algorithms.md [code:
 * `diverse_and_simple_gate_loss`]),
 * `Wh` = column-normalised `W_g`, `M = mask mask^T`: pushes active expert embeddings apart so the
 * cosine router can tell them apart. Gradient `dL/dWh = 2 Wh G`, `G = (D / L) * M`, then the
 * normalisation VJP (0 when L = 0). Default coefficient 1 (0.01 on `l_aux` in the MoE-LLaVA config).
 */
export function diversityLoss(
  input: DiversityInput,
  options: CoefficientOnly = {},
): LossResult<{ expertEmbeddings: Float64Array }> {
  const context = 'diversityLoss';
  const { dim, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('dim', dim, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('expertEmbeddings', input.expertEmbeddings, [dim, numExperts]);
  requireMask('mask', input.mask, [numExperts]);
  const norms = columnNormsOf(input.expertEmbeddings, dim, numExperts);
  const unit = new Float64Array(dim * numExperts);
  for (let index = 0; index < unit.length; index++) {
    unit[index] = input.expertEmbeddings[index]! / norms[index % numExperts]!;
  }
  const difference = new Float64Array(numExperts * numExperts);
  let squares = 0;
  for (let left = 0; left < numExperts; left++) {
    for (let right = 0; right < numExperts; right++) {
      const maskProduct = input.mask[left]! * input.mask[right]!;
      let dot = 0;
      for (let k = 0; k < dim; k++) {
        dot += unit[k * numExperts + left]! * unit[k * numExperts + right]!;
      }
      const entry = dot * maskProduct - (left === right ? maskProduct : 0);
      difference[left * numExperts + right] = entry;
      squares += entry * entry;
    }
  }
  const norm = Math.sqrt(squares);
  const gradUnit = new Float64Array(dim * numExperts);
  if (norm > 0) {
    // G = (D / L) * M is symmetric, so dL/dWh = Wh (G + G^T) = 2 Wh G.
    for (let k = 0; k < dim; k++) {
      for (let column = 0; column < numExperts; column++) {
        let total = 0;
        for (let other = 0; other < numExperts; other++) {
          const maskProduct = input.mask[other]! * input.mask[column]!;
          total += unit[k * numExperts + other]! * difference[other * numExperts + column]! * maskProduct;
        }
        gradUnit[k * numExperts + column] = (2 * coef * total) / norm;
      }
    }
  }
  return {
    value: coef * norm,
    grad: { expertEmbeddings: columnNormaliseVjp(input.expertEmbeddings, gradUnit, dim, numExperts) },
  };
}

/**
 * DynMoE simplicity `(1/E) sum_e |w_e|_2` over **all** E columns, raw (not normalised), inactive slots
 * included (apps/docs/site/guide/algorithms.md [code]). Gradient `w_e / (E |w_e|)` (0 for a zero column).
 */
export function simplicityLoss(
  input: ExpertEmbeddingsInput,
  options: CoefficientOnly = {},
): LossResult<{ expertEmbeddings: Float64Array }> {
  const context = 'simplicityLoss';
  const { dim, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('dim', dim, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('expertEmbeddings', input.expertEmbeddings, [dim, numExperts]);
  const grad = new Float64Array(dim * numExperts);
  let value = 0;
  for (let column = 0; column < numExperts; column++) {
    let squares = 0;
    for (let k = 0; k < dim; k++) squares += input.expertEmbeddings[k * numExperts + column]! ** 2;
    const norm = Math.sqrt(squares);
    value += (coef * norm) / numExperts;
    if (norm === 0) continue;
    for (let k = 0; k < dim; k++) {
      grad[k * numExperts + column] =
        (coef * input.expertEmbeddings[k * numExperts + column]!) / (numExperts * norm);
    }
  }
  return { value, grad: { expertEmbeddings: grad } };
}

/**
 * DynMoE load balance of `topanygating_opt` (apps/docs/site/guide/algorithms.md [code]), over the T' tokens
 * with `k_t >= 1`:
 * `E^2 * mean_e(me_e * ce_e)`, `me_e = mean_t a_te / sum_e' a_te'` (through the STE, the denominator
 * differentiable), `ce_e = mean_t 1{a_te > 0}` (constant); 0 when no token selected anything.
 * Gradient w.r.t. the gate: `dL/da_tj = (E / T') (ce_j / k_t - sum_e ce_e a_te / k_t^2)`; take it on with
 * `straightThroughGateVjp`. Default coefficient 1.
 */
export function dynmoeBalanceLoss(
  input: GateInput,
  options: CoefficientOnly = {},
): LossResult<{ gate: Float64Array }> {
  const context = 'dynmoeBalanceLoss';
  const { numTokens, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  checkGate(input.gate, numTokens, numExperts);
  const rowSums = new Float64Array(numTokens);
  let covered = 0;
  for (let token = 0; token < numTokens; token++) {
    let total = 0;
    for (let expert = 0; expert < numExperts; expert++) total += input.gate[token * numExperts + expert]!;
    rowSums[token] = total;
    if (total > 0) covered++;
  }
  const grad = new Float64Array(numTokens * numExperts);
  if (covered === 0) return { value: 0, grad: { gate: grad } };
  const coverage = new Float64Array(numExperts);
  const share = new Float64Array(numExperts);
  for (let token = 0; token < numTokens; token++) {
    const total = rowSums[token]!;
    if (total === 0) continue;
    for (let expert = 0; expert < numExperts; expert++) {
      const gate = input.gate[token * numExperts + expert]!;
      share[expert] = share[expert]! + gate / total / covered;
      if (gate > 0) coverage[expert] = coverage[expert]! + 1 / covered;
    }
  }
  let value = 0;
  for (let expert = 0; expert < numExperts; expert++) {
    value += coef * numExperts * share[expert]! * coverage[expert]!;
  }
  for (let token = 0; token < numTokens; token++) {
    const total = rowSums[token]!;
    if (total === 0) continue;
    let weighted = 0;
    for (let expert = 0; expert < numExperts; expert++) {
      weighted += coverage[expert]! * input.gate[token * numExperts + expert]!;
    }
    for (let expert = 0; expert < numExperts; expert++) {
      grad[token * numExperts + expert] =
        ((coef * numExperts) / covered) * (coverage[expert]! / total - weighted / (total * total));
    }
  }
  return { value, grad: { gate: grad } };
}

/**
 * DynMoE efficiency: mean of the gate over `[T, E]` = average k / E (apps/docs/site/guide/algorithms.md
 * [code]); pushes
 * toward fewer experts per token. Gradient `1 / (T E)` on every gate entry (the STE keeps only selected
 * ones). Default coefficient 1.
 */
export function efficiencyLoss(
  input: GateInput,
  options: CoefficientOnly = {},
): LossResult<{ gate: Float64Array }> {
  const context = 'efficiencyLoss';
  const { numTokens, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  checkGate(input.gate, numTokens, numExperts);
  const scale = coef / (numTokens * numExperts);
  let value = 0;
  for (let index = 0; index < numTokens * numExperts; index++) value += scale * input.gate[index]!;
  return { value, grad: { gate: new Float64Array(numTokens * numExperts).fill(scale) } };
}

export interface DynmoeAuxInput extends DiversityInput {
  readonly gate: ArrayLike<number>;
  readonly numTokens: number;
}

/**
 * DynMoE `l_aux = diversity + simplicity + balance + efficiency` of `topanygating_opt`
 * (apps/docs/site/guide/algorithms.md
 * [code]); the model multiplies it by `router_aux_loss_coef = 0.01` [cfg] (pass that as `coef`).
 */
export function dynmoeAuxLoss(
  input: DynmoeAuxInput,
  options: CoefficientOnly = {},
): LossResult<{ expertEmbeddings: Float64Array; gate: Float64Array }> {
  requireInteger('numTokens', input.numTokens, { min: 1 }, 'dynmoeAuxLoss');
  const diversity = diversityLoss(input, options);
  const simplicity = simplicityLoss(input, options);
  const balance = dynmoeBalanceLoss(input, options);
  const efficiency = efficiencyLoss(input, options);
  const expertEmbeddings = diversity.grad.expertEmbeddings.map(
    (value, index) => value + simplicity.grad.expertEmbeddings[index]!,
  );
  const gate = balance.grad.gate.map((value, index) => value + efficiency.grad.gate[index]!);
  return {
    value: diversity.value + simplicity.value + balance.value + efficiency.value,
    grad: { expertEmbeddings, gate },
  };
}

/**
 * The gate is 0/1 in the forward pass; the formulas are also defined for a relaxed gate in [0, inf), which
 * is how the straight-through gradient is checked, so only negativity and non-finite values are rejected.
 */
function checkGate(gate: ArrayLike<number>, numTokens: number, numExperts: number): void {
  requireTensor('gate', gate, [numTokens, numExperts]);
  for (let index = 0; index < gate.length; index++) {
    const value = gate[index]!;
    if (value < 0)
      throw new InvalidArgumentError(`gate[${index}]`, 'a gate value >= 0 (0/1 in the forward pass)', value);
  }
}
