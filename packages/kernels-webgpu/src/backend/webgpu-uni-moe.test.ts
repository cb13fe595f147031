import type { UniMoeSelectionV1 } from '@anyk/core';
import { layerRouteInput } from '@anyk/core/internal';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { gradMismatches, layerMismatches, routingMismatches } from '../testing/compare-results.ts';
import type { DawnBackends } from '../testing/dawn-gpu.ts';
import { makeUniMoeLayer } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';

let backends: DawnBackends;

useDawnBackends((opened) => {
  backends = opened;
});

/**
 * Uni-MoE-2.0 on the device against core's float64 reference, on shapes the fixtures do not have: a batch
 * with capacity dropping and shared experts (the grouped GEMM path; forward, route and backward), a decode
 * batch with the fixed count and no shared experts (the GEMV path; forward and route, its backward is the
 * same code). The fixtures themselves run in the conformance lane. SwiftShader compiles every new pipeline
 * slowly, so the cases are few and small.
 */
const cases = [
  {
    name: 'T=24, capacity, 1 null, 2 shared, p=0.6',
    tokens: 24,
    backward: true,
    layer: makeUniMoeLayer(seededRandom(31), {
      d: 8,
      f: 16,
      experts: 5,
      nulls: 1,
      shared: 2,
      selection: {
        kind: 'uni-moe-top-p',
        p: 0.6,
        k: 0,
        windowEps: 0.01,
        capacity: { factor: 1.5, minCapacity: 2 },
      },
    }),
  },
  {
    name: 'T=5, p=0 (k=2), 2 nulls, no shared',
    tokens: 5,
    backward: false,
    layer: makeUniMoeLayer(seededRandom(32), {
      d: 8,
      f: 12,
      experts: 4,
      nulls: 2,
      shared: 0,
      selection: { kind: 'uni-moe-top-p', p: 0, k: 2, windowEps: 0.01 },
    }),
  },
];

describe('Uni-MoE-2.0 on WebGPU vs the reference', () => {
  for (const entry of cases) {
    const input = {
      tokens: entry.tokens,
      x: randomArray(seededRandom(7), entry.tokens * entry.layer.weights.d),
    };

    it(`forward: ${entry.name} (routing on the device, no read-back inside the layer)`, async () => {
      const got = await backends.backend.forward(entry.layer, input);
      const want = await backends.reference.forward(entry.layer, input);
      expect(layerMismatches(got, want)).toEqual([]);
      const stats = backends.backend.stats().lastCall;
      expect(stats?.readbacksInsideLayer).toBe(0);
      expect(stats?.kernels).toEqual(expect.arrayContaining(['uni-moe-picks', 'uni-moe-weights']));
      expect(stats?.kernels).not.toContain('shared-gate');
      expect(stats?.expertFfn).toBe(entry.tokens <= 8 ? 'gemv' : 'grouped-gemm');
    });

    it(`route: ${entry.name}`, async () => {
      const routeInput = layerRouteInput(entry.layer, input);
      const got = await backends.backend.route(entry.layer.spec, routeInput);
      const want = await backends.reference.route(entry.layer.spec, routeInput);
      expect(routingMismatches(got, want)).toEqual([]);
    });

    if (!entry.backward) continue;
    it(`backward: ${entry.name}`, async () => {
      const gradOutput = randomArray(seededRandom(8), entry.tokens * entry.layer.weights.d);
      const kept = await backends.backend.forward(entry.layer, input, { retainForBackward: true });
      const want = await backends.reference.forward(entry.layer, input, { retainForBackward: true });
      const grads = await backends.backend.backward(entry.layer, input, kept, gradOutput);
      const expected = await backends.reference.backward(entry.layer, input, want, gradOutput);
      expect(gradMismatches(grads, expected)).toEqual([]);
    });
  }

  it('an empty batch routes to nothing and still reports the (empty) shared weights, as the reference', async () => {
    const layer = cases[0]!.layer;
    const empty = { tokens: 0, x: new Float64Array(0) };
    const got = await backends.backend.forward(layer, empty);
    const want = await backends.reference.forward(layer, empty);
    expect(layerMismatches(got, want)).toEqual([]);
    expect(got.routing.sharedWeight).toHaveLength(0);
    const routed = await backends.backend.route(layer.spec, layerRouteInput(layer, empty));
    expect(routed.sharedWeight).toHaveLength(0);
  });

  it('drops picks over capacity (the case above is not vacuous)', async () => {
    const [entry] = cases;
    const input = {
      tokens: entry!.tokens,
      x: randomArray(seededRandom(7), entry!.tokens * entry!.layer.weights.d),
    };
    const spec = entry!.layer.spec;
    const selection = spec.selection as UniMoeSelectionV1;
    const uncapped = { ...entry!.layer, spec: { ...spec, selection: { ...selection, capacity: undefined } } };
    const capped = await backends.backend.forward(entry!.layer, input);
    const free = await backends.backend.forward(uncapped, input);
    const picks = (counts: Int32Array) => counts.reduce((sum, count) => sum + count, 0);
    expect(picks(capped.routing.kCount)).toBeLessThan(picks(free.routing.kCount));
  });
});
