import { type FloatArray, InvalidArgumentError } from '@anyk/core';
import { ppoClipLoss } from '@anyk/losses';
import { adaK } from '@anyk/routers/ada-k';
import {
  type AllocationRequest,
  allocatorLogits,
  type ExpertAllocation,
} from '../model/expert-allocation.ts';
import type { ForwardPass } from '../model/moe-language-model.ts';
import type { TensorStore } from '../model/parameter-store.ts';
import { adamWStep } from '../optim/adamw.ts';
import { type RandomState, SeededRandom } from '../random/seeded-random.ts';
import type { RouterConfig } from '../routing/router-config.ts';
import type { TrainingConfig } from './training-config.ts';

/** Ada-K's PPO settings, resolved from its router config and the run's optimizer. */
export interface AllocatorPpoConfig {
  readonly kMax: number;
  /** Reward cost per expert per token, on the mean k over layers. */
  readonly costWeight: number;
  readonly epochs: number;
  readonly clipEps: number;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly adamEpsilon: number;
}

/** What a resumed run needs: the sampler's PRNG and how many allocator steps were taken (Adam's t). */
export interface AllocatorPpoState {
  readonly random: RandomState;
  readonly updates: number;
}

/** One layer's rollout: the input the allocator saw, the sampled k and its log-probability then. */
interface LayerRollout {
  readonly x: FloatArray;
  readonly tokens: number;
  readonly d: number;
  readonly sampledK: Int32Array;
  readonly oldLogProb: Float64Array;
}

/** What one PPO update measured. */
export interface AllocatorPpoLog {
  /** Mean sampled k over tokens and layers (the rollout's). */
  readonly meanK: number;
  /** Mean reward `log p(next byte) - costWeight * mean k`. */
  readonly meanReward: number;
  /** The clipped surrogate loss of the last epoch, summed over layers. */
  readonly surrogate: number;
}

/** Whether a parameter name is an Ada-K allocator (trained by PPO, not by the language-model loss). */
export const isAllocator = (name: string): boolean =>
  name.endsWith('.allocator') || name.endsWith('.allocatorBias');

/**
 * Ada-K's allocators trained with PPO (Yue et al., ICLR 2025; the reference notes' reconstruction, as no
 * official code exists). Each training step is one rollout: every layer samples each token's k from
 * `softmax(x A^T)` with this object's own PRNG ({@link policy}); the reward of token t is the
 * log-likelihood of its next byte minus `costWeight` times its mean k over layers; the advantage is the
 * reward minus the batch mean (no value head); then `epochs` passes of the clipped surrogate
 * (`ppoClipLoss`, old log-probs from the rollout) each take one AdamW step of the allocators only.
 * The backbone is co-trained by the language-model loss at the sampled k (there is no pre-trained
 * backbone to freeze at this scale); the allocators get no gradient from that loss, only from PPO.
 */
export class AllocatorPpo {
  readonly config: AllocatorPpoConfig;
  private readonly random: SeededRandom;
  private updates: number;
  private rollout: LayerRollout[] = [];

  constructor(config: AllocatorPpoConfig, state: AllocatorPpoState) {
    this.config = config;
    this.random = new SeededRandom(state.random);
    this.updates = state.updates;
  }

  snapshot(): AllocatorPpoState {
    return { random: this.random.state(), updates: this.updates };
  }

  /** The sampling policy of the next training forward; it records the rollout {@link update} learns from. */
  policy(): ExpertAllocation {
    this.rollout = [];
    const router = adaK({ numExperts: this.config.kMax, kMax: this.config.kMax });
    return (request: AllocationRequest) => {
      const logits = allocatorLogits(request);
      const sampledK = router.sampleK(logits, request.tokens, () => this.random.next());
      const { logProb } = router.chooseK(logits, request.tokens, { mode: 'train', sampledK });
      this.rollout[request.layer] = {
        x: request.x,
        tokens: request.tokens,
        d: request.d,
        sampledK,
        oldLogProb: logProb,
      };
      return sampledK;
    };
  }

