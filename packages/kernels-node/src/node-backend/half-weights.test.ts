import {
  AnykError,
  createReferenceBackend,
  type ExpertTensorV1,
  type HalfTensorV1,
  type KernelBackendV1,
  type MoeLayerV1,
} from '@anyk/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type RandomLayerCase,
  randomArray,
  randomLayer,
  relativeError,
  seededRandom,
  toHalfLayer,
} from '../__tests__/random-layer.ts';
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

/**
 * The documented tolerance for 16-bit weights (kernels-node README): the same as for float32 weights,
 * because the kernels widen 16-bit weights exactly and compute in float32; the reference runs on the same
 * rounded weights (it widens them exactly too), so only float32 arithmetic separates the two.
 */
const tolerance = 1e-4;

type Dtype = HalfTensorV1['dtype'];

async function expectMatchesReference(
  layer: MoeLayerV1<ExpertTensorV1>,
  tokens: number,
  x: Float32Array,
  gradOutput?: Float32Array,
  floor?: number,
  k?: Int32Array,
): Promise<void> {
  const input = { tokens, x, k };
  const retain = gradOutput !== undefined;
  const actual = await node.forward(layer, input, { retainForBackward: retain });
  const expected = await reference.forward(layer, input, { retainForBackward: retain });
  expect(Array.from(actual.routing.slotExpert)).toEqual(Array.from(expected.routing.slotExpert));
  expect(relativeError(actual.y, expected.y, floor)).toBeLessThan(tolerance);
  if (!gradOutput) return;
  const actualGrads = await node.backward(layer, input, actual, gradOutput);
  const expectedGrads = await reference.backward(layer, input, expected, gradOutput);
  for (const key of ['x', 'router', 'wGate', 'wUp', 'wDown'] as const) {
    if (expectedGrads[key] === undefined) continue;
    expect(relativeError(actualGrads[key]!, expectedGrads[key]!), key).toBeLessThan(tolerance);
  }
}

describe('16-bit expert weights on the node backend match the reference on the rounded weights', () => {
  // Both paths (decode GEMV, T <= 8, and prefill GEMM), odd d and f (edge panels, padded rows), T = 1,
  // every routing style and expert kind of the random layers.
  const cases: (RandomLayerCase & { dtype: Dtype })[] = [
    { dtype: 'bf16', seed: 1, tokens: 1, experts: 4, d: 13, f: 9, expert: 'swiglu' },
    { dtype: 'f16', seed: 2, tokens: 1, experts: 4, d: 13, f: 9, expert: 'swiglu' },
    { dtype: 'bf16', seed: 3, tokens: 4, experts: 6, d: 24, f: 17, expert: 'gelu', routing: 'top-p' },
    { dtype: 'f16', seed: 4, tokens: 5, experts: 5, d: 7, f: 16, expert: 'silu', routing: 'positive' },
    { dtype: 'bf16', seed: 5, tokens: 8, experts: 4, d: 11, f: 12, expert: 'swiglu', routing: 'threshold' },
    { dtype: 'f16', seed: 6, tokens: 3, experts: 5, d: 16, f: 11, expert: 'swiglu', routing: 'predicted-k' },
    { dtype: 'bf16', seed: 7, tokens: 37, experts: 4, d: 19, f: 21, expert: 'swiglu', zero: ['copy'] },
    { dtype: 'f16', seed: 8, tokens: 41, experts: 5, d: 9, f: 26, expert: 'gelu', routing: 'top-p' },
    // Decode with enough panels for the streaming GEMV (runs of 8 panels per gate/up half and of the down
    // product, then single and edge panels), more than 4 rows per expert (two row tiles per run).
    { dtype: 'bf16', seed: 9, tokens: 8, experts: 2, d: 75, f: 67, expert: 'swiglu' },
    { dtype: 'f16', seed: 10, tokens: 7, experts: 3, d: 70, f: 70, expert: 'gelu' },
  ];
  test.each(cases)('$dtype seed $seed: T=$tokens d=$d f=$f $expert', async (testCase) => {
    const { layer, x, gradOutput, k } = randomLayer(testCase);
    await expectMatchesReference(
      toHalfLayer(layer, testCase.dtype),
      testCase.tokens,
      x,
      gradOutput,
      undefined,
      k,
    );
  });

  test('on one thread, where decode steps run on the calling thread, as on two', async () => {
    const single = await createNodeBackend({ threads: 1 });
    try {
      for (const testCase of cases.filter((entry) => entry.tokens <= 8)) {
        const { layer, x, k } = randomLayer(testCase);
        const half = toHalfLayer(layer, testCase.dtype);
        const input = { tokens: testCase.tokens, x, k };
        const actual = await single.forward(half, input);
        const expected = await reference.forward(half, input);
        expect(Array.from(actual.routing.slotExpert)).toEqual(Array.from(expected.routing.slotExpert));
        expect(relativeError(actual.y, expected.y), `seed ${testCase.seed}`).toBeLessThan(tolerance);
        // The same kernels and summation order as a worker's: bit-identical to the two-thread backend.
        expect(Array.from(actual.y)).toEqual(Array.from((await node.forward(half, input)).y));
      }
    } finally {
      await single.dispose();
    }
  });

  test.each(['bf16', 'f16'] as const)('%s shared experts (decode and prefill)', async (dtype) => {
    for (const tokens of [2, 30]) {
      const base = randomLayer({ seed: 11, tokens, experts: 4, d: 10, f: 8, expert: 'swiglu' });
      const random = seededRandom(12);
      const d = 10;
      const layer: MoeLayerV1 = {
        ...base.layer,
        weights: {
          ...base.layer.weights,
          shared: {
            count: 2,
            f: 7,
            gate: 'none',
            wGate: randomArray(random, 2 * 7 * d, 0.3),
            wUp: randomArray(random, 2 * 7 * d, 0.3),
            wDown: randomArray(random, 2 * d * 7, 0.3),
          },
        },
      };
      await expectMatchesReference(toHalfLayer(layer, dtype), tokens, base.x);
    }
  });

  test('F16 subnormal weights are widened exactly (decode and prefill)', async () => {
    for (const tokens of [2, 20]) {
      const { layer, x } = randomLayer({ seed: 21, tokens, experts: 3, d: 12, f: 10, expert: 'silu' });
      // Below 2^-14 every F16 is subnormal: the whole down projection is.
      const wDown = randomArray(seededRandom(22), layer.weights.wDown.length, 5e-5);
      const half = toHalfLayer({ ...layer, weights: { ...layer.weights, wDown } }, 'f16');
      const bits = (half.weights.wDown as HalfTensorV1).bits;
      expect(bits.every((value) => (value & 0x7c00) === 0)).toBe(true);
      // No floor: the outputs are ~1e-5, a relative check must see them.
      await expectMatchesReference(half, tokens, x, undefined, 0);
    }
  });
});

