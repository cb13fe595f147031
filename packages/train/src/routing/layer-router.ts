import { InvalidArgumentError, type RouterSpecV1, UnsupportedError, type ZeroExpertKind } from '@anyk/core';
import { adaK } from '@anyk/routers/ada-k';
import { adaMoE } from '@anyk/routers/adamoe';
import { blockFFN } from '@anyk/routers/blockffn';
import { deepSeekV3 } from '@anyk/routers/deepseek-v3';
import { dynMoE } from '@anyk/routers/dynmoe';
import { expertChoice } from '@anyk/routers/expert-choice';
import { longCat } from '@anyk/routers/longcat';
import { moePlusPlus } from '@anyk/routers/moe-plus-plus';
import { reMoE } from '@anyk/routers/remoe';
import { topK } from '@anyk/routers/top-k';
import { topP } from '@anyk/routers/top-p';
import { uniMoE2 } from '@anyk/routers/uni-moe-2';
import { checkRouterConfigKeys, type RouterConfig } from './router-config.ts';

/** What the trainer needs to know about a family, resolved once from its {@link RouterConfig}. */
export interface LayerRouter {
  readonly config: RouterConfig;
  readonly numExperts: number;
  /** Router rows: real + zero-computation (+ Uni-MoE-2.0's shared) candidates. */
  readonly totalExperts: number;
  readonly zeroComputation: readonly ZeroExpertKind[];
  readonly constantExperts: number;
  /** Uni-MoE-2.0's shared experts (0 elsewhere): the last router rows, always on. */
  readonly sharedExperts: number;
  /**
   * The spec for training or for evaluation (DynMoE's argmax fallback at inference); `tokens` is the
   * batch's token count (Expert-Choice's capacity depends on it: its spec throws without it).
   */
  spec(mode: 'train' | 'infer', tokens?: number): RouterSpecV1;
  /** Router matrix shape: `[total, d]` (linear) or `[d, E]` (DynMoE cosine). */
  routerShape(d: number): [number, number];
  readonly cosine: boolean;
  readonly gatingResidual: boolean;
  readonly trainsThresholds: boolean;
  /** BlockFFN's learnable per-expert gain. */
  readonly trainsGain: boolean;
  /** Selection-only bias in the router state (DeepSeek-V3's sign step, LongCat's PID controller). */
  readonly selectionBias: boolean;
  /** Ada-K: the allocator's largest k (its `[kMax, d]` matrix per layer); 0 for other families. */
  readonly allocatorKMax: number;
  /** The loss-side name of the scoring (`cosine-sigmoid` for DynMoE). */
  readonly lossScoring: 'softmax' | 'sigmoid' | 'relu' | 'relu-rmsnorm' | 'cosine-sigmoid';
}

/** How a family's router builds its spec. */
type SpecOf = (mode: 'train' | 'infer', tokens?: number) => RouterSpecV1;

/** The {@link LayerRouter} of a family whose `@anyk/routers` router makes `spec`. */
function describeRouter(config: RouterConfig, numExperts: number, spec: SpecOf): LayerRouter {
  const trainSpec = spec('train', 1);
  const zeroComputation = trainSpec.zeroComputation;
  const cosine = trainSpec.logits.kind === 'cosine';
  const sharedExperts = trainSpec.sharedExperts?.count ?? 0;
  const total = numExperts + zeroComputation.length + sharedExperts;
  const scoring = trainSpec.scoring.kind;
  return {
    config,
    numExperts,
    totalExperts: total,
    zeroComputation,
    constantExperts: zeroComputation.filter((kind) => kind === 'constant').length,
    sharedExperts,
    spec,
    routerShape: (d: number): [number, number] => (cosine ? [d, numExperts] : [total, d]),
    cosine,
    gatingResidual: trainSpec.gatingResidual,
    trainsThresholds: trainSpec.selection.kind === 'threshold',
    trainsGain: trainSpec.weighting.kind === 'score' && trainSpec.weighting.gain,
    selectionBias: config.family === 'deepseek-v3' || config.family === 'longcat',
    allocatorKMax: trainSpec.selection.kind === 'predicted-k' ? trainSpec.selection.kMax : 0,
    lossScoring: cosine ? 'cosine-sigmoid' : (scoring as LayerRouter['lossScoring']),
  };
}

