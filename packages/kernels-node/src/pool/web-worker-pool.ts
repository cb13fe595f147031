import type { KernelPoolOptions } from './kernel-pool.ts';
import { type PoolThread, type PoolThreadEvents, ThreadPool } from './thread-pool.ts';
import type { WorkerReply } from './worker-tasks.ts';

/** How long a Web Worker may take to load its script and instantiate the kernels before the pool gives up. */
export const webWorkerStartTimeoutMs = 30_000;

/**
 * The browser pool: Web Workers over one shared `WebAssembly.Memory` (which needs a cross-origin isolated
 * page), with {@link ThreadPool}'s job protocol. `startWorker` starts the kernel worker script
 * (`browser-kernel-worker`), a module worker that is sent `{ module, memory }` first; the caller writes
 * the `new Worker(new URL('./x', import.meta.url))` form so bundlers see the script.
 */
export function createWebWorkerPool(
  options: KernelPoolOptions,
  startWorker: () => Worker,
): Promise<ThreadPool> {
  return ThreadPool.create(
    options,
    (events) => spawnWebThread(options, startWorker, events),
    webWorkerStartTimeoutMs,
  );
}

function spawnWebThread(
  options: KernelPoolOptions,
  startWorker: () => Worker,
  events: PoolThreadEvents,
): PoolThread {
  const worker = startWorker();
  worker.onmessage = (event: MessageEvent<WorkerReply>) => events.message(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    events.failure(new Error(`kernel worker error: ${event.message || 'the script failed to load'}`));
  };
  worker.onmessageerror = () => events.failure(new Error('kernel worker message could not be deserialised'));
  worker.postMessage({ module: options.module, memory: options.memory });
  return {
    post: (request) => worker.postMessage(request),
    hold: () => undefined,
    terminate: async () => {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    },
  };
}
