export type { AuxLossConfig, LossScoring } from './aux-loss-config.ts';
export type { AuxLossHandler, AuxLossOf } from './aux-loss-handler.ts';
export { AUX_LOSS_TYPES } from './aux-loss-table.ts';
export {
  type AllocatorInputs,
  type CosineRouterInputs,
  computeAuxLossOverLayers,
  computeLayerAuxLoss,
  type LayerAuxLossResult,
  type LayerLossInputs,
} from './layer-aux-loss.ts';