/** The spec-making function of one family, its router built (and its config validated) by `@anyk/routers`. */
function specOf(config: RouterConfig, numExperts: number): SpecOf {
  switch (config.family) {
    case 'top-k': {
      const router = topK({ numExperts, k: config.k });
      return () => router.spec();
    }
    case 'top-p': {
      const router = topP({ numExperts, p: config.p, maxK: config.maxK });
      return () => router.spec();
    }
    case 'remoe': {
      const router = reMoE({ numExperts, targetK: config.targetK });
      return () => router.spec();
    }
    case 'dynmoe': {
      const router = dynMoE({ numExperts, logitScale: config.logitScale ?? 1 });
      return (mode) => router.spec({ mode });
    }
    case 'moe-plus-plus': {
      const router = moePlusPlus({
        numExperts,
        ...(config.k === undefined ? {} : { k: config.k }),
        ...(config.zeroComputation === undefined ? {} : { zeroComputation: config.zeroComputation }),
      });
      if (router.expertInputScale !== 1)
        throw new UnsupportedError('MoE++ scaleInputByK', 'the trainer feeds experts the plain input');
      return () => router.spec();
    }
    case 'deepseek-v3': {
      const router = deepSeekV3({ numExperts, k: config.k });
      return () => router.spec();
    }
    case 'blockffn': {
      const router = blockFFN({ numExperts, ...(config.eps === undefined ? {} : { eps: config.eps }) });
      return () => router.spec();
    }
    case 'ada-k': {
      const router = adaK({ numExperts, kMax: config.kMax });
      return () => router.spec();
    }
    case 'adamoe': {
      const router = adaMoE({ numExperts, nullExperts: config.nullExperts, k: config.k });
      return () => router.spec();
    }
    case 'longcat': {
      const router = longCat({
        numExperts,
        identityExperts: config.identityExperts,
        k: config.k,
        ...(config.routedScalingFactor === undefined
          ? {}
          : { routedScalingFactor: config.routedScalingFactor }),
      });
      if (!(config.targetFfnK > 0 && config.targetFfnK < config.k))
        throw new InvalidArgumentError(
          'router.targetFfnK',
          `a number in (0, k = ${config.k})`,
          config.targetFfnK,
        );
      return () => router.spec();
    }
    case 'expert-choice': {
      const router = expertChoice({
        numExperts,
        ...(config.capacityFactor === undefined ? {} : { capacityFactor: config.capacityFactor }),
        ...(config.minCapacity === undefined ? {} : { minCapacity: config.minCapacity }),
      });
      return (_mode, tokens) => router.spec(tokens === undefined ? {} : { tokens });
    }
    case 'uni-moe-2': {
      const router = uniMoE2({
        numExperts,
        nullExperts: config.nullExperts,
        sharedExperts: config.sharedExperts,
        p: config.p,
        ...(config.k === undefined ? {} : { k: config.k }),
        ...(config.capacityFactor === undefined ? {} : { capacityFactor: config.capacityFactor }),
      });
      return () => router.spec();
    }
  }
}

/**
 * Builds the family's router with `@anyk/routers` (which validates the family's hyper-parameters) and
 * describes the parameters and state it needs. Every family of `@anyk/routers` trains; an unknown family
 * is an `UnsupportedError` and a key the family does not have an `InvalidArgumentError` naming it.
 * @throws {UnsupportedError} for an unknown family
 * @throws {InvalidArgumentError} for a key or value the family's config does not accept
 */
export function createLayerRouter(config: RouterConfig, numExperts: number): LayerRouter {
  checkRouterConfigKeys(config);
  return describeRouter(config, numExperts, specOf(config, numExperts));
}
