import {
  BackendLostError,
  InvalidArgumentError,
  type KernelBackendV1,
  type MoeLayerV1,
  type MoeLayerWeightsV1,
  NonFiniteError,
  type RouterSpecV1,
  ShapeError,
} from '@anyk/core';
import { buildExpertPlan } from '@anyk/core/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { gemmTilings } from '../kernels/gemm-tiles.ts';
import { layerMismatches, planMismatches, routingMismatches } from '../testing/compare-results.ts';
import { layerCases } from '../testing/layer-cases.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import { createWebGpuBackend, type WebGpuBackend } from './create-webgpu-backend.ts';

let gpu: GPU | undefined;
let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ gpu, backend, reference } = opened);
});

describe('layer forward vs the float64 reference', () => {
  for (const { name, layer, input } of layerCases()) {
    it(name, async () => {
      const got = await backend.forward(layer, input);
      const want = await reference.forward(layer, input);
      expect(layerMismatches(got, want)).toEqual([]);
      // The plan is also exactly core's counting sort of our own slots.
      expect(planMismatches(got.plan, buildExpertPlan(got.routing, layer.spec.numExperts))).toEqual([]);
      const stats = backend.stats().lastCall;
      expect(stats?.readbacksInsideLayer).toBe(0);
      expect(stats?.finalReadbacks).toBe(1);
      expect(stats?.submits).toBe(1);
      expect(stats?.dispatches).toBeLessThanOrEqual(10);
      expect(stats?.indirectDispatches).toBe(2);
      // Every case has more than 8 tokens: the grouped GEMMs (decode batches are in grouped-gemv.test.ts).
      expect(stats?.expertFfn).toBe('grouped-gemm');
      expect(stats?.kernels).toContain('grouped-gemm-down');
    });
  }

  it('is bit-identical across runs (plan, slots and output)', async () => {
    const { layer, input } = layerCases()[0]!;
    const first = await backend.forward(layer, input);
    const second = await backend.forward(layer, input);
    expect(planMismatches(second.plan, first.plan)).toEqual([]);
    expect(Array.from(second.routing.slotWeight)).toEqual(Array.from(first.routing.slotWeight));
    expect(Array.from(second.y)).toEqual(Array.from(first.y));
  });
});

describe('route() on given logits vs the reference', () => {
  const random = seededRandom(99);
  const tokens = 24;
  const specs: RouterSpecV1[] = [
    makeSpec({ numExperts: 7 }),
    makeSpec({
      numExperts: 6,
      selection: { kind: 'top-p', p: 0.5 },
      weighting: { kind: 'score', scale: 1, gain: false },
    }),
    makeSpec({
      numExperts: 6,
      scoring: { kind: 'relu' },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 2, gain: false },
    }),
    makeSpec({
      numExperts: 5,
      selection: { kind: 'expert-choice', capacity: 6 },
      weighting: { kind: 'score', scale: 1, gain: false },
    }),
    makeSpec({ numExperts: 6, selection: { kind: 'top-k', k: 2 }, capacityFactor: 0.5 }),
    makeSpec({
      numExperts: 4,
      zeroComputation: ['zero', 'copy'],
      selection: { kind: 'top-k', k: 3 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
    }),
  ];
  for (const spec of specs) {
    it(`${spec.selection.kind}${spec.capacityFactor ? ' + capacity' : ''}, ${spec.numExperts}+${spec.zeroComputation.length} experts`, async () => {
      const total = spec.numExperts + spec.zeroComputation.length;
      const logits = randomArray(random, tokens * total, 2);
      const got = await backend.route(spec, { tokens, logits });
      const want = await reference.route(spec, { tokens, logits });
      expect(routingMismatches(got, want)).toEqual([]);
      expect(backend.stats().lastCall?.kind).toBe('route');
      expect(backend.stats().lastCall?.expertFfn).toBeUndefined();
    });
  }

  it('threshold rule on x and a cosine router', async () => {
    const spec = makeSpec({
      numExperts: 5,
      logits: { kind: 'cosine', logitScale: 3 },
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'threshold', thresholdScale: 1, fallback: 'argmax' },
      weighting: { kind: 'uniform' },
    });
    const input = {
      tokens: 14,
      x: randomArray(random, 14 * 6),
      router: randomArray(random, 6 * 5),
      d: 6,
      params: { thresholds: randomArray(random, 5, 0.8) },
    };
    expect(routingMismatches(await backend.route(spec, input), await reference.route(spec, input))).toEqual(
      [],
    );
  });
});

