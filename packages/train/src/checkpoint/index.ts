export {
  type CheckpointConfig,
  checkpointPaths,
  type LoadedCheckpoint,
  loadCheckpoint,
  resumeTrainer,
  saveCheckpoint,
} from './checkpoint.ts';
export { shippedCheckpointPath } from './shipped-checkpoint.ts';
