import { addInto } from '../compose/add-into.ts';
import type { AuxLossHandler } from '../compose/aux-loss-handler.ts';
import { zLoss } from './z-loss.ts';

/** `z_loss` on the raw logits (before any std-normalisation). */
export const zLossHandler: AuxLossHandler<'z_loss'> = (loss, context) => {
  const result = zLoss({ logits: context.inputs.logits, ...context.shape }, { coef: loss.coef });
  addInto(context.gradRaw, result.grad.logits);
  return result.value;
};
