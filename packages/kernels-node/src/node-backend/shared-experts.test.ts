import {
  createReferenceBackend,
  type KernelBackendV1,
  type MoeLayerV1,
  type RouterSpecV1,
  type SharedExpertGateV1,
} from '@anyk/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomArray, randomLayer, relativeError, seededRandom } from '../__tests__/random-layer.ts';
import { createNodeBackend, type NodeBackend } from './create-node-backend.ts';

let reference: KernelBackendV1;
beforeAll(async () => {
  reference = await createReferenceBackend();
});
afterAll(async () => {
  await reference.dispose();
});

const tolerance = 1e-4;

/** Uni-MoE-2.0 routing over E routed + 1 null expert with `count` shared columns. */
function uniMoeSpec(experts: number, count: number): RouterSpecV1 {
  return {
    specificationVersion: 'v1',
    family: 'uni-moe-2',
    numExperts: experts,
    zeroComputation: ['zero'],
    logits: { kind: 'linear' },
    gatingResidual: false,
    scoring: { kind: 'softmax' },
    selection: { kind: 'uni-moe-top-p', p: 0.6, k: 2, windowEps: 0.01 },
    weighting: { kind: 'window-renormalise', epsilon: 1e-6 },
    sharedExperts: { count },
  };
}

/** A random layer plus S shared experts of width `sharedWidth`, gated `gate`. */
function layerWithShared(
  seed: number,
  tokens: number,
  expert: 'swiglu' | 'silu',
  gate: SharedExpertGateV1,
  count: number,
  sharedWidth: number,
) {
  const experts = 5;
  const d = 13;
  const base = randomLayer({ seed, tokens, experts, d, f: 11, expert, k: 2 });
  const random = seededRandom(seed + 100);
  const spec = gate === 'softmax-mixed' ? uniMoeSpec(experts, count) : base.layer.spec;
  const router =
    gate === 'softmax-mixed' ? randomArray(random, (experts + 1 + count) * d) : base.layer.weights.router;
  const layer: MoeLayerV1 = {
    ...base.layer,
    spec,
    weights: {
      ...base.layer.weights,
      router,
      shared: {
        count,
        f: sharedWidth,
        gate,
        wGate: expert === 'swiglu' ? randomArray(random, count * sharedWidth * d, 0.3) : undefined,
        wUp: randomArray(random, count * sharedWidth * d, 0.3),
        wDown: randomArray(random, count * d * sharedWidth, 0.3),
        gateWeight: gate === 'sigmoid' ? randomArray(random, d) : undefined,
      },
    },
  };
  return { layer, x: base.x, gradOutput: base.gradOutput };
}

describe.each(['wasm', 'onnxruntime'] as const)(
  'shared experts on the node backend (%s engine) match the reference',
  (engine) => {
    let node: NodeBackend;
    beforeAll(async () => {
      node = await createNodeBackend({ threads: 2, engine });
    });
    afterAll(async () => {
      await node.dispose();
    });

    // Token counts on both paths: the small-batch GEMV path (T <= 8) and the grouped GEMM path.
    test.each([
      { seed: 1, tokens: 3, expert: 'swiglu', gate: 'none', count: 2, width: 7 },
      { seed: 2, tokens: 40, expert: 'swiglu', gate: 'none', count: 1, width: 24 },
      { seed: 3, tokens: 6, expert: 'silu', gate: 'sigmoid', count: 1, width: 9 },
      { seed: 4, tokens: 33, expert: 'swiglu', gate: 'sigmoid', count: 2, width: 17 },
      { seed: 5, tokens: 5, expert: 'swiglu', gate: 'softmax-mixed', count: 2, width: 6 },
      { seed: 6, tokens: 50, expert: 'silu', gate: 'softmax-mixed', count: 1, width: 20 },
    ] as const)('seed $seed: T=$tokens $expert, $count shared ($gate, f_s=$width)', async (testCase) => {
      const { layer, x, gradOutput } = layerWithShared(
        testCase.seed,
        testCase.tokens,
        testCase.expert,
        testCase.gate,
        testCase.count,
        testCase.width,
      );
      const input = { tokens: testCase.tokens, x };
      const actual = await node.forward(layer, input, { retainForBackward: true });
      const expected = await reference.forward(layer, input, { retainForBackward: true });
      expect(Array.from(actual.routing.slotExpert)).toEqual(Array.from(expected.routing.slotExpert));
      expect(relativeError(actual.routing.sharedWeight!, expected.routing.sharedWeight!)).toBeLessThan(1e-6);
      expect(relativeError(actual.y, expected.y)).toBeLessThan(tolerance);

      const actualGrads = await node.backward(layer, input, actual, gradOutput);
      const expectedGrads = await reference.backward(layer, input, expected, gradOutput);
      for (const key of ['x', 'router', 'wUp', 'wDown'] as const)
        expect(relativeError(actualGrads[key]!, expectedGrads[key]!), key).toBeLessThan(tolerance);
      const shared = expectedGrads.shared!;
      for (const key of ['wGate', 'wUp', 'wDown', 'gateWeight'] as const) {
        if (shared[key] === undefined) {
          expect(actualGrads.shared?.[key], key).toBeUndefined();
          continue;
        }
        expect(relativeError(actualGrads.shared![key]!, shared[key]), `shared.${key}`).toBeLessThan(
          tolerance,
        );
      }
    });
  },
);
