import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';

export interface RemoeLambdaConfig {
  readonly numExperts: number;
  /** Target average active experts k; the target sparsity is `1 - k / E`. */
  readonly targetK: number;
  /** Multiplier alpha (default 1.2 [code/cfg]). */
  readonly alpha?: number | undefined;
  /**
   * `code` (default): divide at equality; `paper`: unchanged at equality
   * (apps/docs/site/guide/algorithms.md).
   */
  readonly rule?: 'code' | 'paper' | undefined;
}

export interface RemoeLambdaState {
  /** Current L1 coefficient (ReMoE starts at 1e-8 [code]). */
  readonly lambda: number;
}

/**
 * Mean sparsity over layers `mean_l (1 - #(logits_l > 0) / (T E))` of `layerLogits [L, T, E]`, the quantity
 * ReMoE's training loop accumulates (apps/docs/site/guide/algorithms.md [code]).
 */
export function remoeMeanSparsity(
  layerLogits: ArrayLike<number>,
  numLayers: number,
  numTokens: number,
  numExperts: number,
): number {
  const context = 'remoeMeanSparsity';
  requireInteger('numLayers', numLayers, { min: 1 }, context);
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireTensor('layerLogits', layerLogits, [numLayers, numTokens, numExperts]);
  const perLayer = numTokens * numExperts;
  let total = 0;
  for (let layer = 0; layer < numLayers; layer++) {
    let active = 0;
    for (let index = 0; index < perLayer; index++) {
      if (layerLogits[layer * perLayer + index]! > 0) active++;
    }
    total += 1 - active / perLayer;
  }
  return total / numLayers;
}

/**
 * ReMoE adaptive L1 coefficient, one step after each optimizer step (apps/docs/site/guide/algorithms.md
 * [code]):
 * `lambda * alpha` when the measured sparsity is below the target `1 - k/E` (too many experts active),
 * else `lambda / alpha`; the paper's `alpha^sign(S* - S)` rule leaves lambda unchanged at equality.
 * Pure: state in, state out.
 */
export function remoeLambdaUpdate(
  state: RemoeLambdaState,
  sparsity: number,
  config: RemoeLambdaConfig,
): RemoeLambdaState {
  const context = 'remoeLambdaUpdate';
  requireNumber('lambda', state.lambda, {}, context);
  requireNumber('sparsity', sparsity, {}, context);
  requireInteger('numExperts', config.numExperts, { min: 1 }, context);
  requireNumber('targetK', config.targetK, { min: 0, minOpen: true }, context);
  const alpha = config.alpha ?? 1.2;
  requireNumber('alpha', alpha, { min: 0, minOpen: true }, context);
  const rule = config.rule ?? 'code';
  if (rule !== 'code' && rule !== 'paper') {
    throw new InvalidArgumentError('rule', '"code" or "paper"', rule, context);
  }
  const target = 1 - config.targetK / config.numExperts;
  if (sparsity < target) return { lambda: state.lambda * alpha };
  if (rule === 'paper' && sparsity === target) return { lambda: state.lambda };
  return { lambda: state.lambda / alpha };
}
