import type { RouterSpecV1, RoutingResultV1, ZeroExpertKind } from '@anyk/core';
import { topP as topPFromSubpath } from '@anyk/routers/top-p';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AdaKConfig,
  type AdaKRouter,
  type AdaMoEConfig,
  adaK,
  adaMoE,
  type BlockFFNConfig,
  blockFFN,
  type DeepSeekV3Config,
  type DynMoEAdaptiveUpdate,
  type DynMoEConfig,
  type DynMoERouter,
  deepSeekV3,
  dynMoE,
  type ExpertChoiceConfig,
  type ExpertChoiceRouter,
  expertChoice,
  type LongCatConfig,
  type LongCatRouter,
  longCat,
  type MoEPlusPlusConfig,
  type MoEPlusPlusRouter,
  moePlusPlus,
  type ReMoEConfig,
  type RouterFamily,
  type RouterMode,
  reMoE,
  type TopKConfig,
  type TopKRouter,
  type TopPConfig,
  topK,
  topP,
} from './index.ts';

/** Keys a caller must give. */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** Keys a caller may leave out. */
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;

describe('config types: required vs optional keys', () => {
  it('top-k / top-p', () => {
    expectTypeOf<RequiredKeys<TopKConfig>>().toEqualTypeOf<'numExperts' | 'k'>();
    expectTypeOf<OptionalKeys<TopKConfig>>().toEqualTypeOf<'weights' | 'capacityFactor'>();
    expectTypeOf<RequiredKeys<TopPConfig>>().toEqualTypeOf<'numExperts'>();
    expectTypeOf<OptionalKeys<TopPConfig>>().toEqualTypeOf<'p' | 'maxK'>();
  });

  it('dynmoe / remoe / blockffn / ada-k', () => {
    expectTypeOf<RequiredKeys<DynMoEConfig>>().toEqualTypeOf<'numExperts'>();
    expectTypeOf<OptionalKeys<DynMoEConfig>>().toEqualTypeOf<'logitScale' | 'mode'>();
    expectTypeOf<RequiredKeys<ReMoEConfig>>().toEqualTypeOf<'numExperts'>();
    expectTypeOf<OptionalKeys<ReMoEConfig>>().toEqualTypeOf<'targetK'>();
    expectTypeOf<RequiredKeys<BlockFFNConfig>>().toEqualTypeOf<'numExperts'>();
    expectTypeOf<OptionalKeys<BlockFFNConfig>>().toEqualTypeOf<'eps'>();
    expectTypeOf<RequiredKeys<AdaKConfig>>().toEqualTypeOf<'numExperts' | 'kMax'>();
    expectTypeOf<OptionalKeys<AdaKConfig>>().toEqualTypeOf<'mode' | 'weights'>();
  });

  it('adamoe / moe-plus-plus / longcat / deepseek-v3 / expert-choice', () => {
    expectTypeOf<RequiredKeys<AdaMoEConfig>>().toEqualTypeOf<'numExperts' | 'nullExperts' | 'k'>();
    expectTypeOf<RequiredKeys<MoEPlusPlusConfig>>().toEqualTypeOf<'numExperts'>();
    expectTypeOf<OptionalKeys<MoEPlusPlusConfig>>().toEqualTypeOf<
      'zeroComputation' | 'k' | 'logitsNorm' | 'normStd' | 'mixtralGating' | 'scaleInputByK'
    >();
    expectTypeOf<RequiredKeys<LongCatConfig>>().toEqualTypeOf<'numExperts' | 'identityExperts' | 'k'>();
    expectTypeOf<OptionalKeys<LongCatConfig>>().toEqualTypeOf<'routedScalingFactor'>();
    expectTypeOf<RequiredKeys<DeepSeekV3Config>>().toEqualTypeOf<'numExperts' | 'k'>();
    expectTypeOf<OptionalKeys<DeepSeekV3Config>>().toEqualTypeOf<
      | 'nGroups'
      | 'topkGroups'
      | 'routeScale'
      | 'scoreFunc'
      | 'groupScore'
      | 'droppedGroups'
      | 'normalizeWeights'
    >();
    expectTypeOf<RequiredKeys<ExpertChoiceConfig>>().toEqualTypeOf<'numExperts'>();
    expectTypeOf<OptionalKeys<ExpertChoiceConfig>>().toEqualTypeOf<
      'capacityFactor' | 'minCapacity' | 'capacity'
    >();
  });

  it('a missing required key or an unknown literal does not compile', () => {
    // @ts-expect-error k is required
    topK({ numExperts: 8 });
    // @ts-expect-error weights is 'renorm' | 'raw'
    topK({ numExperts: 8, k: 2, weights: 'mean' });
    // @ts-expect-error mode is 'train' | 'infer'
    dynMoE({ numExperts: 4, mode: 'eval' });
    // @ts-expect-error nullExperts is required
    adaMoE({ numExperts: 4, k: 2 });
    // @ts-expect-error zero-computation kinds are 'zero' | 'copy' | 'constant'
    moePlusPlus({ numExperts: 4, zeroComputation: ['identity'] });
    // @ts-expect-error scoreFunc is 'sigmoid' | 'softmax'
    deepSeekV3({ numExperts: 8, k: 2, scoreFunc: 'relu' });
    // @ts-expect-error identityExperts is required
    longCat({ numExperts: 8, k: 2 });
  });
});

