import type { FloatArray, RoutingResultV1 } from '@anyk/core';
import { type AuxLossConfig, computeLayerAuxLoss, type LayerAuxLossResult } from '@anyk/losses';
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

/**
 * One layer's auxiliary losses through `@anyk/losses`: builds the loss inputs from the routing the
 * backend returned (logits after the gating residual, selection before capacity dropping, DynMoE's
 * cosine tensors), with ReMoE's L1 coefficient replaced by the controller's current `lambda`.
 */
export function layerAuxLoss(
  router: LayerRouter,
  routing: RoutingResultV1,
  tensors: LayerRouterTensors,
  d: number,
  losses: readonly AuxLossConfig[],
  remoeLambda: number,
): LayerAuxLossResult | undefined {
  if (losses.length === 0) return undefined;
  const resolved = losses.map((loss) =>
    loss.type === 'l1_balanced' || loss.type === 'l1_plain' ? { ...loss, lambda: remoeLambda } : loss,
  );
  const spec = router.spec('train');
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
      selection: selectionMask(routing, router.totalExperts),
      cosine,
    },
    resolved,
  );
}
