import type { KernelBackendV1 } from '@anyk/core';
import { buildExpertPlan } from '@anyk/core/internal';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import type { WebGpuBackend } from '../backend/create-webgpu-backend.ts';
import { layerMismatches, planMismatches } from '../testing/compare-results.ts';
import { decodeLayerCases } from '../testing/layer-cases.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import { gemvMaxTokens, pickExpertFfnPath } from './expert-ffn-path.ts';
import { gemmTilings } from './gemm-tiles.ts';
import { gemvShape } from './gemv-core.wgsl.ts';

let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ backend, reference } = opened);
});

describe('pickExpertFfnPath', () => {
  it('takes the GEMV path up to 8 tokens, rows rounded up to a power of two, whatever E', () => {
    expect(gemvMaxTokens).toBe(8);
    const rows = [1, 2, 3, 4, 5, 8].map((tokens) => pickExpertFfnPath({ tokens, experts: 64 }));
    expect(rows).toEqual([1, 2, 4, 4, 8, 8].map((bound) => ({ kind: 'gemv', rows: bound })));
    expect(pickExpertFfnPath({ tokens: 8, experts: 1 })).toEqual({ kind: 'gemv', rows: 8 });
    expect(pickExpertFfnPath({ tokens: 9, experts: 8 })).toEqual({
      kind: 'grouped-gemm',
      tiling: gemmTilings.small,
    });
    expect(pickExpertFfnPath({ tokens: 4096, experts: 8 })).toEqual({
      kind: 'grouped-gemm',
      tiling: gemmTilings.large,
    });
  });

  it('has one reducer thread per (row, column) of the largest row group', () => {
    expect(gemvShape.columns * gemvShape.lanes).toBe(gemvShape.threads);
    expect(gemvMaxTokens * gemvShape.columns).toBeLessThanOrEqual(gemvShape.threads);
  });
});

describe('decode batches take the GEMV path and match the float64 reference', () => {
  for (const { name, layer, input } of decodeLayerCases()) {
    it(name, async () => {
      const got = await backend.forward(layer, input);
      const stats = backend.stats().lastCall;
      expect(stats?.expertFfn).toBe('gemv');
      expect(stats?.kernels).toContain('grouped-gemv-up');
      expect(stats?.kernels).toContain('grouped-gemv-down');
      expect(stats?.kernels).not.toContain('grouped-gemm-up');
      expect(stats?.dispatches).toBe(8);
      expect(stats?.indirectDispatches).toBe(2);
      expect(stats?.readbacksInsideLayer).toBe(0);
      expect(stats?.finalReadbacks).toBe(1);
      expect(layerMismatches(got, await reference.forward(layer, input))).toEqual([]);
      expect(planMismatches(got.plan, buildExpertPlan(got.routing, layer.spec.numExperts))).toEqual([]);
    });
  }

  it('puts a full 8-row group on one expert', async () => {
    const { layer, input } = decodeLayerCases().find((c) => c.name.startsWith('T=8 all tokens'))!;
    const got = await backend.forward(layer, input);
    expect(Array.from(got.plan.expertOffset)).toEqual([0, 0, 8, 8, 8, 8]);
  });

  it('is bit-identical across runs', async () => {
    for (const { layer, input } of decodeLayerCases().filter((c) => c.name.startsWith('T=8'))) {
      const first = await backend.forward(layer, input);
      const second = await backend.forward(layer, input);
      expect(Array.from(second.y)).toEqual(Array.from(first.y));
      expect(planMismatches(second.plan, first.plan)).toEqual([]);
    }
  });
});

describe('the GEMV / GEMM threshold', () => {
  it('T = 8 runs the GEMVs and T = 9 the grouped GEMMs, both matching the reference', async () => {
    const random = seededRandom(120);
    const spec = makeSpec({ numExperts: 6, selection: { kind: 'top-p', p: 0.7 } });
    const layer = makeLayer(random, spec, { d: 20, f: 28 });
    const x = randomArray(random, 9 * 20);
    const seen: (string | undefined)[] = [];
    for (const tokens of [gemvMaxTokens, gemvMaxTokens + 1]) {
      const input = { tokens, x: x.subarray(0, tokens * 20) };
      const got = await backend.forward(layer, input);
      seen.push(backend.stats().lastCall?.expertFfn);
      expect(backend.stats().lastCall?.dispatches).toBe(8);
      expect(layerMismatches(got, await reference.forward(layer, input))).toEqual([]);
    }
    expect(seen).toEqual(['gemv', 'grouped-gemm']);
  });
});
