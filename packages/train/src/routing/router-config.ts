import type { ZeroExpertKind } from '@anyk/core';
import { InvalidArgumentError, UnsupportedError } from '@anyk/core';
import type { AuxLossConfig, ChunkSchedulerConfig } from '@anyk/losses';

/**
 * Which router family an MoE layer uses, with the family's own hyper-parameters. Plain JSON, so it is
 * stored in a checkpoint's config and a loaded model routes exactly as it was trained.
 */
export type RouterConfig =
  | { readonly family: 'top-k'; readonly k: number }
  | { readonly family: 'top-p'; readonly p: number; readonly maxK?: number | undefined }
  | {
      readonly family: 'remoe';
      /** Target average active experts (sets the lambda controller's sparsity target `1 - k/E`). */
      readonly targetK: number;
      /** Initial L1 coefficient (ReMoE code: 1e-8). */
      readonly lambdaInit?: number | undefined;
      /** Controller multiplier (ReMoE code: 1.2). */
      readonly alpha?: number | undefined;
    }
  | {
      readonly family: 'dynmoe';
      readonly logitScale?: number | undefined;
      /** Run DynMoE's add/remove-expert update every this many steps (0 = never). */
      readonly adaptiveInterval?: number | undefined;
    }
  | {
      readonly family: 'moe-plus-plus';
      readonly k?: number | undefined;
      readonly zeroComputation?: readonly ZeroExpertKind[] | undefined;
    }
  | {
      readonly family: 'deepseek-v3';
      readonly k: number;
      /** Sign-step rate gamma of the selection-bias update (1e-3 in DeepSeek-V3). */
      readonly biasRate?: number | undefined;
    }
  | {
      readonly family: 'blockffn';
      /** Chunk length L of the chunk-sparsity loss; must divide the training sequence length (paper: 64). */
      readonly chunkSize?: number | undefined;
      /** The adaptive chunk-loss coefficient schedule (`chunkSchedulerStep`); paper: 5e-2, 1000, 100, 4, 1.025. */
      readonly chunkSchedule?: Partial<ChunkSchedulerConfig> | undefined;
      /** RMSNorm epsilon of the router (1e-5). */
      readonly eps?: number | undefined;
    }
  | {
      readonly family: 'ada-k';
      /** Largest k the allocator may pick (its actions are 1..kMax). */
      readonly kMax: number;
      /** Reward cost per expert: `reward = log p(next byte) - costWeight * (mean k over layers)`. */
      readonly costWeight: number;
      /** PPO passes over each rollout (clipped surrogate, one AdamW step of the allocators each). */
      readonly ppoEpochs?: number | undefined;
      /** PPO clip epsilon (0.2). */
      readonly clipEps?: number | undefined;
      /** The allocators' AdamW learning rate (constant; default the run's peak learning rate). */
      readonly allocatorLearningRate?: number | undefined;
    }
  | {
      readonly family: 'adamoe';
      /** Null experts Z (output 0, cost nothing). */
      readonly nullExperts: number;
      /** Picks per token over the E + Z candidates. */
      readonly k: number;
    }
  | {
      readonly family: 'longcat';
      /** Identity (zero-computation) experts Z. */
      readonly identityExperts: number;
      /** Picks per token over the N + Z candidates. */
      readonly k: number;
      /** The FFN experts per token the bias controller steers toward (K_e, below k). */
      readonly targetFfnK: number;
      /**
       * Proportional gain of the bias controller (the report's mu, whose value it does not give; default 1:
       * on the tiny test model gains 0.05, 0.2 and 1 all reached targets above and below the start, 1 the
       * fastest without overshoot).
       */
      readonly biasRate?: number | undefined;
      /** Integral gain (default 0: the report's proportional rule). */
      readonly biasIntegralGain?: number | undefined;
      /** Derivative gain (default 0). */
      readonly biasDerivativeGain?: number | undefined;
      /** Weight scale of the selected experts (6.0 in LongCat-Flash). */
      readonly routedScalingFactor?: number | undefined;
    }
  | {
      /**
       * Expert-Choice: every expert takes the C tokens of the whole batch with the largest probability.
       * Not causal: a token's selection depends on the other tokens of its batch, later ones of its own
       * sequence included, so the trained loss leaks the future through the routing.
       */
      readonly family: 'expert-choice';
      /** c in `C = round(c T / E)` (2). */
      readonly capacityFactor?: number | undefined;
      /** Lower bound of C (4). */
      readonly minCapacity?: number | undefined;
    }
  | {
      readonly family: 'uni-moe-2';
      readonly nullExperts: number;
      /** Shared experts (always on, weighed by the joint softmax); each as wide as a routed expert. */
      readonly sharedExperts: number;
      /** Cumulative-probability target. */
      readonly p: number;
      readonly k?: number | undefined;
      readonly capacityFactor?: number | undefined;
    };

export type RouterFamilyName = RouterConfig['family'];

