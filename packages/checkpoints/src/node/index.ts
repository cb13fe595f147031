import {
  type Checkpoint,
  type CheckpointLayer,
  type CheckpointOptions,
  type CheckpointWeights,
  loadCheckpoint,
  openCheckpoint,
} from '../open-checkpoint.ts';
import { sourceFromDirectory } from './directory-source.ts';

export { sourceFromDirectory } from './directory-source.ts';

/**
 * Opens the checkpoint folder at `path` (headers validated, nothing decoded); see `openCheckpoint` (and
 * `CheckpointOptions` for `weights: 'keep'`).
 */
export function openCheckpointFromPath<O extends CheckpointOptions | undefined = undefined>(
  path: string,
  options?: O,
): Promise<Checkpoint<CheckpointWeights<O>>> {
  return openCheckpoint(sourceFromDirectory(path), options);
}

/**
 * Loads every layer of the checkpoint folder at `path`; see `loadCheckpoint` (and `CheckpointOptions` for
 * `weights: 'keep'`, which keeps BF16 / F16 expert tensors as 16 bits).
 *
 * @throws {CheckpointError} (rejects) when a file is missing, truncated or malformed, or a tensor is missing, misshaped or non-finite (names the file and tensor)
 * @throws {UnsupportedError} (rejects) for an unknown `model_type` or tensor dtype
 * @throws {InvalidArgumentError} (rejects) for an unknown `options.weights`
 */
export function loadCheckpointFromPath<O extends CheckpointOptions | undefined = undefined>(
  path: string,
  options?: O,
): Promise<{
  readonly checkpoint: Checkpoint<CheckpointWeights<O>>;
  readonly layers: readonly CheckpointLayer<CheckpointWeights<O>>[];
}> {
  return loadCheckpoint(sourceFromDirectory(path), options);
}
