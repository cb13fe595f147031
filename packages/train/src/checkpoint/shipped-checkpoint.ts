import { fileURLToPath } from 'node:url';

/**
 * Path of the small top-p model shipped with the package (packages/train/checkpoints/top-p-kjv.*), trained
 * by `anyk reproduce --quick` on the KJV text; load it with `loadCheckpoint` to route real text.
 */
export const shippedCheckpointPath: string = fileURLToPath(
  new URL('../../checkpoints/top-p-kjv.safetensors', import.meta.url),
);
