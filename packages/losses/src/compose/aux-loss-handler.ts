import type { AuxLossConfig } from './aux-loss-config.ts';
import type { LayerLossContext } from './layer-loss-context.ts';

/** The config of one loss type (`AuxLossOf<'z_loss'>` is `{ type: 'z_loss'; coef?: number }`). */
export type AuxLossOf<Type extends AuxLossConfig['type']> = Extract<AuxLossConfig, { readonly type: Type }>;

/**
 * Runs one configured loss on one layer: reads what it needs from the context (throwing its typed error
 * when the layer lacks it), adds its gradient into one of the context's buffers, returns its value
 * (coefficient included). Each handler lives beside its loss; `aux-loss-table.ts` lists them.
 */
export type AuxLossHandler<Type extends AuxLossConfig['type']> = (
  loss: AuxLossOf<Type>,
  context: LayerLossContext,
) => number;
