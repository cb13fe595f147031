import type { ExpertKindV1, RouterSpecV1, ZeroExpertKind } from '@anyk/core';
import type { KernelSource } from '../gpu/kernel-cache.ts';
import { activationBackwardBindings, activationBackwardWgsl } from '../kernels/activation-backward.wgsl.ts';
import { capacityDropBindings, capacityDropWgsl } from '../kernels/capacity-drop.wgsl.ts';
import { combineBindings, combineWgsl, combineWithSharedBindings } from '../kernels/combine.wgsl.ts';
import { cosineLogitsBindings, cosineLogitsWgsl } from '../kernels/cosine-logits.wgsl.ts';
import { denseGemmBindings, denseGemmWgsl } from '../kernels/dense-gemm.wgsl.ts';
import { denseGemvBindings, denseGemvWgsl } from '../kernels/dense-gemv.wgsl.ts';
import { expertChoiceBindings, expertChoiceWgsl } from '../kernels/expert-choice.wgsl.ts';
import {
  type ExpertRowsGemmMode,
  expertRowsGemmBindings,
  expertRowsGemmWgsl,
} from '../kernels/expert-rows-gemm.wgsl.ts';
import {
  type ExpertWeightGradMode,
  expertWeightGradBindings,
  expertWeightGradWgsl,
} from '../kernels/expert-weight-grad.wgsl.ts';
import type { GemmTiling } from '../kernels/gemm-tiles.ts';
import { downProjectionBindings, groupedGemmDownWgsl } from '../kernels/grouped-gemm-down.wgsl.ts';
import { groupedGemmUpWgsl, upProjectionBindings } from '../kernels/grouped-gemm-up.wgsl.ts';
import { groupedGemvDownWgsl } from '../kernels/grouped-gemv-down.wgsl.ts';
import { groupedGemvUpWgsl } from '../kernels/grouped-gemv-up.wgsl.ts';
import { planCountBindings, planCountWgsl } from '../kernels/plan-count.wgsl.ts';
import { planScanBindings, planScanWgsl } from '../kernels/plan-scan.wgsl.ts';
import { planScatterBindings, planScatterWgsl } from '../kernels/plan-scatter.wgsl.ts';
import { type RouteTokensMode, routeTokensBindings, routeTokensWgsl } from '../kernels/route-tokens.wgsl.ts';
import {
  type RouterBackwardMode,
  routerBackwardBindings,
  routerBackwardWgsl,
} from '../kernels/router-backward.wgsl.ts';
import { routerLogitsBindings, routerLogitsWgsl } from '../kernels/router-logits.wgsl.ts';
import { sharedGateBindings, sharedGateWgsl } from '../kernels/shared-gate.wgsl.ts';
import {
  type UniMoePicksConstants,
  uniMoePicksBindings,
  uniMoePicksWgsl,
} from '../kernels/uni-moe-picks.wgsl.ts';
import {
  type UniMoeWeightsConstants,
  uniMoeWeightsBindings,
  uniMoeWeightsWgsl,
} from '../kernels/uni-moe-weights.wgsl.ts';
import type { WeightDtype } from '../kernels/weight-load.wgsl.ts';

/**
 * Kernel sources with their named bindings, one factory per WGSL kernel. The bindings object is the one its
 * kernel module declares and generates its WGSL declarations from, so host code and WGSL cannot disagree on
 * binding order: dispatches pass buffers by name. Every factory is memoised on its arguments
 * (`memoizeSources`): a layer asks for the same ~8 kernels on every call, and building their WGSL text
 * (several KB each) cost more host time than recording the dispatches.
 */
