import { fileURLToPath } from 'node:url';

/**
 * Path of the small top-p model shipped with the package (packages/train/checkpoints/top-p-kjv.*): the best
 * top-p run of `anyk reproduce` (full mode: 4 MoE layers, 800 steps, p = 0.5, seed 2; validation loss 1.854
 * nats/byte) on the KJV text. Load it with `loadCheckpoint` to route real text.
 */
export const shippedCheckpointPath: string = fileURLToPath(
  new URL('../../checkpoints/top-p-kjv.safetensors', import.meta.url),
);
