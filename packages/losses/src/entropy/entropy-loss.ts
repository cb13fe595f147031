import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';
import { logSoftmaxRows } from '../chain/softmax.ts';
import type { LossResult } from '../loss-result.ts';
import type { CoefficientOption, LogitsInput } from '../z-loss/z-loss.ts';

/**
 * Top-P "dynamic loss": router entropy `coef * mean_t (-sum_e p_te log p_te)`, `p = softmax(z)`
 * (apps/docs/site/guide/algorithms.md, paper only [recall]; 1e-4 in the paper as recalled). Minimising it
 * sharpens p so
 * fewer experts are needed to pass the top-p threshold. Takes logits (log p = z - logsumexp z, so p = 0
 * never hits log 0). Gradient `dL/dz_tj = -coef/T * p_tj (log p_tj + H_t)`. Default coefficient 1.
 */
export function entropyLoss(
  input: LogitsInput,
  options: CoefficientOption = {},
): LossResult<{ logits: Float64Array }> {
  const context = 'entropyLoss';
  const { numTokens, numExperts } = input;
  const coef = options.coef ?? 1;
  requireNumber('coef', coef, {}, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('logits', input.logits, [numTokens, numExperts]);
  const logProbabilities = logSoftmaxRows(input.logits, numTokens, numExperts);
  const gradLogits = new Float64Array(numTokens * numExperts);
  let value = 0;
  for (let token = 0; token < numTokens; token++) {
    const base = token * numExperts;
    let entropy = 0;
    for (let expert = 0; expert < numExperts; expert++) {
      const logProbability = logProbabilities[base + expert]!;
      entropy -= Math.exp(logProbability) * logProbability;
    }
    value += (coef * entropy) / numTokens;
    for (let expert = 0; expert < numExperts; expert++) {
      const logProbability = logProbabilities[base + expert]!;
      gradLogits[base + expert] = (-coef / numTokens) * Math.exp(logProbability) * (logProbability + entropy);
    }
  }
  return { value, grad: { logits: gradLogits } };
}
