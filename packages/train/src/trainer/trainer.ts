import type { KernelBackendV1, MoeLayerWeightsV1, RoutingResultV1 } from '@anyk/core';
import { InvalidArgumentError } from '@anyk/core';
import {
  type AuxLossConfig,
  type ChunkSchedulerConfig,
  type ChunkSchedulerState,
  chunkSchedulerStep,
  createChunkSchedulerState,
  remoeLambdaUpdate,
  remoeMeanSparsity,
} from '@anyk/losses';
import { type ByteCorpus, sampleBatch } from '../data/byte-corpus.ts';
import type { ModelConfig } from '../model/model-config.ts';
import { type ForwardPass, MoeLanguageModel, type TokenBatch } from '../model/moe-language-model.ts';
import type { TensorStore } from '../model/parameter-store.ts';
import { adamWStep, clipGradientNorm, learningRateAt } from '../optim/adamw.ts';
import { type RandomState, SeededRandom } from '../random/seeded-random.ts';
import { layerAuxLoss } from '../routing/layer-aux-losses.ts';
import { chunkScheduleOf, defaultAuxLosses } from '../routing/router-config.ts';
import { type AllocatorPpo, type AllocatorPpoState, allocatorPpoFor, isAllocator } from './allocator-ppo.ts';
import { deepSeekBiasStep, dynMoEAdaptiveStep, longCatBiasStep } from './router-state-controllers.ts';
import { type TrainingConfig, validateTrainingConfig } from './training-config.ts';

/** What one optimizer step measured. */
export interface StepLog {
  readonly step: number;
  /** Mean next-byte cross-entropy of the batch (before the update). */
  readonly loss: number;
  /** Sum over layers of the auxiliary losses. */
  readonly auxLoss: number;
  readonly learningRate: number;
  readonly gradNorm: number;
  /** Mean real (FFN) experts per token, averaged over layers. */
  readonly avgExperts: number;
  readonly perLayerExperts: readonly number[];
  /** ReMoE's L1 coefficient after the step's controller update. */
  readonly remoeLambda: number;
  /** BlockFFN: the chunk-sparsity coefficient this step used (its adaptive schedule's value). */
  readonly chunkCoefficient?: number | undefined;
  /** BlockFFN: this step's chunk-sparsity loss before its coefficient, mean over layers. */
  readonly chunkLoss?: number | undefined;
  /** Ada-K: mean sampled k of the step's rollout, and its PPO surrogate loss. */
  readonly allocator?: { readonly meanK: number; readonly meanReward: number; readonly surrogate: number };
}

/**
 * Non-gradient state that a resumed run must restore (plain JSON, in the checkpoint's config). LongCat's
 * bias-controller memory lives in the model's router state (`biasIntegral`, `biasPreviousError`).
 */
export interface TrainerState {
  readonly step: number;
  readonly dataRandom: RandomState;
  readonly remoeLambda: number;
  /** BlockFFN's adaptive chunk-coefficient schedule. */
  readonly chunkSchedule?: ChunkSchedulerState | undefined;
  /** Ada-K's PPO sampler and allocator step count. */
  readonly allocatorPpo?: AllocatorPpoState | undefined;
}

/** Mean real experts per token for each layer of a forward. */
export function expertsPerLayer(routings: readonly RoutingResultV1[], numExperts: number): number[] {
  return routings.map((routing) => {
    let used = 0;
    for (let slot = 0; slot < routing.tokens * routing.kMax; slot++) {
      const expert = routing.slotExpert[slot]!;
      if (expert >= 0 && expert < numExperts) used++;
    }
    return used / routing.tokens;
  });
}

