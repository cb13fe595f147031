import { UnsupportedError } from '@anyk/core';
import {
  adaK,
  adaMoE,
  blockFFN,
  deepSeekV3,
  dynMoE,
  expertChoice,
  longCat,
  moePlusPlus,
  reMoE,
  topK,
  topP,
  uniMoE2,
  type ZeroKind,
} from './families.ts';

/** Any family instance the conformance runner can build. */
export type AnyRouter =
  | ReturnType<typeof topK>
  | ReturnType<typeof topP>
  | ReturnType<typeof dynMoE>
  | ReturnType<typeof reMoE>
  | ReturnType<typeof blockFFN>
  | ReturnType<typeof adaK>
  | ReturnType<typeof adaMoE>
  | ReturnType<typeof moePlusPlus>
  | ReturnType<typeof longCat>
  | ReturnType<typeof deepSeekV3>
  | ReturnType<typeof expertChoice>
  | ReturnType<typeof uniMoE2>;

type Config = Readonly<Record<string, unknown>>;
const number = (config: Config, key: string): number => config[key] as number;

/**
 * Maps a fixture's snake_case router configuration onto the family factories of `@anyk/routers`. The
 * factories validate everything; this only renames keys.
 */
export function routerFromFixture(config: Config): AnyRouter | undefined {
  const numExperts = number(config, 'num_experts');
  switch (config.kind) {
    case 'top-k':
      return topK({
        numExperts,
        k: number(config, 'k'),
        weights: config.weights as 'renorm' | 'raw',
        capacityFactor: config.capacity_factor as number | undefined,
      });
    case 'top-p':
      return topP({ numExperts, p: number(config, 'p'), maxK: config.max_k as number | undefined });
    case 'dynmoe':
      return dynMoE({
        numExperts,
        logitScale: number(config, 'logit_scale'),
        mode: config.mode as 'train' | 'infer',
      });
    case 'remoe':
      return reMoE({ numExperts, targetK: number(config, 'target_k') });
    case 'blockffn':
      return blockFFN({ numExperts, eps: number(config, 'eps') });
    case 'ada-k':
      return adaK({
        numExperts,
        kMax: number(config, 'k_max'),
        mode: config.mode as 'train' | 'infer',
        weights: config.weights as 'renorm' | 'raw',
      });
    case 'adamoe': {
      const zero = config.zero_computation as ZeroKind[];
      if (zero.some((kind) => kind !== 'zero'))
        throw new UnsupportedError('adamoe with non-null experts', 'AdaMoE has null experts only');
      return adaMoE({ numExperts, nullExperts: zero.length, k: number(config, 'k') });
    }
    case 'moe-plus-plus':
      return moePlusPlus({
        numExperts,
        zeroComputation: config.zero_computation as ZeroKind[],
        k: number(config, 'k'),
        logitsNorm: config.logits_norm as boolean,
        normStd: number(config, 'norm_std'),
        mixtralGating: config.mixtral_gating as boolean,
        scaleInputByK: config.scale_input_by_k as boolean,
      });
    case 'longcat': {
      const zero = config.zero_computation as ZeroKind[];
      if (zero.some((kind) => kind !== 'copy'))
        throw new UnsupportedError('longcat with non-identity experts', 'LongCat has identity experts only');
      return longCat({
        numExperts,
        identityExperts: zero.length,
        k: number(config, 'k'),
        routedScalingFactor: number(config, 'routed_scaling_factor'),
      });
    }
    case 'deepseek-v3':
      return deepSeekV3({
        numExperts,
        k: number(config, 'k'),
        nGroups: number(config, 'n_groups'),
        topkGroups: number(config, 'topk_groups'),
        routeScale: number(config, 'route_scale'),
        scoreFunc: config.score_func as 'sigmoid' | 'softmax',
        groupScore: config.group_score as 'top2-sum' | 'max',
      });
    case 'expert-choice':
      return expertChoice({
        numExperts,
        capacityFactor: number(config, 'capacity_factor'),
        minCapacity: number(config, 'min_capacity'),
        capacity: number(config, 'capacity'),
      });
    case 'uni-moe-2':
      return uniMoE2({
        numExperts,
        nullExperts: number(config, 'null_experts'),
        sharedExperts: number(config, 'shared_experts'),
        p: number(config, 'p'),
        k: config.k as number | undefined,
        windowEps: number(config, 'window_eps'),
        capacityFactor: config.capacity_factor as number | undefined,
        minCapacity: config.min_capacity as number | undefined,
      });
    case 'z-loss':
      return undefined;
    default:
      throw new UnsupportedError(`router kind ${String(config.kind)}`, 'no such family in @anyk/routers');
  }
}
