export { type LayerRouterTensors, layerAuxLoss, selectionMask } from './layer-aux-losses.ts';
export { createLayerRouter, type LayerRouter } from './layer-router.ts';
export { defaultAuxLosses, type RouterConfig, type RouterFamilyName } from './router-config.ts';