describe('literal unions', () => {
  it('weights, mode, score functions and zero-computation kinds are literal unions', () => {
    expectTypeOf<RouterMode>().toEqualTypeOf<'train' | 'infer'>();
    expectTypeOf<NonNullable<TopKConfig['weights']>>().toEqualTypeOf<'renorm' | 'raw'>();
    expectTypeOf<NonNullable<AdaKConfig['weights']>>().toEqualTypeOf<'renorm' | 'raw'>();
    expectTypeOf<NonNullable<AdaKConfig['mode']>>().toEqualTypeOf<'train' | 'infer'>();
    expectTypeOf<NonNullable<DynMoEConfig['mode']>>().toEqualTypeOf<'train' | 'infer'>();
    expectTypeOf<NonNullable<DeepSeekV3Config['scoreFunc']>>().toEqualTypeOf<'sigmoid' | 'softmax'>();
    expectTypeOf<NonNullable<DeepSeekV3Config['groupScore']>>().toEqualTypeOf<'top2-sum' | 'max'>();
    expectTypeOf<NonNullable<MoEPlusPlusConfig['zeroComputation']>>().toEqualTypeOf<
      readonly ZeroExpertKind[]
    >();
  });

  it('resolved configs have every default filled in (no undefined where a default exists)', () => {
    expectTypeOf<TopKRouter['config']['weights']>().toEqualTypeOf<'renorm' | 'raw'>();
    expectTypeOf<TopKRouter['config']['capacityFactor']>().toEqualTypeOf<number | undefined>();
    expectTypeOf(topP({ numExperts: 4 }).config.p).toEqualTypeOf<number>();
    expectTypeOf(topP({ numExperts: 4 }).config.maxK).toEqualTypeOf<number | undefined>();
    expectTypeOf(dynMoE({ numExperts: 4 }).config.mode).toEqualTypeOf<RouterMode>();
    expectTypeOf(adaK({ numExperts: 4, kMax: 2 }).config.weights).toEqualTypeOf<'renorm' | 'raw'>();
    expectTypeOf(deepSeekV3({ numExperts: 4, k: 2 }).config.scoreFunc).toEqualTypeOf<'sigmoid' | 'softmax'>();
    expectTypeOf(moePlusPlus({ numExperts: 4 }).config.zeroComputation).toEqualTypeOf<
      readonly ZeroExpertKind[]
    >();
    expectTypeOf(expertChoice({ numExperts: 4 }).config.capacity).toEqualTypeOf<number | undefined>();
  });
});

