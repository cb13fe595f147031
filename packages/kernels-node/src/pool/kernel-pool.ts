import type { WorkerTask } from './worker-tasks.ts';

/**
 * What runs the kernel runtime's work items: a set of threads over one `WebAssembly.Memory` (Node's
 * `worker_threads`, a browser's Web Workers) or the calling thread itself ({@link InlinePool}). The
 * runtime hands it whole tasks; how many threads claim the items is the pool's business.
 */
export interface KernelPool {
  /** Threads taking part in a job (1 for an inline pool). */
  readonly size: number;
  /**
   * Runs one task to completion; rejects with `KernelError` (kernel = the task kind) if an item fails,
   * with `BackendLostError` once disposed. The pool stays usable after a failed job.
   */
  run(task: WorkerTask): Promise<void>;
  /**
   * Ends thread `index` as a crash would (fault tests, diagnostics): a job it takes part in rejects with
   * `KernelError` and the pool starts a replacement. A no-op on a pool without threads.
   */
  crashWorker(index: number): Promise<void>;
  /** Ends every thread. Idempotent; later jobs reject with `BackendLostError`. */
  dispose(): Promise<void>;
}

/** What a pool needs to run kernels: the memory, the compiled module, and its addresses in the memory. */
export interface KernelPoolOptions {
  readonly threads: number;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** Byte address of the Int32 item counter (one per pool, jobs are serialised; 64 bytes for sequences). */
  readonly counter: number;
  /** Byte address of each thread's scratch block (`threads` entries). */
  readonly scratch: readonly number[];
  /** The backend named in the pool's typed errors (default `'node'`). */
  readonly backendName?: string | undefined;
}

/** Starts a pool (the kernel runtime takes one, so the same runtime serves Node and browsers). */
export type KernelPoolFactory = (options: KernelPoolOptions) => Promise<KernelPool>;
