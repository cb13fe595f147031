import { createReferenceBackend } from '@anyk/core';
import { expect, it } from 'vitest';
import { gradMismatches, layerMismatches } from '../testing/compare-results.ts';
import { decodeLayerCases, layerCases } from '../testing/layer-cases.ts';
import { makeUniMoeLayer } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import { createWebGpuBackend } from './create-webgpu-backend.ts';

it('runs real layers forward and backward in headless Chromium (navigator.gpu), matching the reference', async () => {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  expect(gpu).toBeDefined();
  const adapter = await gpu?.requestAdapter();
  // A null adapter means WebGPU is off in this browser: a failure, never a skip.
  expect(adapter).not.toBeNull();
  const backend = await createWebGpuBackend({ adapter: adapter ?? undefined });
  const reference = await createReferenceBackend();
  try {
    const cases = layerCases();
    const chosen = [
      cases[0],
      cases.find((entry) => entry.name.startsWith('MoE++')),
      // A decode batch: the GEMV path.
      decodeLayerCases().find((entry) => entry.name.startsWith('T=5 MoE++')),
    ];
    for (const entry of chosen) {
      if (!entry) throw new Error('layer case missing');
      const got = await backend.forward(entry.layer, entry.input);
      expect(layerMismatches(got, await reference.forward(entry.layer, entry.input))).toEqual([]);
      expect(backend.stats().lastCall?.readbacksInsideLayer).toBe(0);
      expect(backend.stats().lastCall?.expertFfn).toBe(entry.input.tokens <= 8 ? 'gemv' : 'grouped-gemm');
    }
    // The backward pass (device expert FFN backward) on the MoE++ case.
    const { layer, input } = chosen[1]!;
    const gradOutput = randomArray(seededRandom(5), input.tokens * layer.weights.d);
    const kept = await backend.forward(layer, input, { retainForBackward: true });
    const want = await reference.forward(layer, input, { retainForBackward: true });
    const grads = await backend.backward(layer, input, kept, gradOutput);
    expect(gradMismatches(grads, await reference.backward(layer, input, want, gradOutput))).toEqual([]);
    expect(backend.stats().lastCall?.kind).toBe('backward');
  } finally {
    await backend.dispose();
  }
});

it('runs a Uni-MoE-2.0 layer (capacity, null and shared experts) forward and backward in headless Chromium', async () => {
  const backend = await createWebGpuBackend();
  const reference = await createReferenceBackend();
  try {
    const layer = makeUniMoeLayer(seededRandom(41), {
      d: 8,
      f: 16,
      experts: 4,
      nulls: 1,
      shared: 2,
      selection: {
        kind: 'uni-moe-top-p',
        p: 0.7,
        k: 0,
        windowEps: 0.01,
        capacity: { factor: 1.5, minCapacity: 2 },
      },
    });
    const input = { tokens: 16, x: randomArray(seededRandom(42), 16 * 8) };
    const got = await backend.forward(layer, input);
    expect(layerMismatches(got, await reference.forward(layer, input))).toEqual([]);
    expect(backend.stats().lastCall?.readbacksInsideLayer).toBe(0);
    const gradOutput = randomArray(seededRandom(43), 16 * 8);
    const kept = await backend.forward(layer, input, { retainForBackward: true });
    const want = await reference.forward(layer, input, { retainForBackward: true });
    const grads = await backend.backward(layer, input, kept, gradOutput);
    expect(gradMismatches(grads, await reference.backward(layer, input, want, gradOutput))).toEqual([]);
  } finally {
    await backend.dispose();
  }
});

it('creates the backend from navigator.gpu when given no options', async () => {
  const backend = await createWebGpuBackend();
  expect(backend.name).toBe('webgpu');
  await backend.dispose();
});
