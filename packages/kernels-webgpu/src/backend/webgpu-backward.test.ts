import {
  InvalidArgumentError,
  type KernelBackendV1,
  type LayerGradsV1,
  type LayerInputV1,
  type MoeLayerV1,
  NonFiniteError,
  ShapeError,
} from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { gradMismatches, layerMismatches } from '../testing/compare-results.ts';
import { layerCases } from '../testing/layer-cases.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ backend, reference } = opened);
});

async function compareBackward(
  layer: MoeLayerV1,
  input: LayerInputV1,
  seed: number,
  extra: { logitsGrad?: Float64Array; scoresGrad?: Float64Array } = {},
): Promise<LayerGradsV1> {
  const d = layer.weights.d;
  const gradOutput = randomArray(seededRandom(seed), input.tokens * d);
  const got = await backend.forward(layer, input, { retainForBackward: true });
  const want = await reference.forward(layer, input, { retainForBackward: true });
  // The kept forward routes with core's float64 reference: decisions, plan and y as the reference.
  expect(layerMismatches(got, want)).toEqual([]);
  const gotGrads = await backend.backward(layer, input, got, gradOutput, extra);
  const wantGrads = await reference.backward(layer, input, want, gradOutput, extra);
  expect(gradMismatches(gotGrads, wantGrads)).toEqual([]);
  return gotGrads;
}

describe('layer backward vs the float64 reference', () => {
  layerCases().forEach(({ name, layer, input }, index) => {
    it(name, async () => {
      await compareBackward(layer, input, 100 + index);
      const rows = (await reference.forward(layer, input)).plan.expertOffset[layer.spec.numExperts] ?? 0;
      const stats = backend.stats().lastCall;
      const expertKernels = [
        'expert-rows-gemm-pre-activation',
        'expert-rows-gemm-hidden-grad',
        'activation-backward',
        'expert-rows-gemm-input-grad',
        'combine',
        'expert-weight-grad-down',
        'expert-weight-grad-in',
      ];
      const routerKernels = ['router-backward-input', 'router-backward-weights'];
      // DynMoE's cosine logits keep the router backward on the host.
      const deviceRouter = layer.spec.logits.kind === 'linear';
      const kernels = [...(rows === 0 ? [] : expertKernels), ...(deviceRouter ? routerKernels : [])];
      expect(stats?.kind).toBe('backward');
      expect(stats?.kernels).toEqual(kernels);
      expect(stats?.dispatches).toBe(kernels.length);
      expect(stats?.finalReadbacks).toBe(1);
      // With the router on the device, the experts' results are read back once before it.
      const inside = rows > 0 && deviceRouter ? 1 : 0;
      expect(stats?.readbacksInsideLayer).toBe(inside);
      expect(stats?.submits).toBe(1 + inside);
    });
  });

  it('extra logits and scores gradients (auxiliary losses) reach the router like the reference', async () => {
    const { layer, input } = layerCases()[0]!;
    const total = layer.spec.numExperts + layer.spec.zeroComputation.length;
    const random = seededRandom(7);
    await compareBackward(layer, input, 8, {
      logitsGrad: randomArray(random, input.tokens * total),
      scoresGrad: randomArray(random, input.tokens * total),
    });
  });

  it('decode batches, experts without rows, one expert with every row', async () => {
    const random = seededRandom(31);
    const spec = makeSpec({ numExperts: 16, selection: { kind: 'top-k', k: 2 } });
    const layer = makeLayer(random, spec, { d: 12, f: 20 });
    for (const tokens of [1, 3]) {
      const grads = await compareBackward(layer, { tokens, x: randomArray(random, tokens * 12) }, tokens);
      // At most 6 of 16 experts have rows: the others' gradients are exactly zero.
      let zeroExperts = 0;
      for (let expert = 0; expert < 16; expert++) {
        const slice = grads.wDown.subarray(expert * 12 * 20, (expert + 1) * 12 * 20);
        if (slice.every((value) => value === 0)) zeroExperts++;
      }
      expect(zeroExperts).toBeGreaterThanOrEqual(16 - 2 * tokens);
    }
    const single = makeSpec({ numExperts: 1, selection: { kind: 'top-k', k: 1 } });
    const oneExpert = makeLayer(random, single, { d: 8, f: 12, expert: { kind: 'mlp', activation: 'gelu' } });
    await compareBackward(oneExpert, { tokens: 40, x: randomArray(random, 40 * 8) }, 5);
  });

  it('larger shapes: 64 x 64 weight-gradient tiles, reductions over many rows', async () => {
    const random = seededRandom(32);
    const spec = makeSpec({ numExperts: 3, selection: { kind: 'top-k', k: 2 } });
    const layer = makeLayer(random, spec, { d: 68, f: 72 });
    await compareBackward(layer, { tokens: 150, x: randomArray(random, 150 * 68) }, 6);
  });

  it('is bit-identical across runs', async () => {
    const { layer, input } = layerCases()[1]!;
    const gradOutput = randomArray(seededRandom(3), input.tokens * layer.weights.d);
    const forward = await backend.forward(layer, input, { retainForBackward: true });
    const first = await backend.backward(layer, input, forward, gradOutput);
    const second = await backend.backward(layer, input, forward, gradOutput);
    for (const key of ['x', 'router', 'wUp', 'wDown', 'logits'] as const) {
      expect(Array.from(second[key] as Float64Array), key).toEqual(Array.from(first[key] as Float64Array));
    }
    // The backward's buffers went back to the pool: only the resident weights stay in use.
    const memory = backend.memory();
    expect(memory.bytesInUse).toBe(memory.details?.residentWeightBytes);
    // The second backward reused the first one's weights and pooled buffers.
    expect(backend.stats().lastCall?.weightBytesUploaded).toBe(0);
  });

  it('T = 0 gives zero gradients of the right shapes', async () => {
    const { layer } = layerCases()[0]!;
    const input = { tokens: 0, x: new Float64Array(0) };
    const forward = await backend.forward(layer, input, { retainForBackward: true });
    const grads = await backend.backward(layer, input, forward, new Float64Array(0));
    expect(grads.x.length).toBe(0);
    expect(grads.wDown.length).toBe(layer.weights.wDown.length);
    expect(grads.wDown.every((value) => value === 0)).toBe(true);
    expect(grads.router.every((value) => value === 0)).toBe(true);
  });

  it('rejects what it cannot differentiate with typed errors', async () => {
    const { layer, input } = layerCases()[1]!;
    const d = layer.weights.d;
    const plain = await backend.forward(layer, input);
    const gradOutput = new Float64Array(input.tokens * d);
    await expect(backend.backward(layer, input, plain, gradOutput)).rejects.toThrow(InvalidArgumentError);
    await expect(backend.backward(layer, input, plain, gradOutput)).rejects.toThrow(/retainForBackward/);
    const kept = await backend.forward(layer, input, { retainForBackward: true });
    await expect(backend.backward(layer, input, kept, new Float64Array(3))).rejects.toThrow(ShapeError);
    const bad = new Float64Array(input.tokens * d);
    bad[5] = Number.NaN;
    await expect(backend.backward(layer, input, kept, bad)).rejects.toThrow(NonFiniteError);
    const shorter = { tokens: input.tokens - 1, x: (input.x as Float64Array).subarray(d) };
    await expect(backend.backward(layer, shorter, kept, gradOutput)).rejects.toThrow(/input\.tokens/);
  });
});
