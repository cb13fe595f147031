import { afterAll, expect, it } from 'vitest';
import { createDawnGpu } from '../testing/dawn-gpu.ts';
import { makeSpec } from '../testing/layer-fixtures.ts';
import { measureWebGpuLayer } from './measure-webgpu-layer.ts';

let gpu: GPU | undefined = createDawnGpu();

afterAll(() => {
  gpu = undefined;
});

it('reports 0 read-backs inside a layer, <= 10 dispatches, and both medians', async () => {
  const adapter = await (gpu as GPU).requestAdapter();
  expect(adapter).not.toBeNull();
  const result = await measureWebGpuLayer({
    adapter: adapter ?? undefined,
    spec: makeSpec({ numExperts: 6, selection: { kind: 'top-p', p: 0.7 } }),
    T: 32,
    d: 32,
    E: 6,
    f: 32,
    iterations: 3,
    warmup: 1,
  });
  expect(result.readbacksPerLayer).toBe(0);
  expect(result.finalReadbacksPerLayer).toBe(1);
  expect(result.dispatchesPerLayer).toBeLessThanOrEqual(10);
  expect(result.rows).toBeGreaterThanOrEqual(32);
  expect(result.moeMedianMs).toBeGreaterThan(0);
  expect(result.denseMedianMs).toBeGreaterThan(0);
  expect(result.expertFlops).toBe(2 * result.rows * 32 * 32 * 3);
  expect(result.expertFfn).toBe('grouped-gemm');
});

it('measures a decode batch on the GEMV path with the same dispatch and read-back counts', async () => {
  const adapter = await (gpu as GPU).requestAdapter();
  expect(adapter).not.toBeNull();
  const result = await measureWebGpuLayer({
    adapter: adapter ?? undefined,
    spec: makeSpec({ numExperts: 6 }),
    T: 4,
    d: 32,
    E: 6,
    f: 32,
    iterations: 1,
    warmup: 0,
    warmupMs: 0,
  });
  expect(result.expertFfn).toBe('gemv');
  expect(result.readbacksPerLayer).toBe(0);
  expect(result.dispatchesPerLayer).toBe(8);
  expect(result.indirectDispatchesPerLayer).toBe(2);
  expect(result.rows).toBe(8);
  expect(result.moeMedianMs).toBeGreaterThan(0);
});
