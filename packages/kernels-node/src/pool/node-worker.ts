/**
 * Worker-thread entry of the CPU backend's pool. It instantiates the kernel module on the shared memory
 * it is given and runs every posted job, replying `done` or `failed` (never throwing past the message
 * handler, so one bad job does not kill the thread).
 *
 * Loaded as `node-worker.ts` from sources (Node strips the types) and `node-worker.js` once built.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runWorkerRequest } from './run-worker-request.ts';
import { WorkerKernels } from './worker-kernels.ts';
import type { WorkerReply, WorkerRequest } from './worker-tasks.ts';

interface WorkerInit {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
}

const port = parentPort;
if (port === null) throw new Error('node-worker.ts must run in a worker thread');
const init = workerData as WorkerInit;
const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
const kernels = new WorkerKernels(init.memory, instance);

port.on('message', (request: WorkerRequest) => {
  port.postMessage(runWorkerRequest(kernels, request));
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
