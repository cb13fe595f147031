import {
  createReferenceBackend,
  type ExpertTensorV1,
  type KernelBackendV1,
  type MoeLayerV1,
} from '@anyk/core';
import { isHalfTensor } from '@anyk/core/internal';
import { createNodeBackend } from '@anyk/kernels-node';
import { createGpuJsBackend } from '@anyk/kernels-node/gpujs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpointFromPath } from './node/index.ts';
import type { CheckpointLayer } from './open-checkpoint.ts';
import {
  type HfCase,
  type HfLayerExpectation,
  type HfTensor,
  hfMismatch,
  loadHfCases,
} from './testing/hf-fixtures.ts';

const cases = loadHfCases();

/** Backends this file runs every `hf/` case on (WebGPU: kernels-webgpu's Dawn lane). */
const backends: readonly {
  readonly name: string;
  readonly create: () => Promise<KernelBackendV1>;
}[] = [
  { name: 'reference', create: () => createReferenceBackend() },
  { name: 'node', create: () => createNodeBackend({ threads: 1 }) },
  { name: 'gpujs-webasm', create: () => createGpuJsBackend({ mode: 'webasm' }) },
];

it('finds the hf/ cases of every architecture', () => {
  const modelTypes = new Set(cases.map((entry) => entry.model_type));
  for (const modelType of ['mixtral', 'qwen2_moe', 'qwen3_moe', 'olmoe', 'deepseek_v3', 'longcat_flash'])
    expect(modelTypes.has(modelType), modelType).toBe(true);
});

const loaded = new Map<string, Promise<Awaited<ReturnType<typeof loadCheckpointFromPath>>>>();
const load = (entry: HfCase) => {
  let pending = loaded.get(entry.id);
  if (!pending) {
    pending = loadCheckpointFromPath(entry.directory);
    loaded.set(entry.id, pending);
  }
  return pending;
};

describe.each(cases.map((entry) => [entry.id, entry] as const))('hf/%s checkpoint', (_id, entry) => {
  it('has the layout, tensor count, dtypes and MoE tensor names the fixture states', async () => {
    const { checkpoint, layers } = await load(entry);
    const kinds = checkpoint.architecture.layerKinds;
    expect(kinds.length).toBe(entry.num_layers);
    expect(kinds.flatMap((kind, index) => (kind === 'moe' ? [index] : []))).toEqual(entry.moe_layers);
    expect(kinds.flatMap((kind, index) => (kind === 'dense' ? [index] : []))).toEqual(entry.dense_layers);
    expect(layers.map((layer) => layer.kind)).toEqual(kinds);
    expect(checkpoint.tensors.size).toBe(entry.checkpoint.num_tensors);
    expect(checkpoint.dtypeCounts).toEqual(entry.checkpoint.tensor_dtypes);
    expect(checkpoint.files).toEqual(entry.checkpoint.files);
    expect(checkpoint.index ?? null).toBe(entry.checkpoint.index);
    for (const expectation of entry.layers) {
      const names = checkpoint.architecture.moeTensors(expectation.layer);
      const stated = expectation.tensors as {
        router: string;
        experts: { gate: string; up: string; down: string }[];
        e_score_correction_bias?: string;
      };
      expect(names.router).toBe(stated.router);
      expect(names.experts).toEqual(stated.experts);
      expect(names.selectionBias).toBe(stated.e_score_correction_bias);
      // The shared expert: qwen2_moe's `shared_expert` (+ `shared_expert_gate`), deepseek_v3's `shared_experts`.
      const statedShared =
        (stated as { shared_expert?: object; shared_experts?: object }).shared_expert ??
        (stated as { shared_experts?: object }).shared_experts;
      const sharedNames = names.shared
        ? { gate: names.shared.gate, up: names.shared.up, down: names.shared.down }
        : undefined;
      expect(sharedNames).toEqual(statedShared);
      expect(names.shared?.gateWeight).toBe((stated as { shared_expert_gate?: string }).shared_expert_gate);
    }
  });
});

describe.each(backends)('hf/ fixtures on the $name backend', ({ name, create }) => {
  let backend: KernelBackendV1;
  beforeAll(async () => {
    backend = await create();
  });
  afterAll(async () => {
    await backend.dispose();
  });

  describe.each(cases.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
    it('router logits, exact selections and routing weights', async () => {
      const { layers } = await load(entry);
      for (const expectation of entry.layers) {
        const layer = moeLayer(layers, expectation.layer);
        const { routing } = await backend.forward(layer, inputOf(expectation));
        const where = `${name} ${entry.id} layer ${expectation.layer}`;
        expect(
          hfMismatch(
            `${where} router_logits`,
            routing.logits,
            expectation.router_logits.data,
            entry.tolerance,
          ),
        ).toBeUndefined();
        const { ids, weights } = sortedSelections(routing);
        expect(ids, `${where} selected_experts`).toEqual(expectation.selected_experts);
        expect(
          hfMismatch(
            `${where} routing_weights`,
            weights.flat(),
            expectation.routing_weights.flat(),
            entry.tolerance,
          ),
        ).toBeUndefined();
      }
    });

    it('MoE block output within tolerance', async () => {
      const { layers } = await load(entry);
      for (const expectation of entry.layers) {
        const layer = moeLayer(layers, expectation.layer);
        const { y } = await backend.forward(layer, inputOf(expectation));
        expect(
          hfMismatch(
            `${name} ${entry.id} layer ${expectation.layer} output`,
            y,
            expectation.output.data,
            entry.tolerance,
          ),
        ).toBeUndefined();
      }
    });
  });
});

