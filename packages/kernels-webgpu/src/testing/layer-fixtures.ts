import type {
  ExpertKindV1,
  MoeLayerV1,
  RouterParamsV1,
  RouterSpecV1,
  SharedExpertsV1,
  UniMoeSelectionV1,
  ZeroExpertKind,
} from '@anyk/core';
import { randomArray } from './seeded-random.ts';

/** A spec with defaults for the fields a test does not care about. */
export function makeSpec(overrides: Partial<RouterSpecV1> & Pick<RouterSpecV1, 'numExperts'>): RouterSpecV1 {
  return {
    specificationVersion: 'v1',
    family: 'test',
    zeroComputation: [],
    logits: { kind: 'linear' },
    gatingResidual: false,
    scoring: { kind: 'softmax' },
    selection: { kind: 'top-k', k: 2 },
    weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
    ...overrides,
  };
}

/**
 * A random layer for `spec` (float32-exact weights, scaled so activations stay O(1)); a spec with shared
 * router columns (Uni-MoE-2.0) gets as many `softmax-mixed` shared experts of width `f`.
 */
export function makeLayer(
  random: () => number,
  spec: RouterSpecV1,
  shape: { d: number; f: number; expert?: ExpertKindV1 },
  extras: {
    params?: RouterParamsV1 | undefined;
    gateMap?: Float64Array | undefined;
    expertInputScale?: number | undefined;
  } = {},
): MoeLayerV1 {
  const { d, f } = shape;
  const expert = shape.expert ?? { kind: 'swiglu' };
  const experts = spec.numExperts;
  const total = experts + spec.zeroComputation.length;
  const sharedCount = spec.sharedExperts?.count ?? 0;
  const constants = spec.zeroComputation.filter((kind: ZeroExpertKind) => kind === 'constant').length;
  const router =
    spec.logits.kind === 'cosine'
      ? randomArray(random, d * experts)
      : randomArray(random, (total + sharedCount) * d, 1 / Math.sqrt(d));
  return {
    spec,
    weights: {
      d,
      f,
      expert,
      router,
      wGate: expert.kind === 'swiglu' ? randomArray(random, experts * f * d, 1 / Math.sqrt(d)) : undefined,
      wUp: randomArray(random, experts * f * d, 1 / Math.sqrt(d)),
      wDown: randomArray(random, experts * d * f, 1 / Math.sqrt(f)),
      constants:
        constants > 0
          ? {
              wc: randomArray(random, constants * 2 * d, 1 / Math.sqrt(d)),
              v: randomArray(random, constants * d),
            }
          : undefined,
      shared: sharedCount > 0 ? randomSharedExperts(random, sharedCount, d, f, expert) : undefined,
    },
    params: extras.params,
    gateMap: extras.gateMap,
    expertInputScale: extras.expertInputScale,
  };
}

/** `count` random `softmax-mixed` shared experts of width `f` (drawn after the routed experts' weights). */
function randomSharedExperts(
  random: () => number,
  count: number,
  d: number,
  f: number,
  expert: ExpertKindV1,
): SharedExpertsV1 {
  return {
    count,
    f,
    gate: 'softmax-mixed',
    wGate: expert.kind === 'swiglu' ? randomArray(random, count * f * d, 1 / Math.sqrt(d)) : undefined,
    wUp: randomArray(random, count * f * d, 1 / Math.sqrt(d)),
    wDown: randomArray(random, count * d * f, 1 / Math.sqrt(f)),
  };
}

/**
 * A random Uni-MoE-2.0 layer: E routed and Z null experts, S `softmax-mixed` shared experts (none when S is
 * 0) and a router `[E + Z + S, d]`, with `selection` and the paper's `window-renormalise` epsilon 1e-6.
 */
export function makeUniMoeLayer(
  random: () => number,
  shape: {
    d: number;
    f: number;
    experts: number;
    nulls: number;
    shared: number;
    selection: UniMoeSelectionV1;
  },
): MoeLayerV1 {
  const spec = makeSpec({
    family: 'uni-moe-2',
    numExperts: shape.experts,
    zeroComputation: Array.from({ length: shape.nulls }, () => 'zero' as const),
    sharedExperts: shape.shared > 0 ? { count: shape.shared } : undefined,
    selection: shape.selection,
    weighting: { kind: 'window-renormalise', epsilon: 1e-6 },
  });
  return makeLayer(random, spec, { d: shape.d, f: shape.f });
}
