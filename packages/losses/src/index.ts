/**
 * `@anyk/losses`: every auxiliary loss (`{ value, grad }` over plain typed arrays) with its input and option
 * types, the composition API that sums a layer's configured losses (`computeLayerAuxLoss`), the controllers
 * that steer routing state outside back-propagation, and the chain-rule helpers (VJPs with their forwards)
 * that carry a hand-called loss's gradient back to the router logits. The numeric building blocks behind
 * them (selection counts, epsilons, scalar sigmoids) are not exported.
 */
export * from './ada-k/index.ts';
export {
  type ActivationLocalityInput,
  type ActivationLocalityOptions,
  activationLocalityLoss,
  type ChunkSparsityInput,
  type ChunkSparsityOptions,
  chunkSparsityLoss,
} from './blockffn/index.ts';
export {
  type CosineLogitsGrad,
  type CosineSigmoidInput,
  type CosineSigmoidRouting,
  columnNormaliseVjp,
  cosineLogitsVjp,
  cosineSigmoidRouting,
  type GatingResidualGrad,
  gatingResidual,
  gatingResidualVjp,
  logSoftmaxRows,
  logSumExpRows,
  maskedSigmoidVjp,
  type ReluRmsnormRouting,
  reluRmsnormRouting,
  reluRmsnormVjp,
  type StraightThroughGateGrad,
  sigmoidElementwise,
  sigmoidVjp,
  softmaxRows,
  softmaxVjp,
  stdNormaliseRows,
  stdNormaliseVjp,
  straightThroughGateVjp,
  thresholdVjp,
} from './chain/index.ts';
export {
  type AllocatorInputs,
  AUX_LOSS_TYPES,
  type AuxLossConfig,
  type AuxLossOf,
  type CosineRouterInputs,
  computeAuxLossOverLayers,
  computeLayerAuxLoss,
  type LayerAuxLossResult,
  type LayerLossInputs,
  type LossScoring,
} from './compose/index.ts';
export * from './controllers/index.ts';
export * from './dynmoe/index.ts';
export * from './entropy/index.ts';
export {
  type AdamoeBalanceInput,
  type AdamoeBalanceOptions,
  adamoeBalanceLoss,
  type DeviceBalanceInput,
  type DeviceBalanceOptions,
  deviceBalanceLoss,
  type HeterogeneousBalanceInput,
  type HeterogeneousBalanceOptions,
  heterogeneousBalanceLoss,
  type LoadBalanceInput,
  type LoadBalanceOptions,
  type LoadBalanceVariant,
  loadBalanceLoss,
  type SequenceBalanceInput,
  type SequenceBalanceOptions,
  selectionMaskFromSlots,
  sequenceBalanceLoss,
  type UniMoeBalanceInput,
  type UniMoeBalanceOptions,
  uniMoeBalanceLoss,
} from './load-balance/index.ts';
export type { LossResult } from './loss-result.ts';
export * from './remoe/index.ts';
export * from './z-loss/index.ts';
