import {
  type ExpertKindV1,
  type ExpertTensorV1,
  type FloatArray,
  type HalfTensorV1,
  type KernelBackendV1,
  type MoeLayerV1,
  NonFiniteError,
  ShapeError,
  toHalfTensor,
} from '@anyk/core';
import { widenHalfTensor, widenLayer } from '@anyk/core/internal';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { WeightCache } from '../gpu/weight-cache.ts';
import { gradMismatches, layerMismatches } from '../testing/compare-results.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ backend, reference } = opened);
});

interface HalfCase {
  readonly name: string;
  readonly dtype: 'bf16' | 'f16';
  readonly tokens: number;
  readonly d: number;
  readonly f: number;
  readonly expert: ExpertKindV1;
  /** Shared experts (gate none) of this width, or none. */
  readonly sharedF?: number | undefined;
}

/** A seeded top-2 layer, its expert tensors rounded to `dtype` (and the float32 layer it came from). */
function halfCase(
  seed: number,
  shape: HalfCase,
  round = (values: FloatArray) => toHalfTensor(values, shape.dtype),
) {
  const random = seededRandom(seed);
  const { d, sharedF } = shape;
  const float = makeLayer(random, makeSpec({ numExperts: 5 }), { d, f: shape.f, expert: shape.expert });
  const gated = shape.expert.kind === 'swiglu';
  const shared =
    sharedF === undefined
      ? undefined
      : {
          count: 2,
          f: sharedF,
          gate: 'none' as const,
          wGate: gated ? randomArray(random, 2 * sharedF * d, 1 / Math.sqrt(d)) : undefined,
          wUp: randomArray(random, 2 * sharedF * d, 1 / Math.sqrt(d)),
          wDown: randomArray(random, 2 * d * sharedF, 1 / Math.sqrt(sharedF)),
        };
  const weights = float.weights;
  const half: MoeLayerV1<ExpertTensorV1> = {
    ...float,
    weights: {
      ...weights,
      wGate: weights.wGate ? round(weights.wGate) : undefined,
      wUp: round(weights.wUp),
      wDown: round(weights.wDown),
      shared: shared && {
        ...shared,
        wGate: shared.wGate ? round(shared.wGate) : undefined,
        wUp: round(shared.wUp),
        wDown: round(shared.wDown),
      },
    },
  };
  return {
    half,
    float: { ...float, weights: { ...weights, shared } },
    input: { tokens: shape.tokens, x: randomArray(random, shape.tokens * d) },
  };
}

const cases: HalfCase[] = [
  {
    name: 'BF16 swiglu, d % 4 = 0, T=12 (grouped GEMMs)',
    dtype: 'bf16',
    tokens: 12,
    d: 16,
    f: 24,
    expert: { kind: 'swiglu' },
  },
  {
    name: 'F16 swiglu, d % 4 = 0, T=4 (GEMVs), shared experts',
    dtype: 'f16',
    tokens: 4,
    d: 16,
    f: 20,
    expert: { kind: 'swiglu' },
    sharedF: 12,
  },
  {
    name: 'BF16 gelu mlp, odd d and f, T=5 (GEMVs), shared experts',
    dtype: 'bf16',
    tokens: 5,
    d: 13,
    f: 19,
    expert: { kind: 'mlp', activation: 'gelu' },
    sharedF: 7,
  },
  {
    name: 'F16 silu mlp, odd d and f, T=21 (grouped GEMMs)',
    dtype: 'f16',
    tokens: 21,
    d: 11,
    f: 9,
    expert: { kind: 'mlp', activation: 'silu' },
  },
];

describe('16-bit expert weights on WebGPU vs the reference on the same (rounded) weights', () => {
  for (const shape of cases) {
    it(`${shape.name}: forward on 16-bit device weights`, async () => {
      const { half, input } = halfCase(41, shape);
      const hot = await backend.forward(half, input);
      expect(backend.stats().lastCall?.expertFfn).toBe(shape.tokens > 8 ? 'grouped-gemm' : 'gemv');
      expect(backend.stats().lastCall?.readbacksInsideLayer).toBe(0);
      expect(layerMismatches(hot, await reference.forward(half, input))).toEqual([]);
      backend.releaseWeights(half.weights);
    });
  }

  it('backward of a 16-bit layer (widened once) equals the reference', async () => {
    // Small on purpose: the backward kernels are the float32 ones (tested at length elsewhere).
    const shape: HalfCase = { ...cases[1]!, tokens: 3, d: 8, f: 8, sharedF: undefined };
    const { half, input } = halfCase(46, shape);
    const want = await reference.forward(half, input, { retainForBackward: true });
    const kept = await backend.forward(half, input, { retainForBackward: true });
    expect(layerMismatches(kept, want)).toEqual([]);
    const gradOutput = randomArray(seededRandom(42), shape.tokens * shape.d);
    const grads = await backend.backward(half, input, kept, gradOutput);
    expect(gradMismatches(grads, await reference.backward(half, input, want, gradOutput))).toEqual([]);
    backend.releaseWeights(half.weights);
    backend.releaseWeights(widenLayer(half).weights);
  });

  it('holds 16-bit weights in half the device bytes of float32 ones', () => {
    const { half, float } = halfCase(43, { ...cases[0]!, d: 64, f: 96 });
    const cache = new WeightCache(backend.device);
    cache.acquire(float.weights);
    const floatBytes = cache.bytes;
    cache.clear();
    cache.acquire(half.weights);
    const halfBytes = cache.bytes;
    cache.clear();
    // The router stays float32 (5 x 64 next to 3 x 5 x 64 x 96 expert weights): a little over half.
    expect(halfBytes / floatBytes).toBeGreaterThan(0.5);
    expect(halfBytes / floatBytes).toBeLessThan(0.51);
  });

  it('widens a layer that mixes dtypes at upload, exactly', async () => {
    const shape = cases[1]!;
    const { half, input } = halfCase(44, shape);
    const shared = half.weights.shared!;
    const mixed: MoeLayerV1<ExpertTensorV1> = {
      ...half,
      weights: { ...half.weights, shared: { ...shared, wUp: widenHalfTensor(shared.wUp as HalfTensorV1) } },
    };
    expect(
      layerMismatches(await backend.forward(mixed, input), await reference.forward(mixed, input)),
    ).toEqual([]);
    backend.releaseWeights(mixed.weights);
  });

  it('names a 16-bit tensor of the wrong length or holding NaN, and stays usable', async () => {
    const shape = cases[1]!;
    const { half, input } = halfCase(45, shape);
    const short: MoeLayerV1<ExpertTensorV1> = {
      ...half,
      weights: { ...half.weights, wDown: { dtype: 'f16', bits: new Uint16Array(7) } },
    };
    await expect(backend.forward(short, input)).rejects.toThrow(ShapeError);
    await expect(backend.forward(short, input)).rejects.toThrow(/weights\.wDown/);
    const bits = (half.weights.wUp as { bits: Uint16Array }).bits.slice();
    bits[5] = 0x7e00; // an F16 NaN
    const nan: MoeLayerV1<ExpertTensorV1> = {
      ...half,
      weights: { ...half.weights, wUp: { dtype: 'f16', bits } },
    };
    await expect(backend.forward(nan, input)).rejects.toThrow(NonFiniteError);
    await expect(backend.forward(nan, input)).rejects.toThrow(/weights\.wUp/);
    expect(layerMismatches(await backend.forward(half, input), await reference.forward(half, input))).toEqual(
      [],
    );
  });
});
