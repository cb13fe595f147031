export { AUX_LOSS_TYPES, type AuxLossConfig, type LossScoring } from './aux-loss-config.ts';
export {
  type AllocatorInputs,
  type CosineRouterInputs,
  computeAuxLossOverLayers,
  computeLayerAuxLoss,
  type LayerAuxLossResult,
  type LayerLossInputs,
} from './layer-aux-loss.ts';