describe('edge cases', () => {
  it('T = 0 gives empty results and dispatches nothing', async () => {
    const random = seededRandom(5);
    const layer = makeLayer(random, makeSpec({ numExperts: 3 }), { d: 8, f: 8 });
    const before = backend.stats().total.dispatches;
    const result = await backend.forward(layer, { tokens: 0, x: new Float64Array(0) });
    expect(result.y.length).toBe(0);
    expect(Array.from(result.plan.expertOffset)).toEqual([0, 0, 0, 0]);
    expect(result.routing.slotExpert.length).toBe(0);
    const routed = await backend.route(layer.spec, { tokens: 0, logits: new Float64Array(0) });
    expect(routed.kCount.length).toBe(0);
    expect(backend.stats().total.dispatches).toBe(before);
  });

  it('all tokens to one expert', async () => {
    const random = seededRandom(6);
    const spec = makeSpec({
      numExperts: 5,
      selection: { kind: 'top-k', k: 1 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const bias = [0, 0, 0, 10, 0];
    const layer = makeLayer(random, spec, { d: 8, f: 8 }, { params: { selectionBias: bias } });
    const input = { tokens: 40, x: randomArray(random, 40 * 8) };
    const got = await backend.forward(layer, input);
    expect(Array.from(got.plan.expertOffset)).toEqual([0, 0, 0, 0, 40, 40]);
    expect(layerMismatches(got, await reference.forward(layer, input))).toEqual([]);
  });

  it('only zero-computation experts selected (no plan rows, no GEMM work)', async () => {
    const random = seededRandom(7);
    const spec = makeSpec({
      numExperts: 3,
      zeroComputation: ['zero', 'copy', 'constant'],
      selection: { kind: 'top-k', k: 2 },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
    const layer = makeLayer(
      random,
      spec,
      { d: 8, f: 8 },
      { params: { selectionBias: [-10, -10, -10, 0, 0, 0] } },
    );
    const input = { tokens: 9, x: randomArray(random, 9 * 8) };
    const got = await backend.forward(layer, input);
    expect(got.plan.expertOffset[3]).toBe(0);
    expect(got.plan.rowToken.length).toBe(0);
    expect(layerMismatches(got, await reference.forward(layer, input))).toEqual([]);
  });

  it('k = E with E not a power of two', async () => {
    const random = seededRandom(8);
    const layer = makeLayer(random, makeSpec({ numExperts: 3, selection: { kind: 'top-k', k: 3 } }), {
      d: 8,
      f: 8,
    });
    const input = { tokens: 33, x: randomArray(random, 33 * 8) };
    expect(
      layerMismatches(await backend.forward(layer, input), await reference.forward(layer, input)),
    ).toEqual([]);
  });
});

/** Bytes of the float32 tensors a weights object puts on the device. */
function weightBytes(weights: MoeLayerWeightsV1): number {
  const constants = weights.constants ? weights.constants.wc.length + weights.constants.v.length : 0;
  const gate = weights.wGate?.length ?? 0;
  return (weights.router.length + gate + weights.wUp.length + weights.wDown.length + constants) * 4;
}

function findCase(prefix: string): { layer: MoeLayerV1; input: LayerCaseInput } {
  const found = layerCases().find((layerCase) => layerCase.name.startsWith(prefix));
  expect(found).toBeDefined();
  return found as { layer: MoeLayerV1; input: LayerCaseInput };
}

type LayerCaseInput = ReturnType<typeof layerCases>[number]['input'];

describe('device-resident weights', () => {
  // A backend of its own, so memory() sees only this block's layers.
  let resident: WebGpuBackend;
  beforeAll(async () => {
    resident = await createWebGpuBackend({ gpu: gpu as GPU });
  });
  afterAll(async () => {
    await resident?.dispose();
  });

  it('a second forward with the same weights object uploads no weight bytes and is bit-identical', async () => {
    const { layer, input } = findCase('MoE++');
    const first = await resident.forward(layer, input);
    const firstCall = resident.stats().lastCall;
    expect(firstCall?.weightBytesUploaded).toBe(weightBytes(layer.weights));
    const second = await resident.forward(layer, input);
    const secondCall = resident.stats().lastCall;
    expect(secondCall?.weightBytesUploaded).toBe(0);
    // The same buffers in the same roles: every bind group comes from the kernel cache.
    expect(firstCall?.bindGroupsCreated).toBeGreaterThan(0);
    expect(secondCall?.dispatches).toBe(firstCall?.dispatches);
    expect(secondCall?.bindGroupsCreated).toBe(0);
    // Exactly the per-call uploads remain: x, prevLogits + gateMap, router params, uniforms.
    expect(secondCall?.bytesUploaded).toBe(
      (firstCall?.bytesUploaded ?? 0) - (firstCall?.weightBytesUploaded ?? 0),
    );
    expect(secondCall?.bytesUploaded).toBeGreaterThan(input.x.length * 4);
    expect(Array.from(second.y)).toEqual(Array.from(first.y));
    expect(Array.from(second.routing.slotWeight)).toEqual(Array.from(first.routing.slotWeight));
    expect(planMismatches(second.plan, first.plan)).toEqual([]);
    expect(layerMismatches(second, await reference.forward(layer, input))).toEqual([]);
  });

  it('a new weights object with changed values gives the new result', async () => {
    const { layer, input } = findCase('top-2 softmax renormalise');
    const before = await resident.forward(layer, input);
    const changedDown = Float64Array.from(layer.weights.wDown, (value) => -2 * value);
    const changedRouter = Float64Array.from(layer.weights.router, (value, index) =>
      index % 3 === 0 ? value + 0.5 : value,
    );
    const changed: MoeLayerV1 = {
      ...layer,
      weights: { ...layer.weights, wDown: changedDown, router: changedRouter },
    };
    const after = await resident.forward(changed, input);
    expect(resident.stats().lastCall?.weightBytesUploaded).toBe(weightBytes(changed.weights));
    // New weight buffers: the kernels that bind them get new bind groups.
    expect(resident.stats().lastCall?.bindGroupsCreated).toBeGreaterThan(0);
    expect(layerMismatches(after, await reference.forward(changed, input))).toEqual([]);
    expect(Array.from(after.y)).not.toEqual(Array.from(before.y));
    // The old object is still resident and still gives the old result.
    const again = await resident.forward(layer, input);
    expect(resident.stats().lastCall?.weightBytesUploaded).toBe(0);
    expect(Array.from(again.y)).toEqual(Array.from(before.y));
  });

  it('router params and gateMap are per call, never cached with the weights', async () => {
    const longCat = findCase('LongCat');
    const bias = Float64Array.from(longCat.layer.params?.selectionBias ?? [], (_, index) =>
      index === 1 ? 10 : 0,
    );
    const biased: MoeLayerV1 = { ...longCat.layer, params: { selectionBias: bias } };
    await resident.forward(longCat.layer, longCat.input);
    const got = await resident.forward(biased, longCat.input);
    expect(resident.stats().lastCall?.weightBytesUploaded).toBe(0);
    expect(layerMismatches(got, await reference.forward(biased, longCat.input))).toEqual([]);
    // Every token now picks expert 1 (the bias only steers selection).
    expect((got.plan.expertOffset[2] ?? 0) - (got.plan.expertOffset[1] ?? 0)).toBe(longCat.input.tokens);

    const moePlus = findCase('MoE++');
    const gateMap = Float64Array.from(moePlus.layer.gateMap ?? [], (value) => 3 * value + 0.1);
    const remapped: MoeLayerV1 = { ...moePlus.layer, gateMap };
    await resident.forward(moePlus.layer, moePlus.input);
    const mapped = await resident.forward(remapped, moePlus.input);
    expect(resident.stats().lastCall?.weightBytesUploaded).toBe(0);
    expect(layerMismatches(mapped, await reference.forward(remapped, moePlus.input))).toEqual([]);
  });

  it('scans a weights object for non-finite values once, as it uploads it once', async () => {
    const { layer, input } = findCase('top-1 softmax raw');
    const own: MoeLayerV1 = {
      ...layer,
      weights: { ...layer.weights, wUp: Float64Array.from(layer.weights.wUp) },
    };
    await resident.forward(own, input);
    // An in-place edit is outside core's contract: neither rescanned nor uploaded (the device copy stays).
    (own.weights.wUp as Float64Array)[0] = Number.NaN;
    expect(
      layerMismatches(await resident.forward(own, input), await reference.forward(layer, input)),
    ).toEqual([]);
    // A new weights object (the documented way to change weights) is scanned before anything is uploaded.
    await expect(resident.forward({ ...own, weights: { ...own.weights } }, input)).rejects.toThrow(
      NonFiniteError,
    );
  });

  it('releaseWeights frees the device copy; the next forward uploads again', async () => {
    const { layer, input } = findCase('top-1 softmax raw');
    await resident.forward(layer, input);
    const held = resident.memory();
    const bytes = weightBytes(layer.weights);
    resident.releaseWeights(layer.weights);
    const released = resident.memory();
    expect(held.bytesInUse - released.bytesInUse).toBeGreaterThanOrEqual(bytes);
    expect(released.details?.residentLayers).toBe((held.details?.residentLayers ?? 0) - 1);
    resident.releaseWeights(layer.weights); // a second release is a no-op
    expect(resident.memory().bytesInUse).toBe(released.bytesInUse);
    const result = await resident.forward(layer, input);
    expect(resident.stats().lastCall?.weightBytesUploaded).toBe(bytes);
    expect(resident.stats().lastCall?.bindGroupsCreated).toBeGreaterThan(0);
    expect(layerMismatches(result, await reference.forward(layer, input))).toEqual([]);
  });

  it('dispose frees every resident layer', async () => {
    const own = await createWebGpuBackend({ gpu: gpu as GPU });
    const first = findCase('LongCat');
    const second = findCase('top-1 softmax raw');
    await own.forward(first.layer, first.input);
    await own.forward(second.layer, second.input);
    const held = own.memory();
    expect(held.details?.residentLayers).toBe(2);
    expect(held.bytesInUse).toBeGreaterThanOrEqual(
      weightBytes(first.layer.weights) + weightBytes(second.layer.weights),
    );
    await own.dispose();
    const after = own.memory();
    expect(after.bytesInUse).toBe(0);
    expect(after.details?.residentWeightBytes).toBe(0);
    expect(after.details?.residentLayers).toBe(0);
    expect(() => own.releaseWeights(first.layer.weights)).not.toThrow();
  });
});

describe('forced GEMM tilings (tuning)', () => {
  for (const tiling of Object.values(gemmTilings)) {
    it(`${tiling.name} (${tiling.rows} x ${tiling.columns}, K-slice ${tiling.depth}) matches the reference`, async () => {
      const tuned = await createWebGpuBackend({ gpu: gpu as GPU, tiling });
      try {
        for (const { layer, input } of layerCases().slice(0, 2)) {
          const got = await tuned.forward(layer, input);
          expect(tuned.stats().lastCall?.expertFfn).toBe('grouped-gemm');
          expect(layerMismatches(got, await reference.forward(layer, input))).toEqual([]);
        }
      } finally {
        await tuned.dispose();
      }
    });
  }

  it('rejects a tiling that is not one of gemmTilings', async () => {
    const odd = { ...gemmTilings.small, rows: 48 };
    await expect(createWebGpuBackend({ gpu: gpu as GPU, tiling: odd })).rejects.toThrow(InvalidArgumentError);
  });
});

describe('contract', () => {
  it('rejects bad input with typed errors naming the argument', async () => {
    const random = seededRandom(9);
    const layer = makeLayer(random, makeSpec({ numExperts: 3 }), { d: 8, f: 8 });
    await expect(backend.forward(layer, { tokens: 2, x: new Float64Array(15) })).rejects.toThrow(ShapeError);
    await expect(backend.forward(layer, { tokens: 2, x: new Float64Array(15) })).rejects.toThrow(
      /x must have shape \[2, 8\]/,
    );
    await expect(
      backend.backward(layer, { tokens: 0, x: new Float64Array(0) }, undefined as never, new Float64Array(0)),
    ).rejects.toThrow(InvalidArgumentError);
    expect(backend.capabilities).toEqual({ precision: 'float32', backward: true });
  });

  it('reuses pooled buffers across calls and reports memory', async () => {
    const { layer, input } = layerCases()[1]!;
    await backend.forward(layer, input);
    const created = backend.memory().details?.buffersCreated;
    await backend.forward(layer, input);
    const memory = backend.memory();
    expect(memory.details?.buffersCreated).toBe(created);
    // Between calls only the resident weights are in use.
    expect(memory.bytesInUse).toBe(memory.details?.residentWeightBytes);
    expect(memory.bytesPooled).toBeGreaterThan(0);
  });

  it('rejects with BackendLostError after dispose, and when a shared device is lost; a new backend works', async () => {
    // An adapter opens one device (Dawn marks it consumed), so each new device gets a fresh adapter.
    const freshAdapter = async (): Promise<GPUAdapter> => {
      const next = await (gpu as GPU).requestAdapter();
      expect(next).not.toBeNull();
      return next as GPUAdapter;
    };
    const shared = await (await freshAdapter()).requestDevice();
    const own = await createWebGpuBackend({ device: shared });
    const { layer, input } = layerCases()[1]!;
    await own.forward(layer, input);
    shared.destroy();
    await shared.lost;
    await expect(own.forward(layer, input)).rejects.toThrow(BackendLostError);
    await own.dispose();
    const disposed = await createWebGpuBackend({ adapter: await freshAdapter() });
    await disposed.dispose();
    await expect(disposed.route(layer.spec, { tokens: 1, logits: new Float64Array(3) })).rejects.toThrow(
      BackendLostError,
    );
    const fresh = await createWebGpuBackend({ gpu: gpu as GPU });
    expect(layerMismatches(await fresh.forward(layer, input), await reference.forward(layer, input))).toEqual(
      [],
    );
    await fresh.dispose();
  });
});
