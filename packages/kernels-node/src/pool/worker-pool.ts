import { Worker } from 'node:worker_threads';
import type { KernelPoolOptions } from './kernel-pool.ts';
import { type PoolThread, type PoolThreadEvents, ThreadPool } from './thread-pool.ts';
import type { WorkerReply } from './worker-tasks.ts';

/** The options of {@link WorkerPool.create} (the pool options every platform shares). */
export type WorkerPoolOptions = KernelPoolOptions;

/** Name of the worker script beside this file: `.ts` when running from sources, `.js` once built. */
function workerUrl(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./node-worker.${extension}`, import.meta.url);
}

/**
 * The Node pool: `worker_threads` over one shared `WebAssembly.Memory` (the job protocol is
 * {@link ThreadPool}'s). Workers are `unref()`ed while idle so a process that used the pool exits on its
 * own; `dispose()` terminates them.
 */
export const WorkerPool = {
  /** Starts `threads` workers and waits until each has instantiated the kernel module. */
  create(options: WorkerPoolOptions): Promise<ThreadPool> {
    return ThreadPool.create(options, (events) => spawnNodeThread(options, events));
  },
};

function spawnNodeThread(options: WorkerPoolOptions, events: PoolThreadEvents): PoolThread {
  const worker = new Worker(workerUrl(), {
    workerData: { module: options.module, memory: options.memory },
  });
  worker.unref();
  worker.on('message', (reply: WorkerReply) => events.message(reply));
  worker.on('error', (error) => events.failure(error));
  worker.on('exit', (code) => events.failure(new Error(`worker exited with code ${code}`)));
  return {
    post: (request) => worker.postMessage(request),
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: async () => {
      worker.removeAllListeners();
      await worker.terminate();
    },
  };
}
