import { type Checkpoint, type CheckpointLayer, loadCheckpoint, openCheckpoint } from '../open-checkpoint.ts';
import { sourceFromDirectory } from './directory-source.ts';

export { sourceFromDirectory } from './directory-source.ts';

/** Opens the checkpoint folder at `path` (headers validated, nothing decoded); see `openCheckpoint`. */
export function openCheckpointFromPath(path: string): Promise<Checkpoint> {
  return openCheckpoint(sourceFromDirectory(path));
}

/** Loads every layer of the checkpoint folder at `path`; see `loadCheckpoint`. */
export function loadCheckpointFromPath(
  path: string,
): Promise<{ readonly checkpoint: Checkpoint; readonly layers: readonly CheckpointLayer[] }> {
  return loadCheckpoint(sourceFromDirectory(path));
}
