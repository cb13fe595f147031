/**
 * A kernel thread of the browser CPU backend (a module Web Worker started by the host worker when the page
 * is cross-origin isolated): the browser twin of `pool/node-worker.ts`. The first message is
 * `{ module, memory }`; it instantiates the kernels on that shared memory, replies `ready`, then runs every
 * posted job and replies `done` or `failed`.
 */
import { runWorkerRequest } from '../pool/run-worker-request.ts';
import { WorkerKernels } from '../pool/worker-kernels.ts';
import type { WorkerReply, WorkerRequest } from '../pool/worker-tasks.ts';

interface KernelWorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = globalThis as unknown as KernelWorkerScope;
let kernels: WorkerKernels | undefined;

scope.onmessage = (event: MessageEvent) => {
  if (kernels === undefined) {
    const init = event.data as { module: WebAssembly.Module; memory: WebAssembly.Memory };
    const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
    kernels = new WorkerKernels(init.memory, instance);
    scope.postMessage({ type: 'ready' });
    return;
  }
  scope.postMessage(runWorkerRequest(kernels, event.data as WorkerRequest));
};