/**
 * Trains a {@link MoeLanguageModel} of any router family on a byte corpus: per step it samples a batch with
 * its own PRNG, runs forward and backward (cross-entropy plus every layer's auxiliary losses,
 * `@anyk/losses`), clips the global gradient norm, takes an AdamW step on the warm-up + cosine schedule,
 * runs Ada-K's PPO on its allocators ({@link AllocatorPpo}), then the family's controllers (ReMoE lambda,
 * DeepSeek sign bias, DynMoE add/remove, BlockFFN chunk schedule, LongCat PID bias). Everything a resumed
 * run needs — parameters, moments, step, PRNGs and controller state — is in {@link Trainer.snapshot} and
 * the model's stores.
 */
export class Trainer {
  readonly model: MoeLanguageModel;
  readonly training: TrainingConfig;
  readonly backend: KernelBackendV1;
  readonly corpus: ByteCorpus;
  readonly firstMoment: TensorStore;
  readonly secondMoment: TensorStore;
  readonly auxLosses: readonly AuxLossConfig[];
  private readonly grads: TensorStore;
  private dataRandom: SeededRandom;
  private currentStep: number;
  private remoeLambda: number;
  private readonly chunkSchedule: ChunkSchedulerConfig | undefined;
  private chunkScheduleState: ChunkSchedulerState | undefined;
  private readonly allocatorPpo: AllocatorPpo | undefined;

  constructor(options: {
    readonly model: MoeLanguageModel;
    readonly training: TrainingConfig;
    readonly backend: KernelBackendV1;
    readonly corpus: ByteCorpus;
    readonly firstMoment?: TensorStore | undefined;
    readonly secondMoment?: TensorStore | undefined;
    readonly state?: TrainerState | undefined;
  }) {
    validateTrainingConfig(options.training);
    if (options.training.sequenceLength > options.model.config.context)
      throw new InvalidArgumentError(
        'sequenceLength',
        `at most the model context (${options.model.config.context})`,
        options.training.sequenceLength,
        'Trainer',
      );
    this.model = options.model;
    this.training = options.training;
    this.backend = options.backend;
    this.corpus = options.corpus;
    this.grads = this.model.parameters.zerosLike('float64');
    this.firstMoment = options.firstMoment ?? this.model.parameters.zerosLike('float64');
    this.secondMoment = options.secondMoment ?? this.model.parameters.zerosLike('float64');
    this.auxLosses = options.training.auxLosses ?? defaultAuxLosses(this.model.config.router);
    const router = this.model.config.router;
    this.currentStep = options.state?.step ?? 0;
    this.dataRandom = new SeededRandom(options.state?.dataRandom ?? dataSeed(options.training.seed));
    this.remoeLambda =
      options.state?.remoeLambda ?? (router.family === 'remoe' ? (router.lambdaInit ?? 1e-8) : 0);
    if (router.family === 'blockffn') {
      this.chunkSchedule = chunkScheduleOf(router);
      this.chunkScheduleState = options.state?.chunkSchedule ?? createChunkSchedulerState(this.chunkSchedule);
      checkChunkSize(this.auxLosses, options.training.sequenceLength);
    }
    if (router.family === 'ada-k')
      this.allocatorPpo = allocatorPpoFor(router, options.training, options.state?.allocatorPpo);
  }

  /** A fresh run: parameters initialised from `training.seed`. */
  static create(
    modelConfig: ModelConfig,
    training: TrainingConfig,
    backend: KernelBackendV1,
    corpus: ByteCorpus,
  ): Trainer {
    const model = MoeLanguageModel.initialise(modelConfig, new SeededRandom(training.seed));
    return new Trainer({ model, training, backend, corpus });
  }

  get step(): number {
    return this.currentStep;
  }

  snapshot(): TrainerState {
    return {
      step: this.currentStep,
      dataRandom: this.dataRandom.state(),
      remoeLambda: this.remoeLambda,
      ...(this.chunkScheduleState ? { chunkSchedule: this.chunkScheduleState } : {}),
      ...(this.allocatorPpo ? { allocatorPpo: this.allocatorPpo.snapshot() } : {}),
    };
  }

