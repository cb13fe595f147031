import { UnsupportedError } from '@anyk/core';
import { sigmoidElementwise } from '../chain/sigmoid.ts';
import { addInto } from '../compose/add-into.ts';
import type { AuxLossHandler } from '../compose/aux-loss-handler.ts';
import type { LayerLossContext } from '../compose/layer-loss-context.ts';
import { adamoeBalanceLoss } from './adamoe-balance-loss.ts';
import { deviceBalanceLoss } from './device-balance-loss.ts';
import { heterogeneousBalanceLoss } from './heterogeneous-balance-loss.ts';
import { loadBalanceLoss } from './load-balance-loss.ts';
import { sequenceBalanceLoss } from './sequence-balance-loss.ts';
import { uniMoeBalanceLoss } from './uni-moe-balance-loss.ts';

/** `load_balance` (Switch / GShard / Megatron variants) on the softmax probabilities. */
export const loadBalanceHandler: AuxLossHandler<'load_balance'> = (loss, context) => {
  const result = loadBalanceLoss(
    {
      probabilities: context.requireProbabilities(loss.type),
      numTokens: context.numTokens,
      numExperts: context.numCandidates,
      selection: context.inputs.selection,
    },
    { variant: loss.variant, coef: loss.coef },
  );
  addInto(context.gradProbabilities, result.grad.probabilities);
  return result.value;
};

/** The probabilities and selection the AdaMoE, heterogeneous and device balance losses read. */
function selectionBalanceInput(type: string, context: LayerLossContext) {
  return {
    probabilities: context.requireProbabilities(type),
    selection: context.requireSelection(type),
    numTokens: context.numTokens,
    numExperts: context.numExperts,
    numCandidates: context.numCandidates,
  };
}

/** `adamoe_balance`: AdaMoE's balance over real and null experts. */
export const adamoeBalanceHandler: AuxLossHandler<'adamoe_balance'> = (loss, context) => {
  const result = adamoeBalanceLoss(selectionBalanceInput(loss.type, context), {
    averageNullLoads: loss.averageNullLoads,
    coef: loss.coef,
  });
  addInto(context.gradProbabilities, result.grad.probabilities);
  return result.value;
};

/** `heterogeneous_balance`: MoE++'s balance with zero-computation experts weighted by tau. */
export const heterogeneousBalanceHandler: AuxLossHandler<'heterogeneous_balance'> = (loss, context) => {
  const result = heterogeneousBalanceLoss(selectionBalanceInput(loss.type, context), {
    tau: loss.tau,
    coef: loss.coef,
  });
  addInto(context.gradProbabilities, result.grad.probabilities);
  return result.value;
};

/** `device_balance`: LongCat's balance over device groups. */
export const deviceBalanceHandler: AuxLossHandler<'device_balance'> = (loss, context) => {
  const result = deviceBalanceLoss(selectionBalanceInput(loss.type, context), {
    groups: loss.groups,
    targetFfnK: loss.targetFfnK,
    k: loss.k,
    coef: loss.coef,
  });
  addInto(context.gradProbabilities, result.grad.probabilities);
  return result.value;
};

/** `sequence_balance`: DeepSeek-V3's per-sequence balance on sigmoid (or softmax) scores. */
export const sequenceBalanceHandler: AuxLossHandler<'sequence_balance'> = (loss, context) => {
  const { scoring } = context.inputs;
  let scores: Float64Array;
  if (scoring === 'sigmoid') scores = sigmoidElementwise(context.scoringLogits);
  else if (scoring === 'softmax') scores = context.requireProbabilities(loss.type);
  else
    throw new UnsupportedError(
      `loss "sequence_balance" with scoring "${scoring}"`,
      'it reads sigmoid or softmax scores',
    );
  const result = sequenceBalanceLoss(
    {
      scores,
      selection: context.requireSelection(loss.type),
      numTokens: context.numTokens,
      numExperts: context.numCandidates,
    },
    { k: loss.k, coef: loss.coef },
  );
  addInto(scoring === 'sigmoid' ? context.gradScores : context.gradProbabilities, result.grad.scores);
  return result.value;
};

/** `uni_moe_balance`: Uni-MoE-2.0's balance over the dynamic (routed + null) columns; shared columns stay out. */
export const uniMoeBalanceHandler: AuxLossHandler<'uni_moe_balance'> = (loss, context) => {
  const result = uniMoeBalanceLoss(
    {
      logits: context.inputs.logits,
      selection: context.requireSelection(loss.type),
      numTokens: context.numTokens,
      numColumns: context.numCandidates,
      dynamicColumns: context.numCandidates - (loss.sharedExperts ?? 0),
      tokenWeights: context.inputs.tokenWeights,
    },
    { coef: loss.coef },
  );
  addInto(context.gradRaw, result.grad.logits);
  return result.value;
};
