import type { LayerForwardResultV1 } from '@anyk/core';
import { afterAll, expect, it, vi } from 'vitest';
import { createWebGpuBackend } from '../backend/create-webgpu-backend.ts';
import { gemmTilings } from '../kernels/gemm-tiles.ts';
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
  // Recording is part of each timed run, so its median stays below the wall-time median.
  expect(result.moeRecordMs).toBeGreaterThan(0);
  expect(result.denseRecordMs).toBeGreaterThan(0);
  expect(result.moeRecordMs).toBeLessThan(result.moeMedianMs);
  expect(result.expertFlops).toBe(2 * result.rows * 32 * 32 * 3);
  expect(result.expertFfn).toBe('grouped-gemm');
  expect(result.tiling).toBe('small'); // picked by shape: about 5 rows per expert
  // Prefill rows keep the FLOP-based comparison only.
  expect(result.decode).toBeNull();
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
  expect(result.tiling).toBeNull();
  expect(result.readbacksPerLayer).toBe(0);
  expect(result.dispatchesPerLayer).toBe(8);
  expect(result.indirectDispatchesPerLayer).toBe(2);
  expect(result.rows).toBe(8);
  expect(result.moeMedianMs).toBeGreaterThan(0);
  expect(result.decode).not.toBeNull();
});

/** Real experts the forward pass's routing selected (from the slots, not the plan the diagnostics read). */
function selectedRealExperts(result: LayerForwardResultV1, experts: number): number {
  const used = new Set<number>();
  for (const expert of result.routing.slotExpert) if (expert >= 0 && expert < experts) used.add(expert);
  return used.size;
}

it.each([
  { T: 4, d: 32, f: 32, k: 2, zero: 0, expert: { kind: 'swiglu' } as const },
  { T: 1, d: 30, f: 18, k: 2, zero: 0, expert: { kind: 'mlp', activation: 'gelu' } as const },
  { T: 8, d: 32, f: 20, k: 3, zero: 2, expert: { kind: 'swiglu' } as const },
])(
  'decode T = $T, top-$k, $zero zero experts: used experts from the plan, weight bytes and both bandwidths',
  async ({ T, d, f, k, zero, expert }) => {
    const adapter = await (gpu as GPU).requestAdapter();
    expect(adapter).not.toBeNull();
    const E = 6;
    const backend = await createWebGpuBackend({ adapter: adapter ?? undefined });
    const forward = vi.spyOn(backend, 'forward');
    try {
      const result = await measureWebGpuLayer({
        backend,
        spec: makeSpec({
          numExperts: E,
          selection: { kind: 'top-k', k },
          zeroComputation: Array.from({ length: zero }, () => 'zero' as const),
        }),
        T,
        d,
        E,
        f,
        expert,
        iterations: 1,
        warmup: 0,
        warmupMs: 0,
      });
      expect(result.expertFfn).toBe('gemv');
      expect(result.readbacksPerLayer).toBe(0);
      const decode = result.decode;
      if (!decode) throw new Error('a GEMV-path layer must report decode bandwidths');
      // One forward before timing; the timed layers never go through forward() (no read-back).
      expect(forward).toHaveBeenCalledTimes(1);
      const routed = await (forward.mock.results[0]?.value as Promise<LayerForwardResultV1>);
      expect(decode.usedExperts).toBe(selectedRealExperts(routed, E));
      if (T === 1 && zero === 0) expect(decode.usedExperts).toBe(k);
      expect(decode.expectedUniqueExperts).toBeCloseTo(E * (1 - (1 - k / (E + zero)) ** T), 12);
      const upColumns = expert.kind === 'swiglu' ? 2 * f : f;
      expect(decode.moeWeightBytes).toBe(4 * (decode.usedExperts * (upColumns * d + d * f) + (E + zero) * d));
      for (const value of [
        decode.denseGemvMedianMs,
        decode.moeGBps,
        decode.denseGemvGBps,
        decode.bandwidthRatio,
      ]) {
        expect(Number.isFinite(value) && value > 0).toBe(true);
      }
      expect(decode.bandwidthRatio).toBeCloseTo(decode.denseGemvMedianMs / result.moeMedianMs, 9);
    } finally {
      await backend.dispose();
    }
  },
);

it('has no expected unique-expert count when k varies per token', async () => {
  const adapter = await (gpu as GPU).requestAdapter();
  expect(adapter).not.toBeNull();
  const result = await measureWebGpuLayer({
    adapter: adapter ?? undefined,
    spec: makeSpec({ numExperts: 4, selection: { kind: 'top-p', p: 0.5 } }),
    T: 2,
    d: 16,
    E: 4,
    f: 16,
    iterations: 1,
    warmup: 0,
    warmupMs: 0,
  });
  expect(result.decode?.expectedUniqueExperts).toBeNull();
  expect(result.decode?.usedExperts).toBeGreaterThanOrEqual(1);
});

it('profiles every kernel of the layer and of its dense baselines with timestamp queries', async () => {
  const adapter = await (gpu as GPU).requestAdapter();
  expect(adapter).not.toBeNull();
  // SwiftShader exposes timestamp-query; the backend asks for it whenever the adapter has it.
  expect(adapter?.features.has('timestamp-query')).toBe(true);
  const backend = await createWebGpuBackend({ adapter: adapter ?? undefined });
  try {
    for (const T of [24, 3]) {
      const result = await measureWebGpuLayer({
        backend,
        spec: makeSpec({ numExperts: 5 }),
        T,
        d: 16,
        E: 5,
        f: 24,
        iterations: 2,
        warmup: 0,
        warmupMs: 0,
        profileKernels: true,
        // A forced tiling for the timed layer and its dense GEMMs (ignored on the GEMV path).
        tiling: gemmTilings.medium,
      });
      expect(result.tiling).toBe(T > 8 ? 'medium' : null);
      const profile = result.kernelProfile;
      expect(profile).not.toBeNull();
      // One entry per dispatch, in order, named as the backend's own counters name them.
      const layerKernels = profile?.layer.map((entry) => entry.kernel);
      expect(layerKernels).toHaveLength(result.dispatchesPerLayer);
      expect(layerKernels?.[0]).toBe('router-logits');
      expect(layerKernels).toContain(T <= 8 ? 'grouped-gemv-up' : 'grouped-gemm-up');
      expect(layerKernels?.at(-1)).toBe('combine');
      expect(profile?.dense.map((entry) => entry.kernel)).toEqual(['dense-gemm', 'dense-gemm']);
      expect(profile?.denseGemv === null).toBe(T > 8);
      for (const entry of [
        ...(profile?.layer ?? []),
        ...(profile?.dense ?? []),
        ...(profile?.denseGemv ?? []),
      ]) {
        expect(Number.isFinite(entry.medianMs) && entry.medianMs >= 0, entry.kernel).toBe(true);
      }
    }
  } finally {
    await backend.dispose();
  }
});