/**
 * The auxiliary losses a family trains with when a run does not configure its own, with explicit
 * coefficients: the papers' values where they state them (apps/docs/site/guide/algorithms.md), so a run's
 * recipe is readable from its config. ReMoE's `lambda` here is a placeholder: the trainer replaces it with
 * the controller's current value every step.
 */
export function defaultAuxLosses(router: RouterConfig): AuxLossConfig[] {
  switch (router.family) {
    case 'top-k':
      return [{ type: 'load_balance', variant: 'token-fraction', coef: 1e-2 }];
    case 'top-p':
      return [
        { type: 'entropy', coef: 1e-4 },
        { type: 'load_balance', variant: 'assignment-fraction', coef: 1e-2 },
      ];
    case 'remoe':
      return [{ type: 'l1_balanced', lambda: router.lambdaInit ?? 1e-8, targetK: router.targetK }];
    case 'dynmoe':
      return [{ type: 'l_aux', coef: 1e-2 }];
    case 'moe-plus-plus':
      return [{ type: 'heterogeneous_balance', coef: 1e-2 }];
    case 'deepseek-v3':
      return [];
    case 'blockffn':
      // The released recipe [cfg]: activation locality 2e-3 with sharpness 100, chunk sparsity whose
      // coefficient the trainer replaces every step with the adaptive schedule's value.
      return [
        { type: 'activation_locality', sharpness: 100, coef: 2e-3 },
        { type: 'chunk_sparsity', chunkSize: router.chunkSize ?? defaultChunkSize, coef: 5e-2 },
      ];
    case 'ada-k':
      // The allocators' PPO loss is not a router loss: the trainer runs it on its own (`AllocatorPpo`).
      return [];
    case 'adamoe':
      return [{ type: 'adamoe_balance', averageNullLoads: true, coef: 1e-3 }];
    case 'longcat':
      return [
        {
          type: 'device_balance',
          groups: 1,
          targetFfnK: router.targetFfnK,
          k: router.k,
          coef: 1e-3,
        },
      ];
    case 'expert-choice':
      return [];
    case 'uni-moe-2':
      return [{ type: 'uni_moe_balance', sharedExperts: router.sharedExperts, coef: 1e-2 }];
  }
}

/** BlockFFN's chunk length when a config gives none (the paper's 64 is longer than the tiny runs' windows). */
export const defaultChunkSize = 8;

/** The adaptive chunk-coefficient schedule of a BlockFFN config (paper values where it leaves one out). */
export function chunkScheduleOf(router: RouterConfig & { family: 'blockffn' }): ChunkSchedulerConfig {
  return {
    start: 5e-2,
    stableSteps: 1000,
    interval: 100,
    maxFactor: 4,
    minFactor: 1.025,
    ...router.chunkSchedule,
  };
}

/** Every key each family's config may hold (anything else is a typo, rejected by name). */
const routerConfigKeys: Readonly<Record<RouterFamilyName, readonly string[]>> = {
  'top-k': ['k'],
  'top-p': ['p', 'maxK'],
  remoe: ['targetK', 'lambdaInit', 'alpha'],
  dynmoe: ['logitScale', 'adaptiveInterval'],
  'moe-plus-plus': ['k', 'zeroComputation'],
  'deepseek-v3': ['k', 'biasRate'],
  blockffn: ['chunkSize', 'chunkSchedule', 'eps'],
  'ada-k': ['kMax', 'costWeight', 'ppoEpochs', 'clipEps', 'allocatorLearningRate'],
  adamoe: ['nullExperts', 'k'],
  longcat: [
    'identityExperts',
    'k',
    'targetFfnK',
    'biasRate',
    'biasIntegralGain',
    'biasDerivativeGain',
    'routedScalingFactor',
  ],
  'expert-choice': ['capacityFactor', 'minCapacity'],
  'uni-moe-2': ['nullExperts', 'sharedExperts', 'p', 'k', 'capacityFactor'],
};

/** Every family the trainer trains. */
export const trainableRouterFamilies = Object.keys(routerConfigKeys) as RouterFamilyName[];

/**
 * Rejects an unknown family (`UnsupportedError`) or a key the family does not have
 * (`InvalidArgumentError` naming `router.<key>`): a key meant for another family would otherwise be
 * ignored silently and the run would not be the one asked for.
 */
export function checkRouterConfigKeys(config: RouterConfig): void {
  if (config === null || typeof config !== 'object')
    throw new InvalidArgumentError('router', 'a router config object', config, 'RouterConfig');
  const family = (config as { family?: unknown }).family;
  if (typeof family !== 'string' || !Object.hasOwn(routerConfigKeys, family))
    throw new UnsupportedError(
      `training router family ${JSON.stringify(family)}`,
      `the trainer trains ${trainableRouterFamilies.join(', ')}`,
    );
  const allowed = routerConfigKeys[family as RouterFamilyName];
  for (const key of Object.keys(config)) {
    if (key !== 'family' && !allowed.includes(key))
      throw new InvalidArgumentError(
        `router.${key}`,
        `a key of the ${family} config (${allowed.join(', ')})`,
        (config as unknown as Record<string, unknown>)[key],
        'RouterConfig',
      );
  }
}
