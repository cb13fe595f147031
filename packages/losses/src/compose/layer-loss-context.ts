import { InvalidArgumentError, UnsupportedError } from '@anyk/core';
import { requireInteger, requireNumber } from '@anyk/core/internal';
import { reluRmsnormVjp } from '../chain/relu-rmsnorm.ts';
import { sigmoidElementwise, sigmoidVjp } from '../chain/sigmoid.ts';
import { softmaxRows, softmaxVjp } from '../chain/softmax.ts';
import { stdNormaliseRows, stdNormaliseVjp } from '../chain/std-normalise.ts';
import { type CosineLossState, cosineLossState } from '../dynmoe/cosine-loss-state.ts';
import { addInto } from './add-into.ts';
import type { AllocatorInputs, LayerAuxLossResult, LayerLossInputs } from './layer-loss-inputs.ts';

const context = 'computeLayerAuxLoss';

function checkedNormStd(normStd: number, columns: number): number {
  requireNumber('stdNormalise.normStd', normStd, {}, context);
  requireInteger('numCandidates', columns, { min: 2 }, 'computeLayerAuxLoss (std-normalisation)');
  return normStd;
}

/**
 * One layer's shared state while its auxiliary losses run: the scoring logits, the softmax probabilities
 * (computed once, on first use), and one gradient buffer per place a loss can attach (raw logits, scoring
 * logits, probabilities, sigmoid scores, BlockFFN distribution, DynMoE gate, Ada-K allocator). Each loss
 * handler reads what it needs through the `require*` methods (which throw the typed error when the layer
 * lacks it) and adds its gradient into one buffer; {@link chainToLogits} then takes every buffer back to the
 * raw logits with the exact chain rules of `chain/`.
 */
export class LayerLossContext {
  readonly inputs: LayerLossInputs;
  readonly numTokens: number;
  /** Real (FFN) experts E. */
  readonly numExperts: number;
  /** Candidates E + Z. */
  readonly numCandidates: number;
  /** `{ numTokens, numExperts: numCandidates }`: the shape most losses take. */
  readonly shape: { readonly numTokens: number; readonly numExperts: number };
  /** The logits after std-normalisation (MoE++), else a copy of the logits. */
  readonly scoringLogits: Float64Array;
  /** Gradient at the raw logits (losses read before std-normalisation: z-loss). */
  readonly gradRaw: Float64Array;
  /** Gradient at the scoring logits. */
  readonly gradScoring: Float64Array;
  /** Gradient at the softmax probabilities. */
  readonly gradProbabilities: Float64Array;
  /** Gradient at the sigmoid scores (DeepSeek-V3's sequence balance). */
  readonly gradScores: Float64Array;
  /** Gradient at BlockFFN's relu-rmsnorm distribution. */
  readonly gradDistribution: Float64Array;
  /** Ada-K `[T, kMax]` gradient at the allocator logits, when the layer has an allocator. */
  readonly gradAllocLogits: Float64Array | undefined;
  readonly #cosine: CosineLossState | undefined;
  #probabilities: Float64Array | undefined;

  constructor(inputs: LayerLossInputs, numCandidates: number) {
    this.inputs = inputs;
    this.numTokens = inputs.numTokens;
    this.numExperts = inputs.numExperts;
    this.numCandidates = numCandidates;
    this.shape = { numTokens: inputs.numTokens, numExperts: numCandidates };
    const size = inputs.numTokens * numCandidates;
    this.scoringLogits = inputs.stdNormalise
      ? stdNormaliseRows(
          inputs.logits,
          inputs.numTokens,
          numCandidates,
          checkedNormStd(inputs.stdNormalise.normStd, numCandidates),
        )
      : Float64Array.from(inputs.logits);
    this.gradRaw = new Float64Array(size);
    this.gradScoring = new Float64Array(size);
    this.gradProbabilities = new Float64Array(size);
    this.gradScores = new Float64Array(size);
    this.gradDistribution = new Float64Array(size);
    this.#cosine = inputs.scoring === 'cosine-sigmoid' ? cosineLossState(inputs) : undefined;
    this.gradAllocLogits = inputs.allocator
      ? new Float64Array(inputs.numTokens * inputs.allocator.kMax)
      : undefined;
  }

