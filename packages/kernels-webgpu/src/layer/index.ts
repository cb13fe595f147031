export {
  type EncodeLayerArgs,
  encodeLayer,
  type LayerBuffers,
  type LayerDeviceWeights,
} from './encode-layer.ts';
export {
  type EncodeRoutingArgs,
  encodeRouting,
  type LogitsSource,
  type RoutingBuffers,
} from './encode-routing.ts';
export { kernelSources } from './kernel-sources.ts';
