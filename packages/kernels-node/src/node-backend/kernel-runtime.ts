import type { KernelPoolFactory } from '../pool/kernel-pool.ts';
import { WorkerPool } from '../pool/worker-pool.ts';
import {
  KernelRuntime as PortableKernelRuntime,
  type KernelRuntimeOptions as PortableKernelRuntimeOptions,
} from '../runtime/kernel-runtime.ts';

export {
  type PackedMatrix,
  panelCount,
  singleWorkerStreamBytes,
  streamedWeightBytes,
  view,
} from '../runtime/kernel-runtime.ts';

/** The Node runtime's options: the pool defaults to `worker_threads` ({@link WorkerPool}). */
export type KernelRuntimeOptions = Omit<PortableKernelRuntimeOptions, 'createPool'> & {
  readonly createPool?: KernelPoolFactory | undefined;
};

/**
 * The kernel runtime on Node: the portable runtime (`runtime/kernel-runtime.ts`, shared with the browser
 * CPU backend) with a `worker_threads` pool unless another is given. It adds no members, so the instance
 * `create` resolves to is the portable runtime itself.
 */
export class KernelRuntime extends PortableKernelRuntime {
  static override create(options: KernelRuntimeOptions): Promise<KernelRuntime> {
    return PortableKernelRuntime.create({ ...options, createPool: options.createPool ?? WorkerPool.create });
  }
}