export const kernelSources = memoizeSources({
  routerLogits: (d: number, candidates: number) => ({
    name: 'router-logits',
    code: routerLogitsWgsl({ d, candidates }),
    bindings: routerLogitsBindings,
  }),
  cosineLogits: (d: number, experts: number) => ({
    name: 'cosine-logits',
    code: cosineLogitsWgsl({ d, experts }),
    bindings: cosineLogitsBindings,
  }),
  routeTokens: <Mode extends RouteTokensMode>(
    spec: RouterSpecV1,
    kMax: number,
    mode: Mode,
    withResidual: boolean,
  ) => ({
    name: `route-tokens-${mode}`,
    code: routeTokensWgsl(spec, kMax, mode, withResidual),
    bindings: routeTokensBindings[mode],
  }),
  expertChoice: (candidates: number) => ({
    name: 'expert-choice',
    code: expertChoiceWgsl({ candidates }),
    bindings: expertChoiceBindings,
  }),
  uniMoePicks: (constants: UniMoePicksConstants) => ({
    name: 'uni-moe-picks',
    code: uniMoePicksWgsl(constants),
    bindings: uniMoePicksBindings,
  }),
  uniMoeWeights: (constants: UniMoeWeightsConstants) => ({
    name: 'uni-moe-weights',
    code: uniMoeWeightsWgsl(constants),
    bindings: uniMoeWeightsBindings,
  }),
  capacityDrop: (experts: number, kMax: number) => ({
    name: 'capacity-drop',
    code: capacityDropWgsl({ experts, kMax }),
    bindings: capacityDropBindings,
  }),
  planCount: (experts: number, kMax: number) => ({
    name: 'plan-count',
    code: planCountWgsl({ experts, kMax }),
    bindings: planCountBindings,
  }),
  planScan: (constants: Parameters<typeof planScanWgsl>[0]) => ({
    name: 'plan-scan',
    code: planScanWgsl(constants),
    bindings: planScanBindings,
  }),
  planScatter: (experts: number, kMax: number) => ({
    name: 'plan-scatter',
    code: planScatterWgsl({ experts, kMax }),
    bindings: planScatterBindings,
  }),
  groupedGemmUp: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    expert: ExpertKindV1;
    tiling: GemmTiling;
    weights?: WeightDtype;
  }) => ({
    name: 'grouped-gemm-up',
    code: groupedGemmUpWgsl(constants),
    bindings: upProjectionBindings,
  }),
  groupedGemmDown: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    tiling: GemmTiling;
    weights?: WeightDtype;
  }) => ({
    name: 'grouped-gemm-down',
    code: groupedGemmDownWgsl(constants),
    bindings: downProjectionBindings,
  }),
  groupedGemvUp: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    expert: ExpertKindV1;
    rows: number;
    weights?: WeightDtype;
    subgroups?: boolean;
  }) => ({
    name: 'grouped-gemv-up',
    code: groupedGemvUpWgsl(constants),
    bindings: upProjectionBindings,
  }),
  groupedGemvDown: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    rows: number;
    weights?: WeightDtype;
    subgroups?: boolean;
  }) => ({
    name: 'grouped-gemv-down',
    code: groupedGemvDownWgsl(constants),
    bindings: downProjectionBindings,
  }),
  combine: (constants: {
    d: number;
    experts: number;
    kMax: number;
    zeroKinds: readonly ZeroExpertKind[];
  }) => ({
    name: 'combine',
    code: combineWgsl(constants),
    bindings: combineBindings,
  }),
  combineWithShared: (constants: {
    d: number;
    experts: number;
    kMax: number;
    zeroKinds: readonly ZeroExpertKind[];
    sharedCount: number;
  }) => ({
    name: 'combine',
    code: combineWgsl(constants),
    bindings: combineWithSharedBindings,
  }),
  sharedGate: (constants: { d: number; count: number; gate: 'none' | 'sigmoid' }) => ({
    name: 'shared-gate',
    code: sharedGateWgsl(constants),
    bindings: sharedGateBindings,
  }),
  expertRowsGemm: (constants: {
    mode: ExpertRowsGemmMode;
    d: number;
    f: number;
    gated: boolean;
    tiling: GemmTiling;
  }) => ({
    name: `expert-rows-gemm-${constants.mode}`,
    code: expertRowsGemmWgsl(constants),
    bindings: expertRowsGemmBindings,
  }),
  activationBackward: (f: number, expert: ExpertKindV1) => ({
    name: 'activation-backward',
    code: activationBackwardWgsl({ f, expert }),
    bindings: activationBackwardBindings,
  }),
  expertWeightGrad: (constants: {
    mode: ExpertWeightGradMode;
    d: number;
    f: number;
    gated: boolean;
    tiling: GemmTiling;
  }) => ({
    name: `expert-weight-grad-${constants.mode}`,
    code: expertWeightGradWgsl(constants),
    bindings: expertWeightGradBindings,
  }),
  routerBackward: (mode: RouterBackwardMode, d: number, candidates: number) => ({
    name: `router-backward-${mode}`,
    code: routerBackwardWgsl({ mode, d, candidates }),
    bindings: routerBackwardBindings,
  }),
  denseGemm: (n: number, k: number, tiling: GemmTiling) => ({
    name: 'dense-gemm',
    code: denseGemmWgsl({ n, k, tiling }),
    bindings: denseGemmBindings,
  }),
  denseGemv: (n: number, k: number, rows: number) => ({
    name: 'dense-gemv',
    code: denseGemvWgsl({ n, k, rows }),
    bindings: denseGemvBindings,
  }),
});

/** Distinct argument lists one factory remembers before it starts over (layers use a handful each). */
const memoizedArgumentLists = 256;

/**
 * Wraps each factory so equal arguments return the identical `KernelSource` object, which also lets
 * `KernelCache` find its pipeline by identity instead of hashing the WGSL text. Arguments are compared by
 * their JSON: every factory takes plain numbers, strings, booleans and plain objects of those, and every
 * number that reaches one is finite (specs and shapes are validated first, and `f32Literal` throws on
 * anything else), so JSON's writing non-finite numbers as `null` never merges two argument lists. A
 * generation that throws is not remembered.
 */
function memoizeSources<Factories extends Record<string, (...args: never[]) => KernelSource>>(
  factories: Factories,
): Factories {
  const memoized: Record<string, (...args: never[]) => KernelSource> = {};
  for (const [name, factory] of Object.entries(factories)) {
    const cache = new Map<string, KernelSource>();
    memoized[name] = (...args: never[]): KernelSource => {
      const key = JSON.stringify(args);
      let source = cache.get(key);
      if (source === undefined) {
        source = factory(...args);
        if (cache.size >= memoizedArgumentLists) cache.clear();
        cache.set(key, source);
      }
      return source;
    };
  }
  return memoized as Factories;
}
