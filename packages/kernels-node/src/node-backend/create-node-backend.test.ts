import {
  AnykError,
  BackendLostError,
  createReferenceBackend,
  type KernelBackendV1,
  ShapeError,
} from '@anyk/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RandomLayerCase, randomLayer, relativeError } from '../__tests__/random-layer.ts';
import { createNodeBackend, type NodeBackend } from './create-node-backend.ts';

let node: NodeBackend;
let reference: KernelBackendV1;
beforeAll(async () => {
  node = await createNodeBackend({ threads: 2 });
  reference = await createReferenceBackend();
});
afterAll(async () => {
  await node.dispose();
  await reference.dispose();
});

const tolerance = 1e-4;

const cases: RandomLayerCase[] = [
  { seed: 1, tokens: 0, experts: 4, d: 9, f: 11, expert: 'swiglu' },
  { seed: 2, tokens: 1, experts: 1, d: 5, f: 3, expert: 'swiglu', k: 1 },
  { seed: 3, tokens: 3, experts: 64, d: 13, f: 10, expert: 'gelu', k: 4 },
  { seed: 4, tokens: 8, experts: 7, d: 30, f: 17, expert: 'silu', zero: ['zero', 'copy', 'constant'], k: 3 },
  // Decode through the streaming GEMV: 8 full panels per gate/up half + an edge one, 8 + 2 + 1 down panels.
  { seed: 15, tokens: 8, experts: 3, d: 83, f: 67, expert: 'swiglu', k: 2 },
  { seed: 5, tokens: 9, experts: 5, d: 18, f: 26, expert: 'swiglu', zero: ['copy'], routing: 'top-p' },
  {
    seed: 6,
    tokens: 37,
    experts: 16,
    d: 21,
    f: 35,
    expert: 'swiglu',
    zero: ['zero', 'constant'],
    routing: 'top-p',
    expertInputScale: 0.7,
  },
  { seed: 7, tokens: 64, experts: 6, d: 33, f: 47, expert: 'gelu', routing: 'positive' },
  { seed: 8, tokens: 50, experts: 8, d: 19, f: 23, expert: 'swiglu', routing: 'threshold' },
  {
    seed: 9,
    tokens: 45,
    experts: 5,
    d: 14,
    f: 9,
    expert: 'silu',
    zero: ['zero', 'copy'],
    routing: 'predicted-k',
  },
  { seed: 10, tokens: 130, experts: 3, d: 27, f: 41, expert: 'swiglu', favour: 1, k: 1 },
  {
    seed: 11,
    tokens: 6,
    experts: 4,
    d: 15,
    f: 12,
    expert: 'swiglu',
    zero: ['zero', 'copy', 'constant'],
    favour: 'zero',
    k: 2,
  },
  {
    seed: 12,
    tokens: 70,
    experts: 4,
    d: 15,
    f: 12,
    expert: 'gelu',
    zero: ['copy', 'constant'],
    favour: 'zero',
    k: 2,
    expertInputScale: 1.5,
  },
  {
    seed: 13,
    tokens: 300,
    experts: 32,
    d: 37,
    f: 29,
    expert: 'swiglu',
    zero: ['zero', 'copy', 'constant'],
    k: 3,
  },
  { seed: 14, tokens: 2048, experts: 12, d: 20, f: 13, expert: 'swiglu', zero: ['copy'], k: 2 },
];

