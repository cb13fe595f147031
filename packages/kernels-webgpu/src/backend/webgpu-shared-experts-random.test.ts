import type {
  ExpertKindV1,
  KernelBackendV1,
  LayerInputV1,
  MoeLayerV1,
  MoeLayerWeightsV1,
  SharedExpertsV1,
} from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { maxScaledError } from '../testing/compare-results.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ backend, reference } = opened);
});

/**
 * Core's reference has no shared experts yet, so the expectation is built from what it does have: the layer
 * without them, plus each shared expert s as a one-expert layer (top-1 of one expert, weight 1: `y = FFN_s(x)`),
 * weighted by `a_ts`. Batches past the GEMV bound (T > 8), so the shared experts run the grouped GEMMs.
 */
function sharedCase(
  seed: number,
  gate: 'none' | 'sigmoid',
  shape: {
    tokens: number;
    d: number;
    f: number;
    experts: number;
    count: number;
    sharedF: number;
    expert: ExpertKindV1;
  },
): { layer: MoeLayerV1; input: LayerInputV1; oneExpertLayers: MoeLayerV1[]; gates: Float64Array } {
  const random = seededRandom(seed);
  const { tokens, d, count, sharedF: fs } = shape;
  const routed = makeLayer(random, makeSpec({ numExperts: shape.experts }), {
    d,
    f: shape.f,
    expert: shape.expert,
  });
  const swiglu = shape.expert.kind === 'swiglu';
  const shared: SharedExpertsV1 = {
    count,
    f: fs,
    gate,
    wGate: swiglu ? randomArray(random, count * fs * d, 1 / Math.sqrt(d)) : undefined,
    wUp: randomArray(random, count * fs * d, 1 / Math.sqrt(d)),
    wDown: randomArray(random, count * d * fs, 1 / Math.sqrt(fs)),
    gateWeight: gate === 'sigmoid' ? randomArray(random, d, 1 / Math.sqrt(d)) : undefined,
  };
  const x = randomArray(random, tokens * d);
  const gates = new Float64Array(tokens).fill(1);
  if (gate === 'sigmoid') {
    for (let token = 0; token < tokens; token++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += (x[token * d + k] as number) * (shared.gateWeight?.[k] as number);
      gates[token] = 1 / (1 + Math.exp(-dot));
    }
  }
  const oneExpertSpec = makeSpec({
    numExperts: 1,
    selection: { kind: 'top-k', k: 1 },
    weighting: { kind: 'score', scale: 1, gain: false },
  });
  const slice = (data: ArrayLike<number> | undefined, s: number, size: number) =>
    data === undefined ? undefined : Float64Array.from(Array.from(data).slice(s * size, (s + 1) * size));
  const oneExpertLayers = Array.from({ length: count }, (_, s): MoeLayerV1 => {
    const weights: MoeLayerWeightsV1 = {
      d,
      f: fs,
      expert: shape.expert,
      router: new Float64Array(d),
      wGate: slice(shared.wGate, s, fs * d),
      wUp: slice(shared.wUp, s, fs * d) as Float64Array,
      wDown: slice(shared.wDown, s, d * fs) as Float64Array,
    };
    return { spec: oneExpertSpec, weights };
  });
  return {
    layer: { ...routed, weights: { ...routed.weights, shared } },
    input: { tokens, x },
    oneExpertLayers,
    gates,
  };
}

describe('shared experts on the grouped GEMM path vs the reference (layer + one-expert layers)', () => {
  for (const [gate, expert] of [
    ['none', { kind: 'swiglu' }],
    ['sigmoid', { kind: 'mlp', activation: 'gelu' }],
  ] as const) {
    it(`gate ${gate}, ${expert.kind}: forward, and the backward's shared-weight and x gradients`, async () => {
      const shape = { tokens: 37, d: 12, f: 20, experts: 4, count: 2, sharedF: 28, expert };
      const { layer, input, oneExpertLayers, gates } = sharedCase(31, gate, shape);
      const { tokens, d } = shape;
      const { shared: _shared, ...routedWeights } = layer.weights;
      const routedLayer = { ...layer, weights: routedWeights };
      const want = Float64Array.from((await reference.forward(routedLayer, input)).y);
      const sharedOutputs = await Promise.all(oneExpertLayers.map((one) => reference.forward(one, input)));
      for (const output of sharedOutputs) {
        for (let index = 0; index < tokens * d; index++) {
          want[index] =
            (want[index] as number) + (gates[Math.floor(index / d)] as number) * (output.y[index] as number);
        }
      }
      const got = await backend.forward(layer, input, { retainForBackward: gate === 'none' });
      expect(backend.stats().lastCall?.expertFfn).toBe('grouped-gemm');
      expect(maxScaledError(got.y, want)).toBeLessThan(1e-4);
      if (gate !== 'none') return;

      // Backward with the 'none' gate: the shared part is each one-expert layer's backward (weight 1).
      const gradOutput = randomArray(seededRandom(32), tokens * d);
      const grads = await backend.backward(layer, input, got, gradOutput);
      const routedForward = await reference.forward(routedLayer, input, { retainForBackward: true });
      const wantGrads = await reference.backward(routedLayer, input, routedForward, gradOutput);
      const wantX = Float64Array.from(wantGrads.x);
      const sharedWant = { wGate: [] as number[], wUp: [] as number[], wDown: [] as number[] };
      for (const one of oneExpertLayers) {
        const forward = await reference.forward(one, input, { retainForBackward: true });
        const oneGrads = await reference.backward(one, input, forward, gradOutput);
        for (let index = 0; index < tokens * d; index++)
          wantX[index] = (wantX[index] as number) + (oneGrads.x[index] as number);
        sharedWant.wGate.push(...(oneGrads.wGate ?? []));
        sharedWant.wUp.push(...oneGrads.wUp);
        sharedWant.wDown.push(...oneGrads.wDown);
      }
      const errors = {
        x: maxScaledError(grads.x, wantX),
        wUp: maxScaledError(grads.wUp, wantGrads.wUp),
        wDown: maxScaledError(grads.wDown, wantGrads.wDown),
        router: maxScaledError(grads.router, wantGrads.router),
        sharedGate: maxScaledError(grads.shared?.wGate ?? [], sharedWant.wGate),
        sharedUp: maxScaledError(grads.shared?.wUp ?? [], sharedWant.wUp),
        sharedDown: maxScaledError(grads.shared?.wDown ?? [], sharedWant.wDown),
      };
      expect(Object.entries(errors).filter(([, error]) => !(error < 1e-4))).toEqual([]);
    });
  }
});
