import { InvalidArgumentError, UnsupportedError } from '@anyk/core';
import { allocatorLogProb, negLogProbLoss, ppoClipLoss } from '../ada-k/allocator-losses.ts';
import { activationLocalityLoss } from '../blockffn/activation-locality-loss.ts';
import { chunkSparsityLoss } from '../blockffn/chunk-sparsity-loss.ts';
import { cosineLogitsVjp, maskedSigmoidVjp } from '../chain/cosine-sigmoid.ts';
import { reluRmsnormRouting, reluRmsnormVjp } from '../chain/relu-rmsnorm.ts';
import { sigmoid, sigmoidElementwise, sigmoidVjp } from '../chain/sigmoid.ts';
import { softmaxRows, softmaxVjp } from '../chain/softmax.ts';
import { stdNormaliseRows, stdNormaliseVjp } from '../chain/std-normalise.ts';
import { straightThroughGateVjp, thresholdVjp } from '../chain/straight-through-gate.ts';
import {
  diversityLoss,
  dynmoeAuxLoss,
  dynmoeBalanceLoss,
  efficiencyLoss,
  simplicityLoss,
} from '../dynmoe/dynmoe-losses.ts';
import { entropyLoss } from '../entropy/entropy-loss.ts';
import { adamoeBalanceLoss } from '../load-balance/adamoe-balance-loss.ts';
import { deviceBalanceLoss } from '../load-balance/device-balance-loss.ts';
import { heterogeneousBalanceLoss } from '../load-balance/heterogeneous-balance-loss.ts';
import { loadBalanceLoss } from '../load-balance/load-balance-loss.ts';
import { sequenceBalanceLoss } from '../load-balance/sequence-balance-loss.ts';
import { l1BalancedLoss, l1PlainLoss } from '../remoe/l1-losses.ts';
import {
  checkDims,
  checkFiniteScalar,
  checkInteger,
  checkMask,
  checkTensor,
} from '../validation/validate.ts';
import { zLoss } from '../z-loss/z-loss.ts';
import { AUX_LOSS_TYPES, type AuxLossConfig, type LossScoring } from './aux-loss-config.ts';

/** DynMoE router parameters the cosine-sigmoid losses read (docs/algorithms.md). */
export interface CosineRouterInputs {
  /** `[dim, numExperts]` expert embeddings W_g, one column per slot. */
  readonly expertEmbeddings: ArrayLike<number>;
  readonly dim: number;
  /** `[numExperts]` threshold logits theta. */
  readonly thresholds: ArrayLike<number>;
  /** `[numExperts]` active mask. */
  readonly mask: ArrayLike<number>;
  readonly logitScale: number;
  /** `[T, dim]` router input; when given the result also carries `gradX` and the cosine path of W_g. */
  readonly x?: ArrayLike<number> | undefined;
}

/** Ada-K allocator quantities (docs/algorithms.md). */
export interface AllocatorInputs {
  /** `[T, kMax]` allocator logits. */
  readonly allocLogits: ArrayLike<number>;
  readonly kMax: number;
  /** `[T]` sampled k in `1..kMax`. */
  readonly sampledK: ArrayLike<number>;
  readonly oldLogProb?: ArrayLike<number> | undefined;
  readonly advantage?: ArrayLike<number> | undefined;
}

/** One layer's routing quantities, as the router computed them. */
export interface LayerLossInputs {
  readonly numTokens: number;
  /** Real (FFN) experts E. */
  readonly numExperts: number;
  /** Candidates E + Z (default E). */
  readonly numCandidates?: number | undefined;
  /**
   * `[T, numCandidates]` router logits after any gating residual and before std-normalisation (DynMoE:
   * `logitScale * cos`). The gradient `gradLogits` is w.r.t. these.
   */
  readonly logits: ArrayLike<number>;
  readonly scoring: LossScoring;
  /** relu-rmsnorm eps (default 1e-5). */
  readonly eps?: number | undefined;
  /** MoE++ std-normalisation before the softmax. */
  readonly stdNormalise?: { readonly normStd: number } | undefined;
  /** `[T, numCandidates]` 0/1 selection (balance losses; before capacity dropping). */
  readonly selection?: ArrayLike<number> | undefined;
  /** BlockFFN `[T]` previous-token index (-1 = none). */
  readonly prevIndex?: ArrayLike<number> | undefined;
  /** BlockFFN `[T]` 1 = real token, 0 = padding. */
  readonly sequenceMask?: ArrayLike<number> | undefined;
  readonly cosine?: CosineRouterInputs | undefined;
  readonly allocator?: AllocatorInputs | undefined;
}

