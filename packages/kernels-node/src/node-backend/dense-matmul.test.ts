import { BackendLostError, InvalidArgumentError } from '@anyk/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeBackend, type NodeBackend } from './create-node-backend.ts';

let single: NodeBackend;
let pair: NodeBackend;
/** The onnxruntime engine's dense products (one `Gemm` session per transpose pair). */
let native: NodeBackend;
beforeAll(async () => {
  single = await createNodeBackend({ threads: 1 });
  pair = await createNodeBackend({ threads: 2 });
  native = await createNodeBackend({ threads: 1, engine: 'onnxruntime' });
});
afterAll(async () => {
  await single.dispose();
  await pair.dispose();
  await native.dispose();
});

function seeded(seed: number, length: number): Float64Array {
  let state = seed >>> 0;
  const out = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[index] = state / 2 ** 31 - 1;
  }
  return out;
}

/** float64 `op(a) op(b)` by the definition, the oracle. */
function expected(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++)
        sum += a[transposeA ? p * m + i : i * k + p]! * b[transposeB ? j * k + p : p * n + j]!;
      out[i * n + j] = sum;
    }
  return out;
}

function maxScaledError(actual: ArrayLike<number>, wanted: ArrayLike<number>, k: number): number {
  let worst = 0;
  for (let index = 0; index < wanted.length; index++)
    worst = Math.max(worst, Math.abs(actual[index]! - wanted[index]!) / Math.sqrt(k));
  return worst;
}

describe('NodeBackend.matmul', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 16],
    [13, 9, 70],
    [64, 64, 64],
    [130, 33, 300],
    [512, 256, 64],
  ];
  for (const [m, n, k] of shapes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        test(`m=${m} n=${n} k=${k} transposeA=${transposeA} transposeB=${transposeB}`, async () => {
          const a = seeded(m * 31 + k, m * k);
          const b = Float32Array.from(seeded(n * 17 + k + 1, k * n));
          const wanted = expected(a, b, m, n, k, transposeA, transposeB);
          for (const backend of [single, pair, native]) {
            const out32 = new Float32Array(m * n);
            await backend.matmul({ out: out32, a, b, m, n, k, transposeA, transposeB });
            expect(maxScaledError(out32, wanted, k)).toBeLessThan(1e-5);
            // Accumulating into float64 adds the float32 product to what is there.
            const out64 = Float64Array.from({ length: m * n }, (_, index) => index % 3);
            await backend.matmul({ out: out64, a, b, m, n, k, transposeA, transposeB, accumulate: true });
            const shifted = wanted.map((value, index) => value + (index % 3));
            expect(maxScaledError(out64, shifted, k)).toBeLessThan(1e-5);
          }
        });
      }
    }
  }

  test.each([
    ['wasm', () => single],
    ['onnxruntime', () => native],
  ] as const)(
    '%s: k = 0 writes zeros, or leaves out alone when accumulating; m = 0 or n = 0 does nothing',
    async (_, backendOf) => {
      const single = backendOf();
      const out = Float32Array.of(5, 6);
      await single.matmul({
        out,
        a: new Float32Array(0),
        b: new Float32Array(0),
        m: 1,
        n: 2,
        k: 0,
        accumulate: true,
      });
      expect([...out]).toEqual([5, 6]);
      await single.matmul({ out, a: new Float32Array(0), b: new Float32Array(0), m: 1, n: 2, k: 0 });
      expect([...out]).toEqual([0, 0]);
      await single.matmul({
        out: new Float32Array(0),
        a: new Float32Array(0),
        b: new Float32Array(6),
        m: 0,
        n: 2,
        k: 3,
      });
    },
  );

  test.each([
    ['wasm', () => single],
    ['onnxruntime', () => native],
  ] as const)('%s: wrong lengths and shapes are typed errors naming the argument', async (_, backendOf) => {
    const single = backendOf();
    const a = new Float32Array(6);
    const b = new Float32Array(6);
    await expect(
      single.matmul({ out: new Float32Array(4), a, b, m: 2, n: 2, k: 3 }),
    ).resolves.toBeUndefined();
    await expect(single.matmul({ out: new Float32Array(5), a, b, m: 2, n: 2, k: 3 })).rejects.toThrow(/out/);
    await expect(
      single.matmul({ out: new Float32Array(4), a, b: new Float32Array(5), m: 2, n: 2, k: 3 }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(single.matmul({ out: new Float32Array(4), a, b, m: 2.5, n: 2, k: 3 })).rejects.toThrow(/m/);
  });

  test('the arena gets every scratch block back', async () => {
    const before = (await single.memory()).bytesInUse;
    const a = seeded(1, 40 * 30);
    await single.matmul({ out: new Float32Array(40 * 20), a, b: seeded(2, 30 * 20), m: 40, n: 20, k: 30 });
    expect((await single.memory()).bytesInUse).toBe(before);
  });

  test('after dispose it rejects with BackendLostError', async () => {
    const backend = await createNodeBackend();
    await backend.dispose();
    await expect(
      backend.matmul({
        out: new Float32Array(1),
        a: Float32Array.of(1),
        b: Float32Array.of(1),
        m: 1,
        n: 1,
        k: 1,
      }),
    ).rejects.toBeInstanceOf(BackendLostError);
  });
});
