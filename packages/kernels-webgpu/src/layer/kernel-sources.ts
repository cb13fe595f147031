import type { ExpertKindV1, RouterSpecV1, ZeroExpertKind } from '@anyk/core';
import type { KernelSource } from '../gpu/kernel-cache.ts';
import { capacityDropWgsl } from '../kernels/capacity-drop.wgsl.ts';
import { activationBackwardWgsl } from '../kernels/activation-backward.wgsl.ts';
import { combineWgsl } from '../kernels/combine.wgsl.ts';
import { cosineLogitsWgsl } from '../kernels/cosine-logits.wgsl.ts';
import { denseGemmWgsl } from '../kernels/dense-gemm.wgsl.ts';
import { denseGemvWgsl } from '../kernels/dense-gemv.wgsl.ts';
import { expertChoiceWgsl } from '../kernels/expert-choice.wgsl.ts';
import { type ExpertRowsGemmMode, expertRowsGemmWgsl } from '../kernels/expert-rows-gemm.wgsl.ts';
import { type ExpertWeightGradMode, expertWeightGradWgsl } from '../kernels/expert-weight-grad.wgsl.ts';
import type { GemmTiling } from '../kernels/gemm-tiles.ts';
import { groupedGemmDownWgsl } from '../kernels/grouped-gemm-down.wgsl.ts';
import { groupedGemmUpWgsl } from '../kernels/grouped-gemm-up.wgsl.ts';
import { groupedGemvDownWgsl } from '../kernels/grouped-gemv-down.wgsl.ts';
import { groupedGemvUpWgsl } from '../kernels/grouped-gemv-up.wgsl.ts';
import { planCountWgsl } from '../kernels/plan-count.wgsl.ts';
import { planScanWgsl } from '../kernels/plan-scan.wgsl.ts';
import { planScatterWgsl } from '../kernels/plan-scatter.wgsl.ts';
import { type RouteTokensMode, routeTokensBindings, routeTokensWgsl } from '../kernels/route-tokens.wgsl.ts';
import { type RouterBackwardMode, routerBackwardWgsl } from '../kernels/router-backward.wgsl.ts';
import { routerLogitsWgsl } from '../kernels/router-logits.wgsl.ts';

/**
 * Kernel sources with their binding kinds, one factory per WGSL kernel. The binding lists are the single
 * place where host code and WGSL agree on binding order. Every factory is memoised on its arguments
 * (`memoizeSources`): a layer asks for the same ~8 kernels on every call, and building their WGSL text
 * (several KB each) cost more host time than recording the dispatches.
 */
