import type { FloatArray, RoutingResultV1 } from '@anyk/core';
import { type AuxLossConfig, computeLayerAuxLoss, type LayerAuxLossResult } from '@anyk/losses';
import { uniMoE2 } from '@anyk/routers/uni-moe-2';
import type { LayerRouter } from './layer-router.ts';

/** The router tensors of one layer that the losses read (DynMoE's cosine path). */
export interface LayerRouterTensors {
  readonly router: FloatArray;
  readonly thresholds?: FloatArray | undefined;
  readonly mask?: FloatArray | undefined;
}

/** `[T, numExperts + Z]` 0/1 mask of the experts each token selected (real and zero-computation). */
export function selectionMask(routing: RoutingResultV1, candidates: number): Float64Array {
  const mask = new Float64Array(routing.tokens * candidates);
  for (let token = 0; token < routing.tokens; token++) {
    for (let slot = 0; slot < routing.kMax; slot++) {
      const expert = routing.slotExpert[token * routing.kMax + slot]!;
      if (expert >= 0) mask[token * candidates + expert] = 1;
    }
  }
  return mask;
}

/** The coefficients the trainer's controllers set each step, replacing the configured ones. */
export interface ControlledCoefficients {
  /** ReMoE's L1 coefficient (its lambda controller). */
  readonly remoeLambda: number;
  /** BlockFFN's chunk-sparsity coefficient (its adaptive schedule); undefined keeps the configured one. */
  readonly chunkSparsity?: number | undefined;
}

/** `[T]` each token's previous token in its own sequence (-1 at a sequence start): BlockFFN's locality pairs. */
export function previousTokenIndex(sequences: number, length: number): Int32Array {
  const index = new Int32Array(sequences * length);
  for (let token = 0; token < index.length; token++) index[token] = token % length === 0 ? -1 : token - 1;
  return index;
}

/**
 * The 0/1 selection the balance losses read: the routing's slots, except for Uni-MoE-2.0, whose loss
 * counts every pick before its capacity drop (`m` of the released loss), so its picks are recomputed
 * from the logits by its router.
 */
function lossSelection(router: LayerRouter, routing: RoutingResultV1): Float64Array {
  const config = router.config;
  if (config.family !== 'uni-moe-2') return selectionMask(routing, router.totalExperts);
  const { family: _family, ...options } = config;
  const family = uniMoE2({ numExperts: router.numExperts, ...options });
  const picks = family.picks(routing.logits, routing.tokens);
  const mask = new Float64Array(routing.tokens * router.totalExperts);
  for (let token = 0; token < routing.tokens; token++)
    for (let column = 0; column < family.dynamicExperts; column++)
      mask[token * router.totalExperts + column] = picks[token * family.dynamicExperts + column]!;
  return mask;
}

/**
 * One layer's auxiliary losses through `@anyk/losses`: builds the loss inputs from the routing the
 * backend returned (logits after the gating residual, selection before capacity dropping, DynMoE's
 * cosine tensors, BlockFFN's previous-token pairs of the batch's `sequences x length` windows), with the
 * coefficients the controllers own replaced by their current values.
 */
export function layerAuxLoss(
  router: LayerRouter,
  routing: RoutingResultV1,
  tensors: LayerRouterTensors,
  batch: { readonly d: number; readonly sequences: number; readonly length: number },
  losses: readonly AuxLossConfig[],
  coefficients: ControlledCoefficients,
): LayerAuxLossResult | undefined {
  if (losses.length === 0) return undefined;
  const { d } = batch;
  const resolved = losses.map((loss) => {
    if (loss.type === 'l1_balanced' || loss.type === 'l1_plain')
      return { ...loss, lambda: coefficients.remoeLambda };
    if (loss.type === 'chunk_sparsity' && coefficients.chunkSparsity !== undefined)
      return { ...loss, coef: coefficients.chunkSparsity };
    return loss;
  });
  const spec = router.spec('train', routing.tokens);
  const cosine =
    router.cosine && tensors.thresholds && tensors.mask
      ? {
          expertEmbeddings: tensors.router,
          dim: d,
          thresholds: tensors.thresholds,
          mask: tensors.mask,
          logitScale: spec.logits.kind === 'cosine' ? spec.logits.logitScale : 1,
        }
      : undefined;
  return computeLayerAuxLoss(
    {
      numTokens: routing.tokens,
      numExperts: router.numExperts,
      numCandidates: router.totalExperts,
      logits: routing.logits,
      scoring: router.lossScoring,
      stdNormalise: spec.stdNormalise,
      selection: lossSelection(router, routing),
      cosine,
      ...(spec.scoring.kind === 'relu-rmsnorm'
        ? { eps: spec.scoring.eps, prevIndex: previousTokenIndex(batch.sequences, batch.length) }
        : {}),
    },
    resolved,
  );
}
