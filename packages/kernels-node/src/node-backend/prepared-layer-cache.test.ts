import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomLayer } from '../__tests__/random-layer.ts';
import { createNodeBackend, type NodeBackend } from './create-node-backend.ts';

let node: NodeBackend;
beforeAll(async () => {
  // 16 MiB of shared memory: without a bounded cache, ~40 layers of this size would exhaust it.
  node = await createNodeBackend({ threads: 1, maxMemoryBytes: 16 * 1024 * 1024 });
});
afterAll(async () => {
  await node.dispose();
});

describe('packed layers follow the weights objects (issue 17, the node cache leak)', () => {
  test('1,000 calls with a new weights object each keep memory flat and all succeed', async () => {
    const { layer, x } = randomLayer({ seed: 41, tokens: 3, experts: 8, d: 64, f: 96, expert: 'swiglu' });
    const input = { tokens: 3, x };
    const expected = (await node.forward(layer, input)).y;
    const inUse: number[] = [];
    for (let call = 0; call < 1000; call++) {
      // The pattern layer-v1.ts recommends after an in-place update: a new object, the same arrays.
      const fresh = { ...layer, weights: { ...layer.weights } };
      const { y } = await node.forward(fresh, input);
      if (call % 100 === 99) inUse.push(node.memory().bytesInUse);
      if (call % 250 === 0) expect(Array.from(y)).toEqual(Array.from(expected));
    }
    // Flat: after the cache reaches its budget, bytes in use do not grow from one hundred calls to the next.
    const settled = inUse.slice(2);
    expect(Math.max(...settled)).toBe(Math.min(...settled));
    expect(Math.max(...inUse)).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(node.memory().details?.preparedLayers).toBeLessThan(40);
  });

  test('a layer evicted from the cache is packed again and gives the same output', async () => {
    const { layer, x } = randomLayer({ seed: 42, tokens: 2, experts: 4, d: 16, f: 24, expert: 'gelu' });
    const first = await node.forward(layer, { tokens: 2, x });
    for (let call = 0; call < 60; call++) {
      const other = randomLayer({ seed: 100 + call, tokens: 1, experts: 8, d: 64, f: 96, expert: 'swiglu' });
      await node.forward(other.layer, { tokens: 1, x: other.x });
    }
    const again = await node.forward(layer, { tokens: 2, x });
    expect(Array.from(again.y)).toEqual(Array.from(first.y));
  });
});