  /** Throws `UnsupportedError` unless the layer scores with `scoring` (`why`: what the loss reads). */
  requireScoring(type: string, scoring: LayerLossInputs['scoring'], why: string): void {
    if (this.inputs.scoring !== scoring)
      throw new UnsupportedError(`loss "${type}" with scoring "${this.inputs.scoring}"`, why);
  }

  /** The softmax probabilities of the scoring logits (softmax scoring only), computed once. */
  requireProbabilities(type: string): Float64Array {
    this.requireScoring(type, 'softmax', 'it reads softmax probabilities');
    this.#probabilities ??= softmaxRows(this.scoringLogits, this.numTokens, this.numCandidates);
    return this.#probabilities;
  }

  /** The `[T, numCandidates]` 0/1 selection, which balance losses over the selection need. */
  requireSelection(type: string): ArrayLike<number> {
    if (this.inputs.selection === undefined) {
      throw new InvalidArgumentError(
        'selection',
        `a [${this.numTokens}, ${this.numCandidates}] 0/1 mask for "${type}"`,
        undefined,
        context,
      );
    }
    return this.inputs.selection;
  }

  /** DynMoE's gate state (cosine-sigmoid scoring only). */
  requireCosine(type: string): CosineLossState {
    if (!this.#cosine)
      throw new UnsupportedError(
        `loss "${type}" with scoring "${this.inputs.scoring}"`,
        'it needs cosine-sigmoid scoring',
      );
    return this.#cosine;
  }

  /** Ada-K's allocator inputs and the gradient buffer at its logits. */
  requireAllocator(type: string): { inputs: AllocatorInputs; grad: Float64Array } {
    if (!this.inputs.allocator || !this.gradAllocLogits) {
      throw new InvalidArgumentError('allocator', `Ada-K allocator inputs for "${type}"`, undefined, context);
    }
    return { inputs: this.inputs.allocator, grad: this.gradAllocLogits };
  }

  /** The typed error (to throw) naming `argument`, an input a loss needs and the layer lacks. */
  missingInput(argument: string, expected: string): InvalidArgumentError {
    return new InvalidArgumentError(argument, expected, undefined, context);
  }

  /**
   * Chains every gradient buffer back to the scoring logits, then through std-normalisation to the raw
   * logits, and adds the family's extra gradients (DynMoE theta / W_g / x, Ada-K allocator).
   */
  chainToLogits(value: number, terms: LayerAuxLossResult['terms']): LayerAuxLossResult {
    const { inputs, numTokens, numCandidates, gradScoring } = this;
    if (this.#probabilities)
      addInto(gradScoring, softmaxVjp(this.#probabilities, this.gradProbabilities, numTokens, numCandidates));
    if (inputs.scoring === 'sigmoid')
      addInto(gradScoring, sigmoidVjp(sigmoidElementwise(this.scoringLogits), this.gradScores));
    if (inputs.scoring === 'relu-rmsnorm' && this.gradDistribution.some((entry) => entry !== 0)) {
      addInto(
        gradScoring,
        reluRmsnormVjp(
          this.scoringLogits,
          numTokens,
          numCandidates,
          inputs.eps ?? 1e-5,
          this.gradDistribution,
        ),
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
    addInto(gradLogits, this.gradRaw);
    const result: {
      value: number;
      terms: LayerAuxLossResult['terms'];
      gradLogits: Float64Array;
      gradThresholds?: Float64Array;
      gradExpertEmbeddings?: Float64Array;
      gradX?: Float64Array;
      gradAllocLogits?: Float64Array;
    } = { value, terms, gradLogits };
    if (this.#cosine) Object.assign(result, this.#cosine.finish(gradLogits));
    if (this.gradAllocLogits) result.gradAllocLogits = this.gradAllocLogits;
    return result;
  }
}