export const kernelSources = memoizeSources({
  routerLogits: (d: number, candidates: number): KernelSource => ({
    name: 'router-logits',
    code: routerLogitsWgsl({ d, candidates }),
    bindings: ['uniform', 'read', 'read', 'write'],
  }),
  cosineLogits: (d: number, experts: number): KernelSource => ({
    name: 'cosine-logits',
    code: cosineLogitsWgsl({ d, experts }),
    bindings: ['uniform', 'read', 'read', 'write'],
  }),
  routeTokens: (
    spec: RouterSpecV1,
    kMax: number,
    mode: RouteTokensMode,
    withResidual: boolean,
  ): KernelSource => ({
    name: `route-tokens-${mode}`,
    code: routeTokensWgsl(spec, kMax, mode, withResidual),
    bindings: routeTokensBindings(mode),
  }),
  expertChoice: (candidates: number): KernelSource => ({
    name: 'expert-choice',
    code: expertChoiceWgsl({ candidates }),
    bindings: ['uniform', 'read', 'read', 'write'],
  }),
  capacityDrop: (experts: number, kMax: number): KernelSource => ({
    name: 'capacity-drop',
    code: capacityDropWgsl({ experts, kMax }),
    bindings: ['uniform', 'read', 'read', 'write', 'write', 'write'],
  }),
  planCount: (experts: number, kMax: number): KernelSource => ({
    name: 'plan-count',
    code: planCountWgsl({ experts, kMax }),
    bindings: ['uniform', 'read', 'write'],
  }),
  planScan: (constants: Parameters<typeof planScanWgsl>[0]): KernelSource => ({
    name: 'plan-scan',
    code: planScanWgsl(constants),
    bindings: ['uniform', 'write', 'write', 'write'],
  }),
  planScatter: (experts: number, kMax: number): KernelSource => ({
    name: 'plan-scatter',
    code: planScatterWgsl({ experts, kMax }),
    bindings: ['uniform', 'read', 'write', 'write', 'write', 'write'],
  }),
  groupedGemmUp: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    expert: ExpertKindV1;
    tiling: GemmTiling;
  }): KernelSource => ({
    name: 'grouped-gemm-up',
    code: groupedGemmUpWgsl(constants),
    bindings: ['uniform', 'read', 'read', 'read', 'read', 'read', 'write'],
  }),
  groupedGemmDown: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    tiling: GemmTiling;
  }): KernelSource => ({
    name: 'grouped-gemm-down',
    code: groupedGemmDownWgsl(constants),
    bindings: ['uniform', 'read', 'read', 'read', 'read', 'read', 'write'],
  }),
  groupedGemvUp: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    expert: ExpertKindV1;
    rows: number;
  }): KernelSource => ({
    name: 'grouped-gemv-up',
    code: groupedGemvUpWgsl(constants),
    bindings: ['uniform', 'read', 'read', 'read', 'read', 'read', 'write'],
  }),
  groupedGemvDown: (constants: {
    d: number;
    f: number;
    experts: number;
    maxTiles: number;
    rows: number;
  }): KernelSource => ({
    name: 'grouped-gemv-down',
    code: groupedGemvDownWgsl(constants),
    bindings: ['uniform', 'read', 'read', 'read', 'read', 'read', 'write'],
  }),
  combine: (constants: {
    d: number;
    experts: number;
    kMax: number;
    zeroKinds: readonly ZeroExpertKind[];
  }): KernelSource => ({
    name: 'combine',
    code: combineWgsl(constants),
    bindings: ['uniform', 'read', 'read', 'read', 'read', 'read', 'read', 'write'],
  }),
  expertRowsGemm: (constants: {
    mode: ExpertRowsGemmMode;
    d: number;
    f: number;
    gated: boolean;
    tiling: GemmTiling;
  }): KernelSource => ({
    name: `expert-rows-gemm-${constants.mode}`,
    code: expertRowsGemmWgsl(constants),
    bindings: ['uniform', 'read', 'read', 'read', 'read', 'read', 'write'],
  }),
  activationBackward: (f: number, expert: ExpertKindV1): KernelSource => ({
    name: 'activation-backward',
    code: activationBackwardWgsl({ f, expert }),
    bindings: ['uniform', 'read', 'read', 'read', 'write', 'write', 'write'],
  }),
  expertWeightGrad: (constants: {
    mode: ExpertWeightGradMode;
    d: number;
    f: number;
    gated: boolean;
    tiling: GemmTiling;
  }): KernelSource => ({
    name: `expert-weight-grad-${constants.mode}`,
    code: expertWeightGradWgsl(constants),
    bindings: ['uniform', 'read', 'read', 'read', 'read', 'write'],
  }),
  routerBackward: (mode: RouterBackwardMode, d: number, candidates: number): KernelSource => ({
    name: `router-backward-${mode}`,
    code: routerBackwardWgsl({ mode, d, candidates }),
    bindings: ['uniform', 'read', 'read', 'write'],
  }),
  denseGemm: (n: number, k: number, tiling: GemmTiling): KernelSource => ({
    name: 'dense-gemm',
    code: denseGemmWgsl({ n, k, tiling }),
    bindings: ['uniform', 'read', 'read', 'write'],
  }),
  denseGemv: (n: number, k: number, rows: number): KernelSource => ({
    name: 'dense-gemv',
    code: denseGemvWgsl({ n, k, rows }),
    bindings: ['uniform', 'read', 'read', 'write'],
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
