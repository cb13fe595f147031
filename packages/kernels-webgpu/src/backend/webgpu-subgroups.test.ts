import { InvalidArgumentError, type KernelBackendV1, type LayerInputV1, type MoeLayerV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { layerMismatches } from '../testing/compare-results.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import { createWebGpuBackend } from './create-webgpu-backend.ts';

let gpu: GPU;
let adapter: GPUAdapter;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ gpu, adapter, reference } = opened);
});

/** A decode batch (GEMV path) with shared experts; `d` odd exercises the scalar loads. */
function decodeCase(d: number): { layer: MoeLayerV1; input: LayerInputV1 } {
  const random = seededRandom(61);
  const routed = makeLayer(random, makeSpec({ numExperts: 6 }), { d, f: 20, expert: { kind: 'swiglu' } });
  const shared = {
    count: 1,
    f: 12,
    gate: 'none' as const,
    wGate: randomArray(random, 12 * d, 1 / Math.sqrt(d)),
    wUp: randomArray(random, 12 * d, 1 / Math.sqrt(d)),
    wDown: randomArray(random, d * 12, 1 / Math.sqrt(12)),
  };
  return {
    layer: { ...routed, weights: { ...routed.weights, shared } },
    input: { tokens: 5, x: randomArray(random, 5 * d) },
  };
}

describe('subgroup reductions in the decode GEMVs', () => {
  it('the adapter (SwiftShader) has consecutive subgroups: "auto" uses them', async () => {
    expect(adapter.features.has('subgroups')).toBe(true);
    const backend = await createWebGpuBackend({ gpu });
    try {
      expect(backend.subgroupSize).not.toBeNull();
      expect(Number.isInteger(Math.log2(backend.subgroupSize!))).toBe(true);
    } finally {
      await backend.dispose();
    }
  });

  // "auto" takes the subgroup path on this adapter (every other GEMV test runs it); force both here, the
  // scalar loads (odd d) on the plain path only.
  for (const [d, paths] of [
    [16, ['on', 'off']],
    [13, ['off']],
  ] as const) {
    it(`forced ${paths.join(' and ')}: agree with the reference (d = ${d})`, async () => {
      const { layer, input } = decodeCase(d);
      const want = await reference.forward(layer, input);
      for (const subgroups of paths) {
        const backend = await createWebGpuBackend({ gpu, subgroups });
        try {
          expect(backend.subgroupSize === null).toBe(subgroups === 'off');
          const got = await backend.forward(layer, input);
          expect(backend.stats().lastCall?.expertFfn).toBe('gemv');
          expect(layerMismatches(got, want)).toEqual([]);
        } finally {
          await backend.dispose();
        }
      }
    });
  }

  it('compiles the shuffle reduction only on the subgroup path', () => {
    const shape = { d: 32, f: 64, experts: 8, maxTiles: 16, rows: 4 };
    const plain = kernelSources.groupedGemvDown(shape).code;
    const subgroup = kernelSources.groupedGemvDown({ ...shape, subgroups: true }).code;
    expect(plain).not.toContain('subgroupShuffleXor');
    expect(subgroup).toMatch(/^\s*enable subgroups;/);
    expect(subgroup).toContain('subgroupShuffleXor');
  });

  it('rejects an unknown subgroups option with a typed error', async () => {
    await expect(createWebGpuBackend({ gpu, subgroups: 'yes' as never })).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});
