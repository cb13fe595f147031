export { buildExpertPlan } from './build-expert-plan.ts';
export { createReferenceBackend, type ReferenceBackendOptions } from './create-reference-backend.ts';
export type { ExpertActivations, ExpertWeights } from './expert-ffn.ts';
export { expertActivation, expertBackward, expertForward } from './expert-ffn.ts';
export {
  assertFiniteResult,
  assertWithinMemoryCap,
  type LayerTrace,
  layerBackwardReference,
  layerForwardReference,
  layerRouteInput,
  validateBackwardInput,
  validateLayer,
  validateLayerInput,
} from './layer-reference.ts';
export { LayerValidator } from './layer-validator.ts';
export { type RouteCotangents, routeBackwardReference } from './route-backward-reference.ts';
export {
  logSoftmaxRows,
  type RoutingTrace,
  rankByLogSoftmax,
  routeReference,
} from './route-reference.ts';
export {
  type SharedExpertsTrace,
  sharedExpertGates,
  sharedExpertWeights,
  sharedGateBackward,
  validateSharedExperts,
} from './shared-experts.ts';
export {
  logScoreKind,
  logSigmoid,
  renormaliseRatios,
  stdNormaliseRelativeFloor,
  stdNormaliseRowStd,
} from './stable-renormalise.ts';
export {
  type UniMoePick,
  type UniMoeTrace,
  uniMoeCapacity,
  uniMoeCount,
  uniMoePicks,
} from './uni-moe-routing.ts';
export { validateRouteInput, validateRouterExtras } from './validate-route-input.ts';
export { dynamicExperts, totalExperts, validateRouterSpec, zeroExpertKinds } from './validate-spec.ts';
export {
  constantExpertIndices,
  constantExpertMix,
  type ZeroExpertsGradTargets,
  zeroExpertsBackward,
} from './zero-experts.ts';
