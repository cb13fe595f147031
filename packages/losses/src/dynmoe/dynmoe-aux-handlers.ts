import type { AuxLossOf } from '../compose/aux-loss-handler.ts';
import type { LayerLossContext } from '../compose/layer-loss-context.ts';
import type { CosineLossType } from './cosine-loss-state.ts';

/**
 * One handler for every DynMoE loss: each accumulates into the layer's cosine gate state, which chains the
 * gate, theta and W_g gradients back once all losses ran.
 */
export function dynmoeHandler<Type extends CosineLossType>(
  loss: AuxLossOf<Type>,
  context: LayerLossContext,
): number {
  const { type, coef } = loss as AuxLossOf<CosineLossType>;
  return context.requireCosine(type).apply(type, coef);
}