// Both engines run the same cases: the WebAssembly microkernels and onnxruntime-node (a dev dependency here).
describe.each(['wasm', 'onnxruntime'] as const)(
  '%s engine: forward and backward match core’s float64 reference backend',
  (engine) => {
    let node: NodeBackend;
    beforeAll(async () => {
      node = await createNodeBackend({ threads: 2, engine });
      expect(node.engine).toBe(engine);
    });
    afterAll(async () => {
      await node.dispose();
    });

    test.each(cases)('seed $seed: T=$tokens E=$experts d=$d f=$f $expert $routing', async (testCase) => {
      const { layer, x, k, gradOutput } = randomLayer(testCase);
      const input = { tokens: testCase.tokens, x, k };
      const actual = await node.forward(layer, input, { retainForBackward: true });
      const expected = await reference.forward(layer, input, { retainForBackward: true });

      // Routing decisions and the plan are exact.
      expect(Array.from(actual.routing.slotExpert)).toEqual(Array.from(expected.routing.slotExpert));
      expect(Array.from(actual.routing.kCount)).toEqual(Array.from(expected.routing.kCount));
      for (const key of ['expertOffset', 'rowToken', 'rowSlot', 'slotRow'] as const) {
        expect(Array.from(actual.plan[key])).toEqual(Array.from(expected.plan[key]));
      }
      expect(relativeError(actual.routing.slotWeight, expected.routing.slotWeight)).toBeLessThan(1e-9);
      expect(actual.y).toBeInstanceOf(Float32Array);
      expect(relativeError(actual.y, expected.y)).toBeLessThan(tolerance);
      if (testCase.favour === 'zero') {
        // Only zero-computation experts are selected: the plan is empty.
        expect(actual.plan.expertOffset[testCase.experts]).toBe(0);
      }
      if (typeof testCase.favour === 'number') {
        expect(
          actual.plan.expertOffset[testCase.favour + 1]! - actual.plan.expertOffset[testCase.favour]!,
        ).toBe(testCase.tokens);
      }

      const actualGrads = await node.backward(layer, input, actual, gradOutput);
      const expectedGrads = await reference.backward(layer, input, expected, gradOutput);
      for (const key of ['x', 'router', 'wUp', 'wDown', 'logits', 'thresholds'] as const) {
        const want = expectedGrads[key];
        if (want === undefined) {
          expect(actualGrads[key]).toBeUndefined();
          continue;
        }
        expect(relativeError(actualGrads[key]!, want), key).toBeLessThan(tolerance);
      }
      if (expectedGrads.wGate)
        expect(relativeError(actualGrads.wGate!, expectedGrads.wGate)).toBeLessThan(tolerance);
      if (expectedGrads.constants) {
        expect(relativeError(actualGrads.constants!.wc, expectedGrads.constants.wc)).toBeLessThan(tolerance);
        expect(relativeError(actualGrads.constants!.v, expectedGrads.constants.v)).toBeLessThan(tolerance);
      }
    });

    test('an extra scores gradient (a loss on the probabilities) flows back like the reference', async () => {
      const testCase: RandomLayerCase = { seed: 23, tokens: 20, experts: 6, d: 11, f: 9, expert: 'silu' };
      const { layer, x, gradOutput } = randomLayer(testCase);
      const input = { tokens: testCase.tokens, x };
      const scoresGrad = new Float64Array(testCase.tokens * 6).map((_, index) => Math.cos(index));
      const actual = await node.forward(layer, input, { retainForBackward: true });
      const expected = await reference.forward(layer, input, { retainForBackward: true });
      const a = await node.backward(layer, input, actual, gradOutput, { scoresGrad });
      const b = await reference.backward(layer, input, expected, gradOutput, { scoresGrad });
      const without = await reference.backward(layer, input, expected, gradOutput);
      // The extra gradient matters (so the comparison below can fail) and is honoured.
      expect(relativeError(without.logits, b.logits)).toBeGreaterThan(1e-2);
      expect(relativeError(a.logits, b.logits)).toBeLessThan(tolerance);
      expect(relativeError(a.router, b.router)).toBeLessThan(tolerance);
    });

    test('an extra logits gradient (auxiliary loss) flows into x and the router like the reference', async () => {
      const testCase: RandomLayerCase = {
        seed: 21,
        tokens: 20,
        experts: 6,
        d: 11,
        f: 9,
        expert: 'swiglu',
        zero: ['copy'],
      };
      const { layer, x, gradOutput } = randomLayer(testCase);
      const input = { tokens: testCase.tokens, x };
      const logitsGrad = new Float64Array(testCase.tokens * 7).map((_, index) => Math.sin(index));
      const actual = await node.forward(layer, input, { retainForBackward: true });
      const expected = await reference.forward(layer, input, { retainForBackward: true });
      const a = await node.backward(layer, input, actual, gradOutput, { logitsGrad });
      const b = await reference.backward(layer, input, expected, gradOutput, { logitsGrad });
      expect(relativeError(a.x, b.x)).toBeLessThan(tolerance);
      expect(relativeError(a.router, b.router)).toBeLessThan(tolerance);
    });

    test('route() with x and router matches the reference exactly in its decisions', async () => {
      const { layer, x } = randomLayer({
        seed: 22,
        tokens: 100,
        experts: 16,
        d: 24,
        f: 8,
        expert: 'swiglu',
        k: 3,
      });
      const input = { tokens: 100, x, router: layer.weights.router, d: 24 };
      const actual = await node.route(layer.spec, input);
      const expected = await reference.route(layer.spec, input);
      expect(Array.from(actual.slotExpert)).toEqual(Array.from(expected.slotExpert));
      expect(relativeError(actual.logits, expected.logits)).toBeLessThan(1e-12);
      const cotangent = new Float64Array(100 * 16).fill(0.5);
      const grads = await node.routeBackward(layer.spec, input, cotangent);
      const want = await reference.routeBackward(layer.spec, input, cotangent);
      expect(relativeError(grads.x!, want.x!)).toBeLessThan(1e-9);
    });
  },
);

