import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';
import { logSumExpRows, softmaxRows } from '../chain/softmax.ts';
import type { LossResult } from '../loss-result.ts';

export interface LogitsInput {
  /** `[T, columns]` router logits. */
  readonly logits: ArrayLike<number>;
  readonly numTokens: number;
  readonly numExperts: number;
}

export interface CoefficientOption {
  readonly coef?: number | undefined;
}

/**
 * ST-MoE router z-loss `coef * mean_t (logsumexp_e z_te)^2` (apps/docs/site/guide/algorithms.md; code form:
 * flaxformer
 * `_router_z_loss`, HF `router_z_loss_func` [code]). It keeps logits small so fp32/bf16 routers stay
 * stable. Default coefficient 1 here; ST-MoE uses 1e-3 [recall], HF Switch config 1e-3 [cfg].
 * Gradient `dL/dz_tj = coef * 2/T * LSE_t * p_tj` (logsumexp subtracts the row max: no overflow).
 */
export function zLoss(
  input: LogitsInput,
  options: CoefficientOption = {},
): LossResult<{ logits: Float64Array }> {
  const context = 'zLoss';
  const { numTokens, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('logits', input.logits, [numTokens, numExperts]);
  const logSumExp = logSumExpRows(input.logits, numTokens, numExperts);
  const probabilities = softmaxRows(input.logits, numTokens, numExperts);
  const gradLogits = new Float64Array(numTokens * numExperts);
  let value = 0;
  for (let token = 0; token < numTokens; token++) {
    const lse = logSumExp[token]!;
    value += (coef * lse * lse) / numTokens;
    for (let expert = 0; expert < numExperts; expert++) {
      const index = token * numExperts + expert;
      gradLogits[index] = ((2 * coef) / numTokens) * lse * probabilities[index]!;
    }
  }
  return { value, grad: { logits: gradLogits } };
}
