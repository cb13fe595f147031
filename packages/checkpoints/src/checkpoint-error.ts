import { CorruptFileError } from '@anyk/core';

/**
 * What went wrong in a checkpoint, so callers can branch without parsing messages:
 * - `header`: the safetensors header is unreadable (too short, longer than the file, not a JSON object);
 * - `offsets`: `data_offsets` out of range, overlapping, leaving gaps, or not matching the shape;
 * - `truncated`: the file ends before the tensors it declares;
 * - `dtype`: a dtype the loader does not decode;
 * - `missing-tensor`: a tensor the architecture needs is in no file;
 * - `shape`: a tensor the architecture needs has the wrong shape;
 * - `missing-shard`: the index names a file the source does not have;
 * - `index`: `model.safetensors.index.json` contradicts the shards' headers;
 * - `config`: `config.json` is missing, unreadable, or lacks a key the architecture needs;
 * - `non-finite`: a weight is NaN or infinite.
 */
export type CheckpointProblem =
  | 'header'
  | 'offsets'
  | 'truncated'
  | 'dtype'
  | 'missing-tensor'
  | 'shape'
  | 'missing-shard'
  | 'index'
  | 'config'
  | 'non-finite';

/**
 * A checkpoint file that cannot be loaded. Names the file and, where one is involved, the tensor. A
 * `CorruptFileError` (code `corrupt-file`), so generic handlers of malformed files catch it too.
 */
export class CheckpointError extends CorruptFileError {
  /** Its own brand, so `CheckpointError.isInstance` is false for other `CorruptFileError`s. */
  static override readonly brand: symbol = Symbol.for('anyk.error.CheckpointError');
  readonly problem: CheckpointProblem;
  readonly tensor: string | undefined;

  constructor(problem: CheckpointProblem, file: string, reason: string, tensor?: string) {
    super(file, tensor === undefined ? reason : `tensor "${tensor}": ${reason}`);
    this.name = 'CheckpointError';
    this.problem = problem;
    this.tensor = tensor;
  }
}
