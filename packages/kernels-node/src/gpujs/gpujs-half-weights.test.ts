import { createReferenceBackend } from '@anyk/core';
import { expect, test } from 'vitest';
import { randomLayer, relativeError, toHalfLayer } from '../__tests__/random-layer.ts';
import { createGpuJsBackend } from './create-gpujs-backend.ts';

// gpu.js widens 16-bit weights to float32 at its entry (core's `widenLayer`, one cached copy): checked once
// per dtype against the reference on the same rounded weights, decode and prefill token counts.
test.each(['bf16', 'f16'] as const)('gpu.js runs %s expert weights like the reference', async (dtype) => {
  const gpujs = await createGpuJsBackend({ mode: 'webasm' });
  const reference = await createReferenceBackend();
  try {
    for (const tokens of [1, 12]) {
      const { layer, x } = randomLayer({ seed: 51, tokens, experts: 4, d: 9, f: 10, expert: 'swiglu' });
      const half = toHalfLayer(layer, dtype);
      const actual = await gpujs.forward(half, { tokens, x });
      const expected = await reference.forward(half, { tokens, x });
      expect(Array.from(actual.routing.slotExpert)).toEqual(Array.from(expected.routing.slotExpert));
      expect(relativeError(actual.y, expected.y)).toBeLessThan(1e-4);
    }
  } finally {
    await gpujs.dispose();
    await reference.dispose();
  }
});
