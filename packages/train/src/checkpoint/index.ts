export {
  type CheckpointConfig,
  checkpointPaths,
  type LoadedCheckpoint,
  loadCheckpoint,
  resumeTrainer,
  saveCheckpoint,
} from './checkpoint.ts';
export { decodeSafetensors, encodeSafetensors, type SafetensorsEntry } from './safetensors.ts';
export { shippedCheckpointPath } from './shipped-checkpoint.ts';
