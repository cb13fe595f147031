import { addInto } from '../compose/add-into.ts';
import type { AuxLossHandler } from '../compose/aux-loss-handler.ts';
import { entropyLoss } from './entropy-loss.ts';

/** `entropy` of the softmax distribution (softmax scoring only), at the scoring logits. */
export const entropyHandler: AuxLossHandler<'entropy'> = (loss, context) => {
  context.requireProbabilities(loss.type);
  const result = entropyLoss({ logits: context.scoringLogits, ...context.shape }, { coef: loss.coef });
  addInto(context.gradScoring, result.grad.logits);
  return result.value;
};