describe.each([
  { name: 'reference', create: () => createReferenceBackend() },
  { name: 'node', create: () => createNodeBackend({ threads: 1 }) },
])("hf/ fixtures loaded with weights: 'keep' on the $name backend", ({ name, create }) => {
  let backend: KernelBackendV1;
  beforeAll(async () => {
    backend = await create();
  });
  afterAll(async () => {
    await backend.dispose();
  });

  it.each(cases.map((entry) => [entry.id, entry] as const))(
    '%s: 16-bit expert tensors stay 16-bit; exact selections, outputs within tolerance',
    async (_id, entry) => {
      const { layers } = await loadCheckpointFromPath(entry.directory, { weights: 'keep' });
      const stored = entry.checkpoint.dtype as string;
      for (const expectation of entry.layers) {
        const layer = moeLayer(layers, expectation.layer);
        const { weights } = layer;
        const expertTensors = [weights.wGate, weights.wUp, weights.wDown, weights.shared?.wUp];
        for (const tensor of expertTensors) {
          if (tensor === undefined) continue;
          if (stored === 'F32') expect(tensor).toBeInstanceOf(Float32Array);
          else expect(isHalfTensor(tensor) && tensor.dtype).toBe(stored.toLowerCase());
        }
        const { routing, y } = await backend.forward(layer, inputOf(expectation));
        const where = `${name} keep ${entry.id} layer ${expectation.layer}`;
        expect(sortedSelections(routing).ids, `${where} selected_experts`).toEqual(
          expectation.selected_experts,
        );
        expect(hfMismatch(`${where} output`, y, expectation.output.data, entry.tolerance)).toBeUndefined();
      }
    },
  );
});

describe('qwen2_moe shared_expert_gate', () => {
  it.each(
    cases.filter((entry) => entry.model_type === 'qwen2_moe').map((entry) => [entry.id, entry] as const),
  )('%s: sigmoid(x . shared_expert_gate) from the loaded gate row', async (_id, entry) => {
    const { layers } = await load(entry);
    for (const expectation of entry.layers) {
      const layer = moeLayer(layers, expectation.layer);
      const shared = layer.weights.shared;
      expect(shared?.gate).toBe('sigmoid');
      const gateWeight = shared?.gateWeight as Float32Array;
      const { d } = layer.weights;
      const tokens = expectation.input.shape[0] as number;
      const gates = Array.from({ length: tokens }, (_, token) => {
        let dot = 0;
        for (let index = 0; index < d; index++)
          dot += (expectation.input.data[token * d + index] as number) * (gateWeight[index] as number);
        return 1 / (1 + Math.exp(-dot));
      });
      expect(
        hfMismatch(
          'shared_expert_gate',
          gates,
          (expectation.shared_expert_gate as HfTensor).data,
          entry.tolerance,
        ),
      ).toBeUndefined();
    }
  });
});

function moeLayer<W extends ExpertTensorV1>(
  layers: readonly CheckpointLayer<W>[],
  index: number,
): MoeLayerV1<W> {
  const layer = layers[index];
  if (layer?.kind !== 'moe') throw new Error(`layer ${index} is not an MoE layer`);
  return layer.layer;
}

function inputOf(expectation: HfLayerExpectation) {
  return { tokens: expectation.input.shape[0] as number, x: Float32Array.from(expectation.input.data) };
}

/** Per token: selected ids ascending and their weights (the fixtures' layout). */
function sortedSelections(routing: {
  tokens: number;
  kMax: number;
  kCount: Int32Array;
  slotExpert: Int32Array;
  slotWeight: ArrayLike<number>;
}): { ids: number[][]; weights: number[][] } {
  const ids: number[][] = [];
  const weights: number[][] = [];
  for (let token = 0; token < routing.tokens; token++) {
    const pairs: [number, number][] = [];
    for (let slot = 0; slot < (routing.kCount[token] as number); slot++) {
      const at = token * routing.kMax + slot;
      pairs.push([routing.slotExpert[at] as number, routing.slotWeight[at] as number]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    ids.push(pairs.map((pair) => pair[0]));
    weights.push(pairs.map((pair) => pair[1]));
  }
  return { ids, weights };
}
