import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireMask, requireNumber, requireTensor } from '@anyk/core/internal';
import { cosineLogitsVjp, maskedSigmoidVjp } from '../chain/cosine-sigmoid.ts';
import { sigmoid } from '../chain/sigmoid.ts';
import { straightThroughGateVjp, thresholdVjp } from '../chain/straight-through-gate.ts';
import { addInto } from '../compose/add-into.ts';
import type { LayerLossInputs } from '../compose/layer-loss-inputs.ts';
import {
  diversityLoss,
  dynmoeAuxLoss,
  dynmoeBalanceLoss,
  efficiencyLoss,
  simplicityLoss,
} from './dynmoe-losses.ts';

/** The DynMoE losses that read the cosine router's gate and expert embeddings. */
export type CosineLossType = 'diversity' | 'simplicity' | 'dynmoe_balance' | 'efficiency' | 'l_aux';

/** What {@link cosineLossState} returns. */
export type CosineLossState = ReturnType<typeof cosineLossState>;

/**
 * DynMoE: gate from the logits, loss accumulation on the gate and W_g, and the final chain to z, theta, x.
 * Built once per layer (it validates the cosine router inputs); each DynMoE loss `apply`s into it and
 * `finish` chains the summed gate gradient back.
 */
export function cosineLossState(inputs: LayerLossInputs) {
  const context = 'computeLayerAuxLoss';
  const cosine = inputs.cosine;
  if (!cosine)
    throw new InvalidArgumentError(
      'cosine',
      'DynMoE router inputs for cosine-sigmoid scoring',
      undefined,
      context,
    );
  const { numTokens, numExperts } = inputs;
  if ((inputs.numCandidates ?? numExperts) !== numExperts) {
    throw new InvalidArgumentError(
      'numCandidates',
      `equal to numExperts (${numExperts}) for DynMoE`,
      inputs.numCandidates,
      context,
    );
  }
  requireNumber('cosine.logitScale', cosine.logitScale, {}, context);
  requireInteger('cosine.dim', cosine.dim, { min: 1 }, context);
  requireTensor('cosine.expertEmbeddings', cosine.expertEmbeddings, [cosine.dim, numExperts]);
  requireTensor('cosine.thresholds', cosine.thresholds, [numExperts]);
  requireMask('cosine.mask', cosine.mask, [numExperts]);
  if (cosine.x !== undefined) requireTensor('cosine.x', cosine.x, [numTokens, cosine.dim]);
  const gate = new Float64Array(numTokens * numExperts);
  for (let token = 0; token < numTokens; token++) {
    for (let expert = 0; expert < numExperts; expert++) {
      const index = token * numExperts + expert;
      const score = sigmoid(inputs.logits[index]!) * cosine.mask[expert]!;
      if (score > sigmoid(cosine.logitScale * cosine.thresholds[expert]!)) gate[index] = 1;
    }
  }
  const gradGate = new Float64Array(numTokens * numExperts);
  const gradEmbeddings = new Float64Array(cosine.dim * numExperts);
  const embeddingsInput = {
    expertEmbeddings: cosine.expertEmbeddings,
    dim: cosine.dim,
    numExperts,
    mask: cosine.mask,
  };
  const gateInput = { gate, numTokens, numExperts };
  return {
    apply(type: CosineLossType, coef: number | undefined): number {
      const options = { coef };
      if (type === 'diversity' || type === 'simplicity') {
        const result =
          type === 'diversity'
            ? diversityLoss(embeddingsInput, options)
            : simplicityLoss(embeddingsInput, options);
        addInto(gradEmbeddings, result.grad.expertEmbeddings);
        return result.value;
      }
      if (type === 'l_aux') {
        const result = dynmoeAuxLoss({ ...embeddingsInput, gate, numTokens }, options);
        addInto(gradEmbeddings, result.grad.expertEmbeddings);
        addInto(gradGate, result.grad.gate);
        return result.value;
      }
      const result =
        type === 'dynmoe_balance'
          ? dynmoeBalanceLoss(gateInput, options)
          : efficiencyLoss(gateInput, options);
      addInto(gradGate, result.grad.gate);
      return result.value;
    },
    /** Adds the gate's gradient to `gradLogits` in place; returns the theta, W_g and x gradients. */
    finish(gradLogits: Float64Array) {
      const ste = straightThroughGateVjp(gate, gradGate, numTokens, numExperts);
      addInto(gradLogits, maskedSigmoidVjp(inputs.logits, cosine.mask, ste.scores, numTokens, numExperts));
      const extra: {
        gradThresholds: Float64Array;
        gradExpertEmbeddings: Float64Array;
        gradX?: Float64Array;
      } = {
        gradThresholds: thresholdVjp(cosine.thresholds, cosine.logitScale, ste.thresholdValues),
        gradExpertEmbeddings: gradEmbeddings,
      };
      if (cosine.x !== undefined) {
        const upstream = cosineLogitsVjp(
          {
            x: cosine.x,
            numTokens,
            dim: cosine.dim,
            expertEmbeddings: cosine.expertEmbeddings,
            numExperts,
            logitScale: cosine.logitScale,
          },
          gradLogits,
        );
        addInto(gradEmbeddings, upstream.expertEmbeddings);
        extra.gradX = upstream.x;
      }
      return extra;
    },
  };
}
