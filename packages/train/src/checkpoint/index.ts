export {
  type CheckpointConfig,
  checkpointPaths,
  checkpointVersion,
  type LoadedCheckpoint,
  loadCheckpoint,
  resumeTrainer,
  saveCheckpoint,
} from './checkpoint.ts';
export { shippedCheckpointPath } from './shipped-checkpoint.ts';
