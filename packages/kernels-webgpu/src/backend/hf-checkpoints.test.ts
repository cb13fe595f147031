import { loadCheckpointFromPath } from '@anyk/checkpoints/node';
import { hfMismatch, loadHfCases } from '@anyk/checkpoints/testing';
import type { KernelBackendV1, MoeLayerV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;

useDawnBackends((opened) => {
  ({ backend } = opened);
});

/**
 * Every real-checkpoint case of the `hf/` fixtures (read by `@anyk/checkpoints`) on WebGPU: exact
 * selections, logits, weights and MoE block outputs within the fixtures' tolerance. qwen2_moe and
 * deepseek_v3 need shared experts (and DeepSeek the `groups.dropped: 'zero'` rule) in this backend.
 */
describe.each(loadHfCases().map((entry) => [entry.id, entry] as const))('hf/%s on WebGPU', (_id, entry) => {
  it('router logits, exact selections, routing weights and outputs', async () => {
    const { layers } = await loadCheckpointFromPath(entry.directory);
    for (const expectation of entry.layers) {
      const loaded = layers[expectation.layer];
      if (loaded?.kind !== 'moe') throw new Error(`layer ${expectation.layer} should be MoE`);
      const where = `${entry.id} layer ${expectation.layer}`;
      const tokens = expectation.input.shape[0]!;
      const result = await (backend as KernelBackendV1).forward(loaded.layer as MoeLayerV1, {
        tokens,
        x: Float32Array.from(expectation.input.data),
      });
      const { routing } = result;
      const ids: number[][] = [];
      const weights: number[] = [];
      for (let token = 0; token < tokens; token++) {
        const pairs: [number, number][] = [];
        for (let slot = 0; slot < routing.kCount[token]!; slot++) {
          const at = token * routing.kMax + slot;
          pairs.push([routing.slotExpert[at]!, routing.slotWeight[at]!]);
        }
        pairs.sort((a, b) => a[0] - b[0]);
        ids.push(pairs.map((pair) => pair[0]));
        weights.push(...pairs.map((pair) => pair[1]));
      }
      expect(ids, `${where} selected_experts`).toEqual(expectation.selected_experts);
      const checks: [string, ArrayLike<number>, readonly number[]][] = [
        ['router_logits', routing.logits, expectation.router_logits.data],
        ['routing_weights', weights, expectation.routing_weights.flat()],
        ['output', result.y, expectation.output.data],
      ];
      for (const [name, actual, expected] of checks)
        expect(hfMismatch(`${where} ${name}`, actual, expected, entry.tolerance)).toBeUndefined();
    }
  });
});
