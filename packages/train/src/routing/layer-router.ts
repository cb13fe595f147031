import { InvalidArgumentError, type RouterSpecV1, UnsupportedError, type ZeroExpertKind } from '@anyk/core';
import { deepSeekV3 } from '@anyk/routers/deepseek-v3';
import { dynMoE } from '@anyk/routers/dynmoe';
import { moePlusPlus } from '@anyk/routers/moe-plus-plus';
import { reMoE } from '@anyk/routers/remoe';
import { topK } from '@anyk/routers/top-k';
import { topP } from '@anyk/routers/top-p';
import type { RouterConfig } from './router-config.ts';

/** What the trainer needs to know about a family, resolved once from its {@link RouterConfig}. */
export interface LayerRouter {
  readonly config: RouterConfig;
  readonly numExperts: number;
  /** Real + zero-computation candidates. */
  readonly totalExperts: number;
  readonly zeroComputation: readonly ZeroExpertKind[];
  readonly constantExperts: number;
  /** The spec for training or for evaluation (DynMoE's argmax fallback at inference). */
  spec(mode: 'train' | 'infer'): RouterSpecV1;
  /** Router matrix shape: `[total, d]` (linear) or `[d, E]` (DynMoE cosine). */
  routerShape(d: number): [number, number];
  readonly cosine: boolean;
  readonly gatingResidual: boolean;
  readonly trainsThresholds: boolean;
  readonly selectionBias: boolean;
  /** The loss-side name of the scoring (`cosine-sigmoid` for DynMoE). */
  readonly lossScoring: 'softmax' | 'sigmoid' | 'relu' | 'cosine-sigmoid';
}

/**
 * Builds the family's router with `@anyk/routers` (which validates the config) and describes the
 * parameters and state it needs. Families whose training needs pieces this trainer lacks (Ada-K's
 * allocator and PPO, BlockFFN's chunk schedule, expert-choice's batch-dependent capacity, AdaMoE, LongCat)
 * are rejected with `UnsupportedError` rather than trained wrongly.
 */
export function createLayerRouter(config: RouterConfig, numExperts: number): LayerRouter {
  const base = (spec: (mode: 'train' | 'infer') => RouterSpecV1) => {
    const trainSpec = spec('train');
    const zeroComputation = trainSpec.zeroComputation;
    const cosine = trainSpec.logits.kind === 'cosine';
    const total = numExperts + zeroComputation.length;
    return {
      config,
      numExperts,
      totalExperts: total,
      zeroComputation,
      constantExperts: zeroComputation.filter((kind) => kind === 'constant').length,
      spec,
      routerShape: (d: number): [number, number] => (cosine ? [d, numExperts] : [total, d]),
      cosine,
      gatingResidual: trainSpec.gatingResidual,
      trainsThresholds: trainSpec.selection.kind === 'threshold',
      selectionBias: config.family === 'deepseek-v3',
      lossScoring: cosine
        ? ('cosine-sigmoid' as const)
        : (trainSpec.scoring.kind as 'softmax' | 'sigmoid' | 'relu'),
    };
  };
  switch (config.family) {
    case 'top-k': {
      const router = topK({ numExperts, k: config.k });
      return base(() => router.spec());
    }
    case 'top-p': {
      const router = topP({ numExperts, p: config.p, maxK: config.maxK });
      return base(() => router.spec());
    }
    case 'remoe': {
      const router = reMoE({ numExperts, targetK: config.targetK });
      return base(() => router.spec());
    }
    case 'dynmoe': {
      const router = dynMoE({ numExperts, logitScale: config.logitScale ?? 1 });
      return base((mode) => router.spec({ mode }));
    }
    case 'moe-plus-plus': {
      const router = moePlusPlus({
        numExperts,
        ...(config.k === undefined ? {} : { k: config.k }),
        ...(config.zeroComputation === undefined ? {} : { zeroComputation: config.zeroComputation }),
      });
      if (router.expertInputScale !== 1)
        throw new UnsupportedError('MoE++ scaleInputByK', 'the trainer feeds experts the plain input');
      return base(() => router.spec());
    }
    case 'deepseek-v3': {
      const router = deepSeekV3({ numExperts, k: config.k });
      return base(() => router.spec());
    }
    default: {
      const family = (config as { family?: unknown }).family;
      if (typeof family === 'string')
        throw new UnsupportedError(
          `training router family "${family}"`,
          'the trainer supports top-k, top-p, remoe, dynmoe, moe-plus-plus and deepseek-v3',
        );
      throw new InvalidArgumentError('router.family', 'a router family name', family, 'createLayerRouter');
    }
  }
}
