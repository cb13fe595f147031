/**
 * `@anyk/checkpoints`: open and load Hugging Face MoE checkpoints (`config.json` + safetensors) from browser
 * `File`s, URLs or any byte reader, apply a calibrated router config, and read or write whole safetensors
 * files. Node folder paths are in `@anyk/checkpoints/node`; the low-level pieces behind these (architecture
 * layouts, header parsing, lazy tensor sets, half-precision decoding) in `@anyk/checkpoints/internal`, which
 * is unstable.
 */
export { supportedModelTypes } from './architectures/index.ts';
export { CheckpointError, type CheckpointProblem } from './checkpoint-error.ts';
export {
  type Checkpoint,
  type CheckpointLayer,
  type CheckpointOptions,
  type CheckpointWeights,
  loadCheckpoint,
  openCheckpoint,
} from './open-checkpoint.ts';
export {
  applyRouterConfig,
  parseRouterConfig,
  type RouterConfigLayerV1,
  type RouterConfigV1,
} from './router-config.ts';
export {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsEntry,
} from './safetensors/safetensors-file.ts';
export type { SafetensorsDtype } from './safetensors/safetensors-header.ts';
export {
  type CheckpointSource,
  type FileBytes,
  sourceFromFiles,
  sourceFromReader,
  sourceFromUrl,
} from './sources/checkpoint-source.ts';