describe('family names and specs', () => {
  it('each factory returns its family name as a literal type', () => {
    expectTypeOf(topK({ numExperts: 4, k: 1 }).family).toEqualTypeOf<'top-k'>();
    expectTypeOf(topP({ numExperts: 4 }).family).toEqualTypeOf<'top-p'>();
    expectTypeOf(dynMoE({ numExperts: 4 }).family).toEqualTypeOf<'dynmoe'>();
    expectTypeOf(reMoE({ numExperts: 4 }).family).toEqualTypeOf<'remoe'>();
    expectTypeOf(blockFFN({ numExperts: 4 }).family).toEqualTypeOf<'blockffn'>();
    expectTypeOf(adaK({ numExperts: 4, kMax: 2 }).family).toEqualTypeOf<'ada-k'>();
    expectTypeOf(adaMoE({ numExperts: 4, nullExperts: 2, k: 2 }).family).toEqualTypeOf<'adamoe'>();
    expectTypeOf(moePlusPlus({ numExperts: 4 }).family).toEqualTypeOf<'moe-plus-plus'>();
    expectTypeOf(longCat({ numExperts: 4, identityExperts: 2, k: 2 }).family).toEqualTypeOf<'longcat'>();
    expectTypeOf(deepSeekV3({ numExperts: 4, k: 2 }).family).toEqualTypeOf<'deepseek-v3'>();
    expectTypeOf(expertChoice({ numExperts: 4 }).family).toEqualTypeOf<'expert-choice'>();
  });

  it('spec() returns RouterSpecV1 and every router is a RouterFamily', () => {
    expectTypeOf(topK({ numExperts: 4, k: 1 }).spec()).toEqualTypeOf<RouterSpecV1>();
    expectTypeOf(dynMoE({ numExperts: 4 }).spec({ mode: 'infer' })).toEqualTypeOf<RouterSpecV1>();
    expectTypeOf(expertChoice({ numExperts: 4 }).spec({ tokens: 16 })).toEqualTypeOf<RouterSpecV1>();
    expectTypeOf<ReturnType<LongCatRouter['spec']>>().toEqualTypeOf<RouterSpecV1>();
    expectTypeOf<TopKRouter>().toExtend<RouterFamily<'top-k', object>>();
    expectTypeOf<DynMoERouter>().toExtend<RouterFamily<'dynmoe', object>>();
    expectTypeOf(topK).parameter(0).toEqualTypeOf<TopKConfig>();
  });

  it('the subpath export has the same type as the root export', () => {
    expectTypeOf(topPFromSubpath).toEqualTypeOf(topP);
  });
});

describe('family-specific methods', () => {
  it('dynMoE().adaptiveUpdate', () => {
    expectTypeOf<DynMoERouter['adaptiveUpdate']>().returns.toEqualTypeOf<DynMoEAdaptiveUpdate>();
    expectTypeOf<DynMoERouter['adaptiveUpdate']>()
      .parameter(0)
      .toHaveProperty('routing')
      .toEqualTypeOf<RoutingResultV1>();
    expectTypeOf<DynMoEAdaptiveUpdate['addedExpert']>().toEqualTypeOf<number>();
    expectTypeOf<DynMoEAdaptiveUpdate['maskNext']>().toEqualTypeOf<Float64Array>();
  });

  it('adaK().chooseK and sampleK', () => {
    expectTypeOf<AdaKRouter['chooseK']>().returns.toEqualTypeOf<{ k: Int32Array; logProb: Float64Array }>();
    expectTypeOf<AdaKRouter['chooseK']>()
      .parameter(2)
      .toEqualTypeOf<{ readonly mode?: RouterMode; readonly sampledK?: ArrayLike<number> } | undefined>();
    expectTypeOf<AdaKRouter['sampleK']>().parameter(2).toEqualTypeOf<() => number>();
    expectTypeOf<AdaKRouter['sampleK']>().returns.toEqualTypeOf<Int32Array>();
  });

  it('moePlusPlus().gateResidual, longCat().ffnLoads, expertChoice().capacityFor', () => {
    expectTypeOf<MoEPlusPlusRouter['gateResidual']>().parameters.toEqualTypeOf<[RoutingResultV1]>();
    expectTypeOf<MoEPlusPlusRouter['gateResidual']>().returns.toEqualTypeOf<Float64Array | Float32Array>();
    expectTypeOf<MoEPlusPlusRouter['expertInputScale']>().toEqualTypeOf<number>();
    expectTypeOf<LongCatRouter['ffnLoads']>().parameters.toEqualTypeOf<[RoutingResultV1]>();
    expectTypeOf<LongCatRouter['ffnLoads']>().returns.toEqualTypeOf<Float64Array>();
    expectTypeOf<ExpertChoiceRouter['capacityFor']>().toEqualTypeOf<(tokens: number) => number>();
    expectTypeOf(reMoE({ numExperts: 4 }).targetSparsity).toEqualTypeOf<number>();
  });

  it('methods belong to their family only', () => {
    expectTypeOf<TopKRouter>().not.toHaveProperty('adaptiveUpdate');
    expectTypeOf<TopKRouter>().not.toHaveProperty('chooseK');
    expectTypeOf<DynMoERouter>().not.toHaveProperty('gateResidual');
    expectTypeOf<LongCatRouter>().not.toHaveProperty('capacityFor');
    expectTypeOf<ExpertChoiceRouter>().not.toHaveProperty('ffnLoads');
  });
});
