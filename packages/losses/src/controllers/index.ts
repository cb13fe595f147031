export {
  type BiasControllerConfig,
  type BiasControllerState,
  biasControllerStep,
  createBiasControllerState,
  runBiasController,
} from './bias-pid-controller.ts';
export {
  type ChunkSchedulerConfig,
  type ChunkSchedulerState,
  chunkSchedulerStep,
  createChunkSchedulerState,
  runChunkScheduler,
} from './chunk-coefficient-scheduler.ts';
export {
  type RemoeLambdaConfig,
  type RemoeLambdaState,
  remoeLambdaUpdate,
  remoeMeanSparsity,
} from './remoe-lambda-update.ts';
export { signBiasStep } from './sign-bias-step.ts';
