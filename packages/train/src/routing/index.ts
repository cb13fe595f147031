export {
  type ControlledCoefficients,
  type LayerRouterTensors,
  layerAuxLoss,
  previousTokenIndex,
  selectionMask,
} from './layer-aux-losses.ts';
export { createLayerRouter, type LayerRouter } from './layer-router.ts';
export {
  checkRouterConfigKeys,
  chunkScheduleOf,
  defaultAuxLosses,
  defaultChunkSize,
  type RouterConfig,
  type RouterFamilyName,
  trainableRouterFamilies,
} from './router-config.ts';
