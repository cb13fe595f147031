import { createReferenceBackend } from '@anyk/core';
import { topK } from '@anyk/routers/top-k';
import { describe, expect, it } from 'vitest';
import { jsTopKRouting } from './js-top-k-routing.ts';
import { moeBenchWeights, seededUniform, transposeBlocks } from './moe-bench-weights.ts';
import { createOrtDenseMoe, createOrtMatMul, createOrtMoeLoop } from './ort-peers.ts';
import { createTfjsWasmMatMul } from './tfjs-wasm-matmul.ts';

function naiveMatMul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++)
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + a[i * k + p]! * b[p * n + j]!;
  return out;
}

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  let error = 0;
  for (let index = 0; index < expected.length; index++) {
    scale = Math.max(scale, Math.abs(expected[index]!));
    error = Math.max(error, Math.abs(actual[index]! - expected[index]!));
  }
  return error / Math.max(scale, 1e-30);
}

describe('peers compute the right numbers', () => {
  const m = 5;
  const k = 12;
  const n = 7;
  const a = seededUniform(m * k, 1, 1);
  const b = seededUniform(k * n, 1, 2);
  const expected = naiveMatMul(a, b, m, k, n);

  it('onnxruntime-node MatMul from an in-memory model', async () => {
    const matMul = await createOrtMatMul({ m, k, n, a, b, threads: 1 });
    try {
      expect(maxRelativeError(await matMul.run(), expected)).toBeLessThan(1e-5);
    } finally {
      await matMul.dispose();
    }
  });

  it('tfjs-wasm MatMul', async () => {
    const matMul = await createTfjsWasmMatMul({ m, k, n, a, b });
    try {
      expect(maxRelativeError(matMul.run(), expected)).toBeLessThan(1e-5);
    } finally {
      matMul.dispose();
    }
  });

  it('the ORT per-expert loop and dense masked MoE match the reference top-2 layer', async () => {
    const shape = { d: 16, f: 24, experts: 4 };
    const weights = moeBenchWeights(shape, 5);
    const tokens = 9;
    const x = seededUniform(tokens * shape.d, 1, 9);
    const reference = await createReferenceBackend();
    const layer = {
      spec: topK({ numExperts: shape.experts, k: 2 }).spec(),
      weights: { ...weights, expert: { kind: 'swiglu' as const } },
    };
    const expectedLayer = await reference.forward(layer, { tokens, x });
    for (const create of [createOrtMoeLoop, createOrtDenseMoe]) {
      const moe = await create({ weights, k: 2, threads: 1 });
      try {
        expect(maxRelativeError(await moe.forward(x, tokens), expectedLayer.y)).toBeLessThan(1e-4);
      } finally {
        await moe.dispose();
      }
    }
  });
});

describe('helpers', () => {
  it('transposeBlocks transposes each block', () => {
    expect([...transposeBlocks(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 2, 2, 3)]).toEqual(
      [1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12],
    );
  });

  it('jsTopKRouting picks the two largest, ties to the lower id, renormalised softmax weights', () => {
    const routing = jsTopKRouting([0, 1, 1, -1], 1, 4, 2);
    expect([...routing.experts]).toEqual([1, 2]);
    expect(routing.weights[0]).toBeCloseTo(0.5, 6);
    const second = jsTopKRouting([Math.log(3), 0, -5], 1, 3, 2);
    expect([...second.experts]).toEqual([0, 1]);
    expect(second.weights[0]).toBeCloseTo(0.75, 6);
  });
});