describe('16-bit weights are held as 16 bits', () => {
  test("a BF16 layer's prepared state is at most about half the float32 one's", async () => {
    const { layer, x } = randomLayer({ seed: 31, tokens: 2, experts: 4, d: 64, f: 96, expert: 'swiglu' });
    const measure = async (given: MoeLayerV1<ExpertTensorV1>) => {
      const backend = await createNodeBackend({ threads: 1 });
      try {
        const before = backend.memory().bytesInUse;
        await backend.forward(given, { tokens: 2, x });
        return backend.memory().bytesInUse - before;
      } finally {
        await backend.dispose();
      }
    };
    const float32 = await measure(layer);
    const bf16 = await measure(toHalfLayer(layer, 'bf16'));
    // float32 keeps raw rows and packed panels (4 + 4 bytes a weight), BF16 only 16-bit panels (2 bytes).
    expect(bf16 / float32).toBeLessThan(0.55);
    expect(bf16 / float32).toBeGreaterThan(0.15);
  });
});

describe('bad 16-bit input', () => {
  const { layer, x } = randomLayer({ seed: 41, tokens: 2, experts: 3, d: 8, f: 8, expert: 'swiglu' });
  const half = toHalfLayer(layer, 'bf16');

  test('a 16-bit tensor of the wrong length is a ShapeError naming it', async () => {
    const wUp = { dtype: 'bf16', bits: (half.weights.wUp as HalfTensorV1).bits.subarray(1) } as const;
    const bad = { ...half, weights: { ...half.weights, wUp } };
    const error = await node.forward(bad, { tokens: 2, x }).catch((caught: unknown) => caught);
    expect(AnykError.isInstance(error) && error.code).toBe('shape-mismatch');
    expect((error as Error).message).toContain('wUp');
  });

  test('an unknown dtype is an InvalidArgumentError naming it', async () => {
    const wDown = {
      dtype: 'fp8',
      bits: (half.weights.wDown as HalfTensorV1).bits,
    } as unknown as HalfTensorV1;
    const bad = { ...half, weights: { ...half.weights, wDown } };
    const error = await node.forward(bad, { tokens: 2, x }).catch((caught: unknown) => caught);
    expect(AnykError.isInstance(error) && error.code).toBe('invalid-argument');
    expect((error as Error).message).toContain('weights.wDown.dtype');
  });

  test('bits that are not a Uint16Array are an InvalidArgumentError naming them', async () => {
    const wUp = { dtype: 'bf16', bits: new Float32Array(3 * 8 * 8) } as unknown as HalfTensorV1;
    const bad = { ...half, weights: { ...half.weights, wUp } };
    const error = await node.forward(bad, { tokens: 2, x }).catch((caught: unknown) => caught);
    expect(AnykError.isInstance(error) && error.code).toBe('invalid-argument');
    expect((error as Error).message).toContain('weights.wUp.bits');
  });

  test('a 16-bit Infinity is a NonFiniteError', async () => {
    const bits = (half.weights.wGate as HalfTensorV1).bits.slice();
    bits[3] = 0x7f80; // BF16 +Infinity
    const bad = { ...half, weights: { ...half.weights, wGate: { dtype: 'bf16', bits } as const } };
    const error = await node.forward(bad, { tokens: 2, x }).catch((caught: unknown) => caught);
    expect(AnykError.isInstance(error) && error.code).toBe('non-finite');
  });
});
