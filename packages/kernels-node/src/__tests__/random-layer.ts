import {
  type ExpertTensorV1,
  type HalfTensorV1,
  type MoeLayerV1,
  type RouterSpecV1,
  toHalfTensor,
  type ZeroExpertKind,
} from '@anyk/core';
import { seededRandom } from '@anyk/core/internal';

export { seededRandom };

export function randomArray(random: () => number, length: number, scale = 1): Float32Array {
  const out = new Float32Array(length);
  for (let index = 0; index < length; index++) out[index] = (random() * 2 - 1) * scale;
  return out;
}

export type RoutingStyle = 'top-k' | 'top-p' | 'positive' | 'threshold' | 'predicted-k';

export interface RandomLayerCase {
  readonly seed: number;
  readonly tokens: number;
  readonly experts: number;
  readonly d: number;
  readonly f: number;
  readonly expert: 'swiglu' | 'silu' | 'gelu';
  readonly zero?: readonly ZeroExpertKind[];
  readonly routing?: RoutingStyle;
  readonly k?: number;
  readonly expertInputScale?: number;
  /** Bias the router so that every token picks expert `favourite` (or, when `'zero'`, only zero experts). */
  readonly favour?: number | 'zero';
}

/** A random layer and input for one case (router, experts, constants), with the spec its style implies. */
export function randomLayer(testCase: RandomLayerCase): {
  layer: MoeLayerV1;
  x: Float32Array;
  k: Int32Array | undefined;
  gradOutput: Float32Array;
} {
  const random = seededRandom(testCase.seed);
  const { tokens, experts, d, f } = testCase;
  const zero = testCase.zero ?? [];
  const total = experts + zero.length;
  const style = testCase.routing ?? 'top-k';
  const k = Math.min(testCase.k ?? 2, total);
  const spec: RouterSpecV1 = {
    specificationVersion: 'v1',
    family: `random-${style}`,
    numExperts: experts,
    zeroComputation: zero,
    logits: style === 'threshold' ? { kind: 'cosine', logitScale: 4 } : { kind: 'linear' },
    gatingResidual: false,
    scoring:
      style === 'positive'
        ? { kind: 'relu' }
        : style === 'threshold'
          ? { kind: 'sigmoid' }
          : { kind: 'softmax' },
    selection:
      style === 'top-k'
        ? { kind: 'top-k', k }
        : style === 'top-p'
          ? { kind: 'top-p', p: 0.6, maxK: Math.min(4, total) }
          : style === 'positive'
            ? { kind: 'positive' }
            : style === 'threshold'
              ? { kind: 'threshold', thresholdScale: 1, fallback: 'argmax' }
              : { kind: 'predicted-k', kMax: Math.min(3, total) },
    weighting:
      style === 'threshold'
        ? { kind: 'uniform' }
        : style === 'positive'
          ? { kind: 'score', scale: 1, gain: false }
          : { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
  };
  const routerScale = 1 / Math.sqrt(d);
  const router =
    style === 'threshold'
      ? randomArray(random, d * experts, routerScale)
      : randomArray(random, total * d, routerScale);
  const x = randomArray(random, tokens * d, 1);
  if (testCase.favour !== undefined && style !== 'threshold') {
    // A large positive component shared by all tokens, aligned with the favoured router rows.
    for (let t = 0; t < tokens; t++) x[t * d] = 3 + random();
    const favoured =
      testCase.favour === 'zero' ? [...zero.keys()].map((j) => experts + j) : [testCase.favour];
    for (let e = 0; e < total; e++) router[e * d] = favoured.includes(e) ? 4 + 0.1 * e : -4;
  }
  const weightScale = 1 / Math.sqrt(d);
  const constants = zero.filter((kind) => kind === 'constant').length;
  const layer: MoeLayerV1 = {
    spec,
    weights: {
      d,
      f,
      expert:
        testCase.expert === 'swiglu' ? { kind: 'swiglu' } : { kind: 'mlp', activation: testCase.expert },
      router,
      wGate: testCase.expert === 'swiglu' ? randomArray(random, experts * f * d, weightScale) : undefined,
      wUp: randomArray(random, experts * f * d, weightScale),
      wDown: randomArray(random, experts * d * f, 1 / Math.sqrt(f)),
      constants:
        constants > 0
          ? {
              wc: randomArray(random, constants * 2 * d, weightScale),
              v: randomArray(random, constants * d, 1),
            }
          : undefined,
    },
    params: style === 'threshold' ? { thresholds: randomArray(random, experts, 0.5) } : undefined,
    expertInputScale: testCase.expertInputScale,
  };
  let kPerToken: Int32Array | undefined;
  if (style === 'predicted-k') {
    kPerToken = new Int32Array(tokens);
    for (let t = 0; t < tokens; t++) kPerToken[t] = Math.floor(random() * (Math.min(3, total) + 1));
  }
  return { layer, x, k: kPerToken, gradOutput: randomArray(random, tokens * d, 1) };
}

/** max |a - b| / max(max |b|, floor): a scale-aware error for float32-vs-float64 comparisons. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-3): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let maxError = 0;
  let maxMagnitude = floor;
  for (let index = 0; index < expected.length; index++) {
    maxError = Math.max(maxError, Math.abs(actual[index]! - expected[index]!));
    maxMagnitude = Math.max(maxMagnitude, Math.abs(expected[index]!));
  }
  return maxError / maxMagnitude;
}

/** `layer` with every expert tensor (routed and shared) rounded to `dtype`. */
export function toHalfLayer(layer: MoeLayerV1, dtype: HalfTensorV1['dtype']): MoeLayerV1<ExpertTensorV1> {
  const { weights } = layer;
  const half = (tensor: ArrayLike<number> | undefined) =>
    tensor === undefined ? undefined : toHalfTensor(tensor, dtype);
  return {
    ...layer,
    weights: {
      ...weights,
      wGate: half(weights.wGate),
      wUp: half(weights.wUp)!,
      wDown: half(weights.wDown)!,
      shared: weights.shared && {
        ...weights.shared,
        wGate: half(weights.shared.wGate),
        wUp: half(weights.shared.wUp)!,
        wDown: half(weights.shared.wDown)!,
      },
    },
  };
}