/** The summed auxiliary loss of one layer and its gradients. */
export interface LayerAuxLossResult {
  /** Sum of every configured loss (each including its coefficient). */
  readonly value: number;
  /** Each configured loss in order, with its own value. */
  readonly terms: readonly { readonly type: AuxLossConfig['type']; readonly value: number }[];
  /** `[T, numCandidates]` gradient at the router logits. */
  readonly gradLogits: Float64Array;
  /** DynMoE `[numExperts]` gradient at theta. */
  readonly gradThresholds?: Float64Array;
  /** DynMoE `[dim, numExperts]` gradient at W_g (direct terms, plus the cosine path when `cosine.x` was given). */
  readonly gradExpertEmbeddings?: Float64Array;
  /** DynMoE `[T, dim]` gradient at x (only when `cosine.x` was given). */
  readonly gradX?: Float64Array;
  /** Ada-K `[T, kMax]` gradient at the allocator logits. */
  readonly gradAllocLogits?: Float64Array;
}

/**
 * Sums the configured auxiliary losses of one MoE layer and takes their gradient back to the router
 * logits (and the family's own parameters), with the exact chain rules of `chain/`. This is the one call a
 * training loop needs per layer; {@link computeAuxLossOverLayers} sums layers (losses attach per layer,
 * as in Megatron and ReMoE).
 */
