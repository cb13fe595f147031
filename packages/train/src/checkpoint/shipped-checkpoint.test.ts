import { createReferenceBackend } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint.ts';
import { shippedCheckpointPath } from './shipped-checkpoint.ts';

describe('shipped checkpoint', () => {
  it('loads and predicts KJV text far better than chance, routing with top-p', async () => {
    const { model, config } = loadCheckpoint(shippedCheckpointPath);
    expect(config.model.router.family).toBe('top-p');
    const bytes = new TextEncoder().encode(
      'And God said unto Moses, I AM THAT I AM: and he said, Thus shalt thou say unto the children of Israel',
    );
    const length = 64;
    const batch = {
      sequences: 1,
      length,
      inputs: Int32Array.from(bytes.subarray(0, length)),
      targets: Int32Array.from(bytes.subarray(1, length + 1)),
    };
    const pass = await model.forward(await createReferenceBackend(), batch, { retain: false, mode: 'infer' });
    // Chance is ln 256 = 5.55 nats; the trained model is near its validation loss (~1.85).
    expect(pass.loss).toBeLessThan(2.5);
    expect(pass.routings).toHaveLength(config.model.layers);
    const routing = pass.routings[0];
    expect(routing?.kCount.every((count) => count >= 1 && count <= 8)).toBe(true);
  });
});