  /**
   * The PPO epochs on the rollout of `pass` (made with {@link policy}): fills the allocators' gradients in
   * `grads` and steps them with AdamW on their own moments (in `firstMoment` / `secondMoment`).
   */
  update(
    pass: ForwardPass,
    parameters: TensorStore,
    grads: TensorStore,
    firstMoment: TensorStore,
    secondMoment: TensorStore,
  ): AllocatorPpoLog {
    const { kMax, costWeight, clipEps } = this.config;
    const layers = this.rollout.length;
    const tokens = pass.tokenLosses.length;
    const reward = new Float64Array(tokens);
    let totalK = 0;
    for (let token = 0; token < tokens; token++) {
      let sumK = 0;
      for (const layer of this.rollout) sumK += layer.sampledK[token]!;
      totalK += sumK;
      reward[token] = -pass.tokenLosses[token]! - (costWeight * sumK) / layers;
    }
    const meanReward = reward.reduce((a, b) => a + b, 0) / tokens;
    const advantage = reward.map((value) => value - meanReward);
    let surrogate = 0;
    for (let epoch = 0; epoch < this.config.epochs; epoch++) {
      surrogate = 0;
      this.rollout.forEach((layer, index) => {
        const name = `layers.${index}.allocator`;
        const allocator = parameters.get(name);
        const allocatorBias = parameters.get(`${name}Bias`);
        const logits = allocatorLogits({
          layer: index,
          x: layer.x,
          tokens,
          d: layer.d,
          allocator,
          allocatorBias,
          kMax,
        });
        const loss = ppoClipLoss(
          {
            allocLogits: logits,
            numTokens: tokens,
            kMax,
            sampledK: layer.sampledK,
            oldLogProb: layer.oldLogProb,
            advantage,
          },
          { clipEps },
        );
        surrogate += loss.value;
        const gradient = grads.get(name);
        const gradientBias = grads.get(`${name}Bias`);
        gradient.fill(0);
        gradientBias.fill(0);
        for (let token = 0; token < tokens; token++)
          for (let choice = 0; choice < kMax; choice++) {
            const upstream = loss.grad.allocLogits[token * kMax + choice]!;
            gradientBias[choice] = gradientBias[choice]! + upstream;
            for (let i = 0; i < layer.d; i++)
              gradient[choice * layer.d + i] =
                gradient[choice * layer.d + i]! + upstream * layer.x[token * layer.d + i]!;
          }
      });
      this.updates++;
      adamWStep(
        parameters,
        grads,
        firstMoment,
        secondMoment,
        this.updates,
        this.config.learningRate,
        {
          beta1: this.config.beta1,
          beta2: this.config.beta2,
          epsilon: this.config.adamEpsilon,
          weightDecay: 0,
        },
        isAllocator,
      );
    }
    return { meanK: totalK / (tokens * layers), meanReward, surrogate };
  }
}

/**
 * The PPO of an Ada-K run: its settings from the router config (PPO epochs 2, clip 0.2, the run's peak
 * learning rate unless `allocatorLearningRate`) and the run's optimizer betas, its state from a checkpoint
 * or fresh. The sampler's seed is a stream of its own beside initialisation and data, so adding Ada-K
 * changed no other family's runs.
 * @throws {InvalidArgumentError} naming `router.<key>` for a cost weight, epoch count, clip or rate out of range
 */
export function allocatorPpoFor(
  router: RouterConfig & { readonly family: 'ada-k' },
  training: TrainingConfig,
  state: AllocatorPpoState | undefined,
): AllocatorPpo {
  const check = (key: string, value: number, valid: boolean, expected: string): number => {
    if (!valid) throw new InvalidArgumentError(`router.${key}`, expected, value, 'Ada-K PPO');
    return value;
  };
  const costWeight = check(
    'costWeight',
    router.costWeight,
    router.costWeight >= 0 && Number.isFinite(router.costWeight),
    'a finite number >= 0',
  );
  const epochs = router.ppoEpochs ?? 2;
  check('ppoEpochs', epochs, Number.isInteger(epochs) && epochs >= 1, 'an integer >= 1');
  const clipEps = router.clipEps ?? 0.2;
  check('clipEps', clipEps, clipEps > 0 && Number.isFinite(clipEps), 'a positive number');
  const learningRate = router.allocatorLearningRate ?? training.learningRate;
  check(
    'allocatorLearningRate',
    learningRate,
    learningRate > 0 && Number.isFinite(learningRate),
    'a positive number',
  );
  return new AllocatorPpo(
    {
      kMax: router.kMax,
      costWeight,
      epochs,
      clipEps,
      learningRate,
      beta1: training.beta1,
      beta2: training.beta2,
      adamEpsilon: training.adamEpsilon,
    },
    state ?? { random: new SeededRandom((training.seed ^ 0x2545f491) >>> 0).state(), updates: 0 },
  );
}
