export { InlinePool } from './inline-pool.ts';
export type { KernelPool, KernelPoolFactory, KernelPoolOptions } from './kernel-pool.ts';
export { type PoolThread, type PoolThreadEvents, type SpawnPoolThread, ThreadPool } from './thread-pool.ts';
export { createWebWorkerPool } from './web-worker-pool.ts';
export { kBlock, panelColumns, WorkerKernels, workerScratchBytes } from './worker-kernels.ts';
export { WorkerPool, type WorkerPoolOptions } from './worker-pool.ts';
export type {
  ColumnLayout,
  Epilogue,
  GemmGroup,
  GemmTask,
  GemvGroup,
  GemvTask,
  MatrixView,
  PackGroup,
  PackTask,
  Precision,
  WorkerTask,
} from './worker-tasks.ts';
export { noAddress } from './worker-tasks.ts';
