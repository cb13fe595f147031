import { addInto } from '../compose/add-into.ts';
import type { AuxLossHandler } from '../compose/aux-loss-handler.ts';
import type { LayerLossContext } from '../compose/layer-loss-context.ts';
import { negLogProbLoss, ppoClipLoss } from './allocator-losses.ts';

function allocatorInput(type: string, context: LayerLossContext) {
  const { inputs, grad } = context.requireAllocator(type);
  return {
    allocator: inputs,
    grad,
    input: {
      allocLogits: inputs.allocLogits,
      numTokens: context.numTokens,
      kMax: inputs.kMax,
      sampledK: inputs.sampledK,
    },
  };
}

/** `neg_log_prob`: Ada-K's REINFORCE-style allocator loss. */
export const negLogProbHandler: AuxLossHandler<'neg_log_prob'> = (loss, context) => {
  const { grad, input } = allocatorInput(loss.type, context);
  const result = negLogProbLoss(input, { coef: loss.coef });
  addInto(grad, result.grad.allocLogits);
  return result.value;
};

/** `ppo_clip`: Ada-K's PPO clipped allocator loss (needs the rollout's old log-probs and advantages). */
export const ppoClipHandler: AuxLossHandler<'ppo_clip'> = (loss, context) => {
  const { allocator, grad, input } = allocatorInput(loss.type, context);
  if (allocator.oldLogProb === undefined || allocator.advantage === undefined)
    throw context.missingInput('allocator.oldLogProb/advantage', '[T] arrays for "ppo_clip"');
  const result = ppoClipLoss(
    { ...input, oldLogProb: allocator.oldLogProb, advantage: allocator.advantage },
    { clipEps: loss.clipEps, coef: loss.coef },
  );
  addInto(grad, result.grad.allocLogits);
  return result.value;
};
