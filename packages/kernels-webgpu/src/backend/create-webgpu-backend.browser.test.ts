import { createReferenceBackend } from '@anyk/core';
import { expect, it } from 'vitest';
import { layerMismatches } from '../testing/compare-results.ts';
import { decodeLayerCases, layerCases } from '../testing/layer-cases.ts';
import { createWebGpuBackend } from './create-webgpu-backend.ts';

it('runs real layers in headless Chromium (navigator.gpu) and matches the reference', async () => {
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
  } finally {
    await backend.dispose();
  }
});

it('creates the backend from navigator.gpu when given no options', async () => {
  const backend = await createWebGpuBackend();
  expect(backend.name).toBe('webgpu');
  await backend.dispose();
});
