import { BackendLostError, InvalidArgumentError, KernelError } from '@anyk/core';
import type { KernelPool, KernelPoolOptions } from './kernel-pool.ts';
import { WorkerKernels } from './worker-kernels.ts';
import type { WorkerTask } from './worker-tasks.ts';

/**
 * A pool of no threads: the calling thread runs every work item itself, on a memory that need not be
 * shared. The browser CPU backend's host worker uses it when the page is not cross-origin isolated (no
 * `SharedArrayBuffer`, so no second thread can see the memory) or when one thread was asked for.
 */
export class InlinePool implements KernelPool {
  readonly size = 1;
  private readonly kernels: WorkerKernels;
  private readonly memory: WebAssembly.Memory;
  private readonly counter: number;
  private readonly scratch: number;
  private readonly backendName: string;
  private nextJobId = 1;
  private disposed = false;

  private constructor(options: KernelPoolOptions, kernels: WorkerKernels) {
    this.kernels = kernels;
    this.memory = options.memory;
    this.counter = options.counter;
    this.scratch = options.scratch[0]!;
    this.backendName = options.backendName ?? 'node';
  }

  /** Instantiates the kernel module on this thread (`threads` must be 1: one scratch block). */
  static async create(options: KernelPoolOptions): Promise<InlinePool> {
    if (options.threads !== 1) {
      throw new InvalidArgumentError(
        'threads',
        '1 (an inline pool runs on the calling thread)',
        options.threads,
      );
    }
    const instance = await WebAssembly.instantiate(options.module, { env: { memory: options.memory } });
    return new InlinePool(options, new WorkerKernels(options.memory, instance));
  }

  async run(task: WorkerTask): Promise<void> {
    if (this.disposed) throw new BackendLostError(this.backendName, 'the backend was disposed');
    new Int32Array(this.memory.buffer, this.counter, 1)[0] = 0;
    try {
      this.kernels.run({ jobId: this.nextJobId++, counter: this.counter, scratch: this.scratch, task });
    } catch (error) {
      throw new KernelError(this.backendName, task.kind, error);
    }
  }

  async crashWorker(_index: number): Promise<void> {}

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