  /**
   * Forward + backward of one batch: fills the gradient store and returns the pass and the summed
   * auxiliary loss. Exposed for gradient checks; {@link trainStep} adds the update.
   */
  async lossAndGradients(
    batch: TokenBatch,
  ): Promise<{ pass: ForwardPass; auxLoss: number; grads: TensorStore; chunkLoss?: number }> {
    const model = this.model;
    const pass = await model.forward(this.backend, batch, {
      retain: true,
      mode: 'train',
      allocation: this.allocatorPpo?.policy(),
    });
    this.grads.zero();
    let auxLoss = 0;
    let chunkLoss = 0;
    const coefficients = { remoeLambda: this.remoeLambda, chunkSparsity: this.chunkCoefficient() };
    const extraLogitsGrad: (Float64Array | undefined)[] = [];
    for (let layer = 0; layer < model.config.layers; layer++) {
      const prefix = `layers.${layer}.`;
      const aux = layerAuxLoss(
        model.router,
        pass.routings[layer] as RoutingResultV1,
        {
          router: model.parameters.get(`${prefix}router`),
          thresholds: model.router.trainsThresholds ? model.parameters.get(`${prefix}thresholds`) : undefined,
          mask: model.router.trainsThresholds ? model.state.get(`${prefix}mask`) : undefined,
        },
        { d: model.config.d, sequences: batch.sequences, length: batch.length },
        this.auxLossesAt(this.currentStep + 1),
        coefficients,
      );
      extraLogitsGrad.push(aux?.gradLogits);
      if (!aux) continue;
      auxLoss += aux.value;
      for (const term of aux.terms)
        if (term.type === 'chunk_sparsity')
          chunkLoss += term.value / (coefficients.chunkSparsity as number) / model.config.layers;
      if (aux.gradThresholds) addInto(this.grads.get(`${prefix}thresholds`), aux.gradThresholds);
      if (aux.gradExpertEmbeddings) addInto(this.grads.get(`${prefix}router`), aux.gradExpertEmbeddings);
    }
    await model.backward(this.backend, pass, this.grads, extraLogitsGrad);
    return { pass, auxLoss, grads: this.grads, ...(this.chunkSchedule ? { chunkLoss } : {}) };
  }

  /**
   * BlockFFN's chunk coefficient for the coming step: the schedule's ramp value, which depends on its
   * state only (the step's loss moves the windows after the step, {@link runControllers}).
   */
  private chunkCoefficient(): number | undefined {
    if (!this.chunkSchedule || !this.chunkScheduleState) return undefined;
    return chunkSchedulerStep(this.chunkScheduleState, 0, this.chunkSchedule).coef;
  }

  /** The auxiliary losses of `step`, with the entropy coefficient scaled by `entropyRamp` when set. */
  private auxLossesAt(step: number): readonly AuxLossConfig[] {
    const ramp = this.training.entropyRamp;
    if (!ramp) return this.auxLosses;
    const scale = Math.min(1, Math.max(0, (step - ramp.start) / (ramp.end - ramp.start)));
    return this.auxLosses.map((loss) =>
      loss.type === 'entropy' ? { ...loss, coef: (loss.coef ?? 1) * scale } : loss,
    );
  }

