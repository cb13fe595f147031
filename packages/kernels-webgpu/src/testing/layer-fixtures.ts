import type { ExpertKindV1, MoeLayerV1, RouterParamsV1, RouterSpecV1, ZeroExpertKind } from '@anyk/core';
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

/** A random layer for `spec` (float32-exact weights, scaled so activations stay O(1)). */
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
  const constants = spec.zeroComputation.filter((kind: ZeroExpertKind) => kind === 'constant').length;
  const router =
    spec.logits.kind === 'cosine'
      ? randomArray(random, d * experts)
      : randomArray(random, total * d, 1 / Math.sqrt(d));
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
    },
    params: extras.params,
    gateMap: extras.gateMap,
    expertInputScale: extras.expertInputScale,
  };
}