describe('contract behaviour', () => {
  test('bad input is a typed error naming the argument', async () => {
    const { layer, x } = randomLayer({ seed: 30, tokens: 4, experts: 3, d: 8, f: 8, expert: 'swiglu' });
    await expect(node.forward(layer, { tokens: 5, x })).rejects.toThrow(ShapeError);
    await expect(node.forward(layer, { tokens: 5, x })).rejects.toThrow(/input\.x/);
    const forward = await node.forward(layer, { tokens: 4, x });
    await expect(node.backward(layer, { tokens: 4, x }, forward, new Float32Array(32))).rejects.toThrow(
      /retainForBackward/,
    );
  });

  test('packed weights are reused across calls and released on request', async () => {
    const { layer, x } = randomLayer({ seed: 31, tokens: 12, experts: 3, d: 8, f: 8, expert: 'swiglu' });
    await node.forward(layer, { tokens: 12, x });
    const before = node.memory();
    await node.forward(layer, { tokens: 12, x });
    expect(node.memory().bytesInUse).toBe(before.bytesInUse);
    node.releaseWeights(layer.weights);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(node.memory().bytesInUse).toBeLessThan(before.bytesInUse);
  });

  test('reports its configuration and rejects everything after dispose', async () => {
    const backend = await createNodeBackend({ threads: 1 });
    expect(backend.name).toBe('node');
    expect(backend.capabilities).toEqual({ precision: 'float32', backward: true });
    expect(['relaxed-madd', 'mul-add']).toContain(backend.multiplyAdd);
    await backend.dispose();
    await backend.dispose();
    const { layer, x } = randomLayer({ seed: 32, tokens: 2, experts: 2, d: 4, f: 4, expert: 'swiglu', k: 1 });
    const failure = await backend.forward(layer, { tokens: 2, x }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendLostError);
    expect(AnykError.isInstance(failure)).toBe(true);
  });

  test('invalid options are typed errors', async () => {
    await expect(createNodeBackend({ threads: 0 })).rejects.toThrow(/threads/);
    await expect(createNodeBackend({ multiplyAdd: 'fast' as never })).rejects.toThrow(/multiplyAdd/);
  });
});
