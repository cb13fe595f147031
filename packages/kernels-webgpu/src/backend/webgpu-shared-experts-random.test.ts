import type { ExpertKindV1, KernelBackendV1, LayerInputV1, MoeLayerV1, SharedExpertsV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { gradMismatches, layerMismatches } from '../testing/compare-results.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ backend, reference } = opened);
});

interface SharedCaseShape {
  readonly tokens: number;
  readonly d: number;
  readonly f: number;
  readonly experts: number;
  readonly count: number;
  readonly sharedF: number;
  readonly expert: ExpertKindV1;
  readonly expertInputScale?: number;
}

/** A seeded top-2 layer with `count` shared experts of width `sharedF` (random weights, O(1) activations). */
function sharedCase(
  seed: number,
  gate: 'none' | 'sigmoid',
  shape: SharedCaseShape,
): { layer: MoeLayerV1; input: LayerInputV1 } {
  const random = seededRandom(seed);
  const { tokens, d, count, sharedF: fs } = shape;
  const routed = makeLayer(random, makeSpec({ numExperts: shape.experts }), {
    d,
    f: shape.f,
    expert: shape.expert,
  });
  const shared: SharedExpertsV1 = {
    count,
    f: fs,
    gate,
    wGate: shape.expert.kind === 'swiglu' ? randomArray(random, count * fs * d, 1 / Math.sqrt(d)) : undefined,
    wUp: randomArray(random, count * fs * d, 1 / Math.sqrt(d)),
    wDown: randomArray(random, count * d * fs, 1 / Math.sqrt(fs)),
    gateWeight: gate === 'sigmoid' ? randomArray(random, d, 1 / Math.sqrt(d)) : undefined,
  };
  return {
    layer: {
      ...routed,
      weights: { ...routed.weights, shared },
      expertInputScale: shape.expertInputScale,
    },
    input: { tokens, x: randomArray(random, tokens * d) },
  };
}

const cases: [string, 'none' | 'sigmoid', SharedCaseShape][] = [
  [
    'gate none, swiglu, S=2, T=37 (grouped GEMMs)',
    'none',
    { tokens: 37, d: 12, f: 20, experts: 4, count: 2, sharedF: 28, expert: { kind: 'swiglu' } },
  ],
  [
    'gate sigmoid, gelu mlp, S=1, T=37 (grouped GEMMs)',
    'sigmoid',
    {
      tokens: 37,
      d: 12,
      f: 20,
      experts: 4,
      count: 1,
      sharedF: 24,
      expert: { kind: 'mlp', activation: 'gelu' },
    },
  ],
  [
    'gate sigmoid, swiglu, S=3, T=5 (GEMVs), MoE++ input scale 2',
    'sigmoid',
    {
      tokens: 5,
      d: 16,
      f: 24,
      experts: 6,
      count: 3,
      sharedF: 20,
      expert: { kind: 'swiglu' },
      expertInputScale: 2,
    },
  ],
];

describe('shared experts vs the float64 reference (random layers)', () => {
  for (const [name, gate, shape] of cases) {
    it(`${name}: forward (hot path and kept) and backward`, async () => {
      const { layer, input } = sharedCase(31, gate, shape);
      const want = await reference.forward(layer, input, { retainForBackward: true });
      const hot = await backend.forward(layer, input);
      expect(backend.stats().lastCall?.expertFfn).toBe(shape.tokens > 8 ? 'grouped-gemm' : 'gemv');
      expect(backend.stats().lastCall?.readbacksInsideLayer).toBe(0);
      expect(layerMismatches(hot, want)).toEqual([]);
      const kept = await backend.forward(layer, input, { retainForBackward: true });
      expect(layerMismatches(kept, want)).toEqual([]);
      const gradOutput = randomArray(seededRandom(32), shape.tokens * shape.d);
      const grads = await backend.backward(layer, input, kept, gradOutput);
      expect(gradMismatches(grads, await reference.backward(layer, input, want, gradOutput))).toEqual([]);
    });
  }
});
