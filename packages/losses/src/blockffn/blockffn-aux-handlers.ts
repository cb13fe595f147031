import { requireNumber } from '@anyk/core/internal';
import { reluRmsnormRouting } from '../chain/relu-rmsnorm.ts';
import { addInto } from '../compose/add-into.ts';
import type { AuxLossHandler } from '../compose/aux-loss-handler.ts';
import { activationLocalityLoss } from './activation-locality-loss.ts';
import { chunkSparsityLoss } from './chunk-sparsity-loss.ts';

/** `activation_locality`: BlockFFN's previous-token agreement, at the scoring logits. */
export const activationLocalityHandler: AuxLossHandler<'activation_locality'> = (loss, context) => {
  context.requireScoring(loss.type, 'relu-rmsnorm', 'it is a BlockFFN loss');
  const { prevIndex } = context.inputs;
  if (prevIndex === undefined)
    throw context.missingInput('prevIndex', `a [${context.numTokens}] index array for "${loss.type}"`);
  const result = activationLocalityLoss(
    { logits: context.scoringLogits, ...context.shape, prevIndex },
    { sharpness: loss.sharpness, detachTarget: loss.detachTarget, coef: loss.coef },
  );
  addInto(context.gradScoring, result.grad.logits);
  return result.value;
};

/** `chunk_sparsity`: BlockFFN's chunk-level sparsity, at the relu-rmsnorm distribution. */
export const chunkSparsityHandler: AuxLossHandler<'chunk_sparsity'> = (loss, context) => {
  context.requireScoring(loss.type, 'relu-rmsnorm', 'it is a BlockFFN loss');
  const eps = context.inputs.eps ?? 1e-5;
  requireNumber('eps', eps, {}, 'computeLayerAuxLoss');
  const { distribution } = reluRmsnormRouting(
    context.scoringLogits,
    context.numTokens,
    context.numCandidates,
    eps,
  );
  const result = chunkSparsityLoss(
    { distribution, ...context.shape, sequenceMask: context.inputs.sequenceMask },
    { chunkSize: loss.chunkSize, coef: loss.coef },
  );
  addInto(context.gradDistribution, result.grad.distribution);
  return result.value;
};
