export {
  AllocatorPpo,
  type AllocatorPpoConfig,
  type AllocatorPpoLog,
  type AllocatorPpoState,
  allocatorPpoFor,
  isAllocator,
} from './allocator-ppo.ts';
export { expertsPerLayer, type StepLog, Trainer, type TrainerState } from './trainer.ts';
export { defaultTrainingConfig, type TrainingConfig, validateTrainingConfig } from './training-config.ts';
