import { InvalidArgumentError, UnsupportedError } from '@anyk/core';
import { requireInteger, requireMask, requireNumber, requireTensor } from '@anyk/core/internal';
import { allocatorLogProb } from '../ada-k/allocator-losses.ts';
import type { AuxLossConfig } from './aux-loss-config.ts';
import type { AuxLossHandler } from './aux-loss-handler.ts';
import { AUX_LOSS_TYPES, auxLossTable } from './aux-loss-table.ts';
import { LayerLossContext } from './layer-loss-context.ts';
import type { LayerAuxLossResult, LayerLossInputs } from './layer-loss-inputs.ts';

export type {
  AllocatorInputs,
  CosineRouterInputs,
  LayerAuxLossResult,
  LayerLossInputs,
} from './layer-loss-inputs.ts';

const context = 'computeLayerAuxLoss';

/** Rejects a `coef` / `lambda` that is not a finite number, naming `losses[i].coef`. */
function checkCoefficients(losses: readonly AuxLossConfig[]): void {
  losses.forEach((loss, index) => {
    for (const key of ['coef', 'lambda'] as const) {
      const value = (loss as { [name: string]: unknown } | null)?.[key];
      if (value !== undefined) requireNumber(`losses[${index}].${key}`, value, {}, context);
    }
  });
}

/** The table's handler for a config, or the typed error listing the known types. */
function handlerFor(loss: AuxLossConfig): AuxLossHandler<AuxLossConfig['type']> {
  if (loss === null || typeof loss !== 'object' || !AUX_LOSS_TYPES.includes(loss.type)) {
    throw new UnsupportedError(
      `auxiliary loss type ${JSON.stringify((loss as { type?: unknown })?.type)}`,
      `known types are ${AUX_LOSS_TYPES.join(', ')}`,
    );
  }
  return auxLossTable[loss.type] as AuxLossHandler<AuxLossConfig['type']>;
}

/**
 * Sums the configured auxiliary losses of one MoE layer and takes their gradient back to the router
 * logits (and the family's own parameters), with the exact chain rules of `chain/`. This is the one call a
 * training loop needs per layer; {@link computeAuxLossOverLayers} sums layers (losses attach per layer,
 * as in Megatron and ReMoE). Each loss is a handler in `auxLossTable`, beside the loss itself.
 *
 * @example
 * ```ts
 * import { computeLayerAuxLoss } from '@anyk/losses';
 *
 * // Switch load balance plus z-loss on one layer's router logits [T = 2, E = 4].
 * const { value, gradLogits } = computeLayerAuxLoss(
 *   { numTokens: 2, numExperts: 4, logits: [2, 1, 0, -1, 0, 0, 1, 0], scoring: 'softmax' },
 *   [
 *     { type: 'load_balance', variant: 'argmax-fraction', coef: 1e-2 }, // Switch Transformer
 *     { type: 'z_loss', coef: 1e-3 },
 *   ],
 * );
 * // add gradLogits to the router logits' gradient before the backward
 * ```
 * @throws {InvalidArgumentError} / {ShapeError} when an input is missing or misshaped for a configured loss (named)
 * @throws {UnsupportedError} for a loss type this package does not implement, or one the layer's scoring cannot feed
 */
export function computeLayerAuxLoss(
  inputs: LayerLossInputs,
  losses: readonly AuxLossConfig[],
): LayerAuxLossResult {
  const { numTokens, numExperts } = inputs;
  const numCandidates = inputs.numCandidates ?? numExperts;
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireInteger('numExperts', numExperts, { min: 1 }, context);
  requireInteger('numCandidates', numCandidates, { min: numExperts }, context);
  requireTensor('logits', inputs.logits, [numTokens, numCandidates]);
  if (!Array.isArray(losses))
    throw new InvalidArgumentError('losses', 'an array of loss configs', losses, context);
  if (inputs.selection !== undefined) requireMask('selection', inputs.selection, [numTokens, numCandidates]);
  const layer = new LayerLossContext(inputs, numCandidates);
  checkCoefficients(losses);
  const terms: { type: AuxLossConfig['type']; value: number }[] = [];
  for (const loss of losses) terms.push({ type: loss.type, value: handlerFor(loss)(loss, layer) });
  const value = terms.reduce((total, term) => total + term.value, 0);
  return layer.chainToLogits(value, terms);
}

/** Per-layer results and their sum (each layer's loss is attached separately, so totals add up). */
export function computeAuxLossOverLayers(
  layers: readonly LayerLossInputs[],
  losses: readonly AuxLossConfig[],
): { value: number; layers: LayerAuxLossResult[] } {
  const results = layers.map((layer) => computeLayerAuxLoss(layer, losses));
  return { value: results.reduce((total, layer) => total + layer.value, 0), layers: results };
}

/** Ada-K `log pi(k_t)` per token (re-exported here for training loops that build PPO rollouts). */
export { allocatorLogProb };