  /** One optimizer step on a freshly sampled training batch. */
  async trainStep(): Promise<StepLog> {
    const { training } = this;
    const batch = sampleBatch(
      this.corpus.train,
      training.batchSequences,
      training.sequenceLength,
      this.dataRandom,
    );
    const chunkCoefficient = this.chunkCoefficient();
    const { pass, auxLoss, chunkLoss } = await this.lossAndGradients(batch);
    const gradNorm = clipGradientNorm(this.grads, training.clipNorm);
    const step = this.currentStep + 1;
    const learningRate = learningRateAt(step, {
      peak: training.learningRate,
      minimum: training.minLearningRate,
      warmupSteps: training.warmupSteps,
      totalSteps: training.steps,
    });
    adamWStep(
      this.model.parameters,
      this.grads,
      this.firstMoment,
      this.secondMoment,
      step,
      learningRate,
      {
        beta1: training.beta1,
        beta2: training.beta2,
        epsilon: training.adamEpsilon,
        weightDecay: training.weightDecay,
      },
      (name) => !isAllocator(name),
    );
    const allocator = this.allocatorPpo?.update(
      pass,
      this.model.parameters,
      this.grads,
      this.firstMoment,
      this.secondMoment,
    );
    this.runControllers(pass, step, chunkLoss);
    this.weightsChanged();
    this.currentStep = step;
    const perLayerExperts = expertsPerLayer(pass.routings, this.model.config.numExperts);
    return {
      step,
      loss: pass.loss,
      auxLoss,
      learningRate,
      gradNorm,
      avgExperts: perLayerExperts.reduce((a, b) => a + b, 0) / perLayerExperts.length,
      perLayerExperts,
      remoeLambda: this.remoeLambda,
      ...(chunkCoefficient === undefined ? {} : { chunkCoefficient, chunkLoss }),
      ...(allocator ? { allocator } : {}),
    };
  }

  /** Tells a caching backend (the node backend packs weights once) that the weights changed in place. */
  private weightsChanged(): void {
    const release = (this.backend as { releaseWeights?: (weights: MoeLayerWeightsV1) => void })
      .releaseWeights;
    if (typeof release === 'function')
      for (const weights of this.model.weights()) release.call(this.backend, weights);
  }

  /**
   * The families' controllers after the optimizer step: ReMoE's lambda, DeepSeek's sign bias, DynMoE's
   * add/remove, BlockFFN's chunk schedule (fed this step's chunk loss), LongCat's PID bias.
   */
  private runControllers(pass: ForwardPass, step: number, chunkLoss: number | undefined): void {
    const model = this.model;
    const router = model.config.router;
    const { numExperts, layers } = model.config;
    if (router.family === 'remoe') {
      const tokens = (pass.routings[0] as RoutingResultV1).tokens;
      const stacked = new Float64Array(layers * tokens * numExperts);
      pass.routings.forEach((routing, layer) => {
        stacked.set(routing.logits, layer * tokens * numExperts);
      });
      const sparsity = remoeMeanSparsity(stacked, layers, tokens, numExperts);
      this.remoeLambda = remoeLambdaUpdate({ lambda: this.remoeLambda }, sparsity, {
        numExperts,
        targetK: router.targetK,
        alpha: router.alpha,
      }).lambda;
    }
    if (router.family === 'deepseek-v3') deepSeekBiasStep(model, pass, router.biasRate ?? 1e-3);
    if (this.chunkSchedule && this.chunkScheduleState && chunkLoss !== undefined)
      this.chunkScheduleState = chunkSchedulerStep(
        this.chunkScheduleState,
        chunkLoss,
        this.chunkSchedule,
      ).state;
    if (router.family === 'longcat') longCatBiasStep(model, pass, router);
    if (
      router.family === 'dynmoe' &&
      (router.adaptiveInterval ?? 0) > 0 &&
      step % (router.adaptiveInterval ?? 1) === 0
    )
      dynMoEAdaptiveStep(model, pass, router.logitScale ?? 1);
  }
}

/** BlockFFN's chunks must not straddle two windows: the chunk length must divide the sequence length. */
function checkChunkSize(losses: readonly AuxLossConfig[], sequenceLength: number): void {
  for (const loss of losses)
    if (loss.type === 'chunk_sparsity' && sequenceLength % loss.chunkSize !== 0)
      throw new InvalidArgumentError(
        'chunkSize',
        `a divisor of the sequence length (${sequenceLength})`,
        loss.chunkSize,
        'Trainer',
      );
}

/** The data sampler's seed, offset from the init seed so the two streams differ. */
function dataSeed(seed: number): number {
  return (seed ^ 0x5bd1e995) >>> 0;
}

function addInto(target: Float64Array | Float32Array, source: ArrayLike<number>): void {
  for (let index = 0; index < target.length; index++) target[index] = target[index]! + source[index]!;
}