export function computeLayerAuxLoss(
  inputs: LayerLossInputs,
  losses: readonly AuxLossConfig[],
): LayerAuxLossResult {
  const context = 'computeLayerAuxLoss';
  const { numTokens, numExperts } = inputs;
  const numCandidates = inputs.numCandidates ?? numExperts;
  checkDims(numTokens, numExperts, 'numExperts', context);
  checkInteger('numCandidates', numCandidates, numExperts, context);
  checkTensor('logits', inputs.logits, [numTokens, numCandidates]);
  if (!Array.isArray(losses))
    throw new InvalidArgumentError('losses', 'an array of loss configs', losses, context);
  if (inputs.selection !== undefined) checkMask('selection', inputs.selection, [numTokens, numCandidates]);
  const shape = { numTokens, numExperts: numCandidates };
  const scoringLogits = inputs.stdNormalise
    ? stdNormaliseRows(
        inputs.logits,
        numTokens,
        numCandidates,
        checkedNormStd(inputs.stdNormalise.normStd, numCandidates),
      )
    : Float64Array.from(inputs.logits);
  const gradRaw = new Float64Array(numTokens * numCandidates);
  const gradScoring = new Float64Array(numTokens * numCandidates);
  const gradProbabilities = new Float64Array(numTokens * numCandidates);
  const gradScores = new Float64Array(numTokens * numCandidates);
  const gradDistribution = new Float64Array(numTokens * numCandidates);
  const cosine = inputs.scoring === 'cosine-sigmoid' ? cosineState(inputs) : undefined;
  const allocatorGrad = inputs.allocator ? new Float64Array(numTokens * inputs.allocator.kMax) : undefined;
  let probabilities: Float64Array | undefined;
  const needProbabilities = (type: string): Float64Array => {
    if (inputs.scoring !== 'softmax') {
      throw new UnsupportedError(
        `loss "${type}" with scoring "${inputs.scoring}"`,
        'it reads softmax probabilities',
      );
    }
    probabilities ??= softmaxRows(scoringLogits, numTokens, numCandidates);
    return probabilities;
  };
  const needSelection = (type: string): ArrayLike<number> => {
    if (inputs.selection === undefined) {
      throw new InvalidArgumentError(
        'selection',
        `a [${numTokens}, ${numCandidates}] 0/1 mask for "${type}"`,
        undefined,
        context,
      );
    }
    return inputs.selection;
  };
  const needCosine = (type: string) => {
    if (!cosine)
      throw new UnsupportedError(
        `loss "${type}" with scoring "${inputs.scoring}"`,
        'it needs cosine-sigmoid scoring',
      );
    return cosine;
  };
  const needAllocator = (type: string): AllocatorInputs => {
    if (!inputs.allocator || !allocatorGrad) {
      throw new InvalidArgumentError('allocator', `Ada-K allocator inputs for "${type}"`, undefined, context);
    }
    return inputs.allocator;
  };
  const terms: { type: AuxLossConfig['type']; value: number }[] = [];
  losses.forEach((loss, index) => {
    for (const key of ['coef', 'lambda'] as const) {
      const value = (loss as { [name: string]: unknown } | null)?.[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
        throw new InvalidArgumentError(`losses[${index}].${key}`, 'a finite number', value, context);
      }
    }
  });
  for (const loss of losses) {
    if (loss === null || typeof loss !== 'object' || !AUX_LOSS_TYPES.includes(loss.type)) {
      throw new UnsupportedError(
        `auxiliary loss type ${JSON.stringify((loss as { type?: unknown })?.type)}`,
        `known types are ${AUX_LOSS_TYPES.join(', ')}`,
      );
    }
    let value = 0;
    switch (loss.type) {
      case 'load_balance': {
        const result = loadBalanceLoss(
          {
            probabilities: needProbabilities(loss.type),
            numTokens,
            numExperts: numCandidates,
            selection: inputs.selection,
          },
          { variant: loss.variant, coef: loss.coef },
        );
        addInto(gradProbabilities, result.grad.probabilities);
        value = result.value;
        break;
      }
      case 'adamoe_balance': {
        const result = adamoeBalanceLoss(
          {
            probabilities: needProbabilities(loss.type),
            selection: needSelection(loss.type),
            numTokens,
            numExperts,
            numCandidates,
          },
          { averageNullLoads: loss.averageNullLoads, coef: loss.coef },
        );
        addInto(gradProbabilities, result.grad.probabilities);
        value = result.value;
        break;
      }
      case 'heterogeneous_balance': {
        const result = heterogeneousBalanceLoss(
          {
            probabilities: needProbabilities(loss.type),
            selection: needSelection(loss.type),
            numTokens,
            numExperts,
            numCandidates,
          },
          { tau: loss.tau, coef: loss.coef },
        );
        addInto(gradProbabilities, result.grad.probabilities);
        value = result.value;
        break;
      }
      case 'device_balance': {
        const result = deviceBalanceLoss(
          {
            probabilities: needProbabilities(loss.type),
            selection: needSelection(loss.type),
            numTokens,
            numExperts,
            numCandidates,
          },
          { groups: loss.groups, targetFfnK: loss.targetFfnK, k: loss.k, coef: loss.coef },
        );
        addInto(gradProbabilities, result.grad.probabilities);
        value = result.value;
        break;
      }
      case 'sequence_balance': {
        let scores: Float64Array;
        if (inputs.scoring === 'sigmoid') scores = sigmoidElementwise(scoringLogits);
        else if (inputs.scoring === 'softmax') scores = needProbabilities(loss.type);
        else
          throw new UnsupportedError(
            `loss "sequence_balance" with scoring "${inputs.scoring}"`,
            'it reads sigmoid or softmax scores',
          );
        const result = sequenceBalanceLoss(
          { scores, selection: needSelection(loss.type), numTokens, numExperts: numCandidates },
          { k: loss.k, coef: loss.coef },
        );
        if (inputs.scoring === 'sigmoid') addInto(gradScores, result.grad.scores);
        else addInto(gradProbabilities, result.grad.scores);
        value = result.value;
        break;
      }
      case 'z_loss': {
        const result = zLoss({ logits: inputs.logits, ...shape }, { coef: loss.coef });
        addInto(gradRaw, result.grad.logits);
        value = result.value;
        break;
      }
      case 'entropy': {
        needProbabilities(loss.type);
        const result = entropyLoss({ logits: scoringLogits, ...shape }, { coef: loss.coef });
        addInto(gradScoring, result.grad.logits);
        value = result.value;
        break;
      }
      case 'l1_balanced':
      case 'l1_plain': {
        if (inputs.scoring !== 'relu') {
          throw new UnsupportedError(
            `loss "${loss.type}" with scoring "${inputs.scoring}"`,
            'it reads ReLU gates',
          );
        }
        const result =
          loss.type === 'l1_balanced'
            ? l1BalancedLoss(
                { logits: scoringLogits, ...shape },
                { lambda: loss.lambda, targetK: loss.targetK },
              )
            : l1PlainLoss({ logits: scoringLogits, ...shape }, { lambda: loss.lambda });
        addInto(gradScoring, result.grad.logits);
        value = result.value;
        break;
      }
      case 'activation_locality': {
        if (inputs.scoring !== 'relu-rmsnorm') {
          throw new UnsupportedError(
            `loss "${loss.type}" with scoring "${inputs.scoring}"`,
            'it is a BlockFFN loss',
          );
        }
        if (inputs.prevIndex === undefined) {
          throw new InvalidArgumentError(
            'prevIndex',
            `a [${numTokens}] index array for "${loss.type}"`,
            undefined,
            context,
          );
        }
        const result = activationLocalityLoss(
          { logits: scoringLogits, ...shape, prevIndex: inputs.prevIndex },
          { sharpness: loss.sharpness, detachTarget: loss.detachTarget, coef: loss.coef },
        );
        addInto(gradScoring, result.grad.logits);
        value = result.value;
        break;
      }
      case 'chunk_sparsity': {
        if (inputs.scoring !== 'relu-rmsnorm') {
          throw new UnsupportedError(
            `loss "${loss.type}" with scoring "${inputs.scoring}"`,
            'it is a BlockFFN loss',
          );
        }
        const eps = inputs.eps ?? 1e-5;
        checkFiniteScalar('eps', eps, context);
        const { distribution } = reluRmsnormRouting(scoringLogits, numTokens, numCandidates, eps);
        const result = chunkSparsityLoss(
          { distribution, ...shape, sequenceMask: inputs.sequenceMask },
          { chunkSize: loss.chunkSize, coef: loss.coef },
        );
        addInto(gradDistribution, result.grad.distribution);
        value = result.value;
        break;
      }
      case 'diversity':
      case 'simplicity':
      case 'dynmoe_balance':
      case 'efficiency':
      case 'l_aux': {
        const state = needCosine(loss.type);
        value = state.apply(loss.type, loss.coef);
        break;
      }
      case 'neg_log_prob':
      case 'ppo_clip': {
        const allocator = needAllocator(loss.type);
        const allocatorInput = {
          allocLogits: allocator.allocLogits,
          numTokens,
          kMax: allocator.kMax,
          sampledK: allocator.sampledK,
        };
        let result: { value: number; grad: { allocLogits: Float64Array } };
        if (loss.type === 'neg_log_prob') {
          result = negLogProbLoss(allocatorInput, { coef: loss.coef });
        } else {
          if (allocator.oldLogProb === undefined || allocator.advantage === undefined) {
            throw new InvalidArgumentError(
              'allocator.oldLogProb/advantage',
              '[T] arrays for "ppo_clip"',
              undefined,
              context,
            );
          }
          result = ppoClipLoss(
            { ...allocatorInput, oldLogProb: allocator.oldLogProb, advantage: allocator.advantage },
            { clipEps: loss.clipEps, coef: loss.coef },
          );
        }
        addInto(allocatorGrad as Float64Array, result.grad.allocLogits);
        value = result.value;
        break;
      }
    }
    terms.push({ type: loss.type, value });
  }
  // Chain everything back to the scoring logits, then through std-normalisation to the raw logits.
  if (probabilities)
    addInto(gradScoring, softmaxVjp(probabilities, gradProbabilities, numTokens, numCandidates));
  if (inputs.scoring === 'sigmoid')
    addInto(gradScoring, sigmoidVjp(sigmoidElementwise(scoringLogits), gradScores));
  if (inputs.scoring === 'relu-rmsnorm' && gradDistribution.some((value) => value !== 0)) {
    addInto(
      gradScoring,
      reluRmsnormVjp(scoringLogits, numTokens, numCandidates, inputs.eps ?? 1e-5, gradDistribution),
    );
  }
  let gradLogits: Float64Array = gradScoring;
  if (inputs.stdNormalise) {
    gradLogits = stdNormaliseVjp(
      inputs.logits,
      gradScoring,
      numTokens,
      numCandidates,
      inputs.stdNormalise.normStd,
    );
  }
  addInto(gradLogits, gradRaw);
  const value = terms.reduce((total, term) => total + term.value, 0);
  const result: {
    value: number;
    terms: typeof terms;
    gradLogits: Float64Array;
    gradThresholds?: Float64Array;
    gradExpertEmbeddings?: Float64Array;
    gradX?: Float64Array;
    gradAllocLogits?: Float64Array;
  } = { value, terms, gradLogits };
  if (cosine) Object.assign(result, cosine.finish(gradLogits));
  if (allocatorGrad) result.gradAllocLogits = allocatorGrad;
  return result;
}

