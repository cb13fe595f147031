import { compareWithTolerance } from '@anyk/core/testing';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { readSharedLayerFixture, sharedFixtureLayer } from '../testing/shared-layer-fixtures.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;

useDawnBackends((opened) => {
  ({ backend } = opened);
});

/** Every `layer-shared-*` fixture: DeepSeek-V3 (gate none, 1 and 2 shared experts) and Qwen2-MoE (sigmoid). */
const sharedFixtures = [
  'deepseek-v3/layer-shared-d8-f16-e8-g4-k2.json',
  'deepseek-v3/layer-shared2-d12-f16-e8-g4-k2.json',
  'top-k/layer-shared-sigmoid-d8-f16-e4-k2-raw.json',
];

/** `[]` when `actual` is within the fixture's tolerance of `expected`, else one line saying where it is not. */
function mismatch(
  name: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: { abs: number; rel: number },
): string[] {
  const comparison = compareWithTolerance(actual, expected, tolerance);
  return comparison.ok ? [] : [`${name}: ${comparison.detail}`];
}

describe('shared experts on WebGPU vs the fixtures', () => {
  for (const file of sharedFixtures) {
    it(`forward: ${file}`, async () => {
      const fixture = await readSharedLayerFixture(file);
      const { layer, input } = sharedFixtureLayer(fixture);
      const result = await backend.forward(layer, input);
      const { kMax } = result.routing;
      const selection: number[][] = [];
      const weights: number[][] = [];
      for (let token = 0; token < input.tokens; token++) {
        const slots = Array.from({ length: kMax }, (_, j) => token * kMax + j)
          .filter((slot) => result.routing.slotExpert[slot]! >= 0)
          .sort((a, b) => result.routing.slotExpert[a]! - result.routing.slotExpert[b]!);
        selection.push(slots.map((slot) => result.routing.slotExpert[slot]!));
        weights.push(slots.map((slot) => result.routing.slotWeight[slot]!));
      }
      expect(selection).toEqual(fixture.expect.selection);
      expect([
        ...mismatch('weights', weights.flat(), fixture.expect.weights.flat(), fixture.tolerance),
        ...mismatch('output', result.y, fixture.expect.output.data, fixture.tolerance),
      ]).toEqual([]);
      const stats = backend.stats().lastCall;
      expect(stats?.readbacksInsideLayer).toBe(0);
      expect(stats?.kernels).toContain('shared-gate');
    });

    it(`backward: ${file}`, async () => {
      const fixture = await readSharedLayerFixture(file);
      const { layer, input } = sharedFixtureLayer(fixture);
      const forward = await backend.forward(layer, input, { retainForBackward: true });
      const grads = await backend.backward(layer, input, forward, Float64Array.from(fixture.inputs.g!.data));
      const want = fixture.expect.grads;
      const got: Record<string, ArrayLike<number> | undefined> = {
        x: grads.x,
        W_router: grads.router,
        W_gate: grads.wGate,
        W_up: grads.wUp,
        W_down: grads.wDown,
        Ws_gate: grads.shared?.wGate,
        Ws_up: grads.shared?.wUp,
        Ws_down: grads.shared?.wDown,
        w_shared_gate: grads.shared?.gateWeight,
      };
      expect(Object.keys(want).sort()).toEqual(
        Object.keys(got)
          .filter((name) => got[name] !== undefined)
          .sort(),
      );
      const mismatches = Object.entries(want).flatMap(([name, tensor]) =>
        mismatch(name, got[name] ?? [], tensor.data, fixture.tolerance),
      );
      expect(mismatches).toEqual([]);
    });
  }
});
