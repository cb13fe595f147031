export {
  type EncodeLayerArgs,
  encodeLayer,
  type LayerBuffers,
  type LayerDeviceWeights,
  type SharedDeviceWeights,
} from './encode-layer.ts';
export {
  type EncodeLayerBackwardArgs,
  encodeLayerBackward,
  type LayerBackwardBuffers,
} from './encode-layer-backward.ts';
export {
  type EncodeRoutingArgs,
  encodeRouting,
  type LogitsSource,
  type RoutingBuffers,
  type SlotBuffers,
} from './encode-routing.ts';
export { type EncodeSharedExpertsArgs, encodeSharedExperts } from './encode-shared-experts.ts';
export { kernelSources } from './kernel-sources.ts';
export { type SharedExpertPlan, sharedExpertPlan } from './shared-expert-plan.ts';
