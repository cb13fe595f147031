export {
  type ArchitectureLayout,
  architectureLayout,
  type FfnTensorNames,
  type MoeTensorNames,
  supportedModelTypes,
} from './architectures/index.ts';
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
export { decodeHalf, decodeTensorInto } from './safetensors/decode-tensor.ts';
export { openSafetensorsSet, type SafetensorsSet } from './safetensors/open-safetensors-set.ts';
export {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsEntry,
} from './safetensors/safetensors-file.ts';
export {
  parseSafetensorsHeader,
  readHeaderLength,
  type SafetensorsDtype,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from './safetensors/safetensors-header.ts';
export {
  type CheckpointSource,
  type FileBytes,
  sourceFromFiles,
  sourceFromReader,
  sourceFromUrl,
} from './sources/checkpoint-source.ts';