/** Per-layer results and their sum (each layer's loss is attached separately, so totals add up). */
export function computeAuxLossOverLayers(
  layers: readonly LayerLossInputs[],
  losses: readonly AuxLossConfig[],
): { value: number; layers: LayerAuxLossResult[] } {
  const results = layers.map((layer) => computeLayerAuxLoss(layer, losses));
  return { value: results.reduce((total, layer) => total + layer.value, 0), layers: results };
}

/** Ada-K `log pi(k_t)` per token (re-exported here for training loops that build PPO rollouts). */
export { allocatorLogProb };

function addInto(target: Float64Array, source: ArrayLike<number>): void {
  for (let index = 0; index < target.length; index++)
    target[index] = (target[index] as number) + (source[index] as number);
}

function checkedNormStd(normStd: number, columns: number): number {
  checkFiniteScalar('stdNormalise.normStd', normStd, 'computeLayerAuxLoss');
  checkInteger('numCandidates', columns, 2, 'computeLayerAuxLoss (std-normalisation)');
  return normStd;
}

/** DynMoE: gate from the logits, loss accumulation on the gate and W_g, and the final chain to z, theta, x. */
function cosineState(inputs: LayerLossInputs) {
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
  checkFiniteScalar('cosine.logitScale', cosine.logitScale, context);
  checkInteger('cosine.dim', cosine.dim, 1, context);
  checkTensor('cosine.expertEmbeddings', cosine.expertEmbeddings, [cosine.dim, numExperts]);
  checkTensor('cosine.thresholds', cosine.thresholds, [numExperts]);
  checkMask('cosine.mask', cosine.mask, [numExperts]);
  if (cosine.x !== undefined) checkTensor('cosine.x', cosine.x, [numTokens, cosine.dim]);
  const gate = new Float64Array(numTokens * numExperts);
  for (let token = 0; token < numTokens; token++) {
    for (let expert = 0; expert < numExperts; expert++) {
      const index = token * numExperts + expert;
      const score = sigmoid(inputs.logits[index] as number) * (cosine.mask[expert] as number);
      if (score > sigmoid(cosine.logitScale * (cosine.thresholds[expert] as number))) gate[index] = 1;
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
    apply(
      type: 'diversity' | 'simplicity' | 'dynmoe_balance' | 'efficiency' | 'l_aux',
      coef: number | undefined,
    ): number {
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
