import { type Checkpoint, type CheckpointLayer, loadCheckpoint, openCheckpoint } from '../open-checkpoint.ts';
import { sourceFromDirectory } from './directory-source.ts';

export { sourceFromDirectory } from './directory-source.ts';

/** Opens the checkpoint folder at `path` (headers validated, nothing decoded); see `openCheckpoint`. */
export function openCheckpointFromPath(path: string): Promise<Checkpoint> {
  return openCheckpoint(sourceFromDirectory(path));
}

/**
 * Loads every layer of the checkpoint folder at `path`; see `loadCheckpoint`.
 *
 * @throws {CheckpointError} (rejects) when a file is missing, truncated or malformed, or a tensor is missing, misshaped or non-finite (names the file and tensor)
 * @throws {UnsupportedError} (rejects) for an unknown `model_type` or tensor dtype
 */
export function loadCheckpointFromPath(
  path: string,
): Promise<{ readonly checkpoint: Checkpoint; readonly layers: readonly CheckpointLayer[] }> {
  return loadCheckpoint(sourceFromDirectory(path));
}
