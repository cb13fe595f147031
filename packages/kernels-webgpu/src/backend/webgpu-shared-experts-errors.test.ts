import { InvalidArgumentError, ShapeError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import { makeLayer, makeSpec } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;

useDawnBackends((opened) => {
  ({ backend } = opened);
});

describe('shared experts: typed errors', () => {
  const random = seededRandom(9);
  const routed = makeLayer(random, makeSpec({ numExperts: 4 }), { d: 8, f: 8 });
  const input = { tokens: 3, x: randomArray(random, 3 * 8) };
  const shared = {
    count: 1,
    f: 6,
    gate: 'none' as const,
    wGate: randomArray(random, 6 * 8),
    wUp: randomArray(random, 6 * 8),
    wDown: randomArray(random, 8 * 6),
  };

  it('a shared tensor of the wrong size is a ShapeError naming it (core validates, before any upload)', async () => {
    const layer = {
      ...routed,
      weights: { ...routed.weights, shared: { ...shared, wUp: randomArray(random, 5) } },
    };
    const error = await backend.forward(layer, input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ShapeError);
    expect(String(error)).toContain('weights.shared.wUp');
    expect(backend.memory().details?.residentLayers).toBe(0);
  });

  it("a 'softmax-mixed' gate without the router's shared columns is an InvalidArgumentError naming the count", async () => {
    const layer = {
      ...routed,
      weights: { ...routed.weights, shared: { ...shared, gate: 'softmax-mixed' as const } },
    };
    const error = await backend.forward(layer, input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toContain('weights.shared.count');
  });
});
