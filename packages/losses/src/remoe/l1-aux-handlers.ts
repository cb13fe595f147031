import { addInto } from '../compose/add-into.ts';
import type { AuxLossHandler } from '../compose/aux-loss-handler.ts';
import { l1BalancedLoss, l1PlainLoss } from './l1-losses.ts';

/** `l1_balanced`: ReMoE's load-balanced L1 on the ReLU gates. */
export const l1BalancedHandler: AuxLossHandler<'l1_balanced'> = (loss, context) => {
  context.requireScoring(loss.type, 'relu', 'it reads ReLU gates');
  const result = l1BalancedLoss(
    { logits: context.scoringLogits, ...context.shape },
    { lambda: loss.lambda, targetK: loss.targetK },
  );
  addInto(context.gradScoring, result.grad.logits);
  return result.value;
};

/** `l1_plain`: ReMoE's plain L1 on the ReLU gates. */
export const l1PlainHandler: AuxLossHandler<'l1_plain'> = (loss, context) => {
  context.requireScoring(loss.type, 'relu', 'it reads ReLU gates');
  const result = l1PlainLoss({ logits: context.scoringLogits, ...context.shape }, { lambda: loss.lambda });
  addInto(context.gradScoring, result.grad.logits);
  return result.value;
};
