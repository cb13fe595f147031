import type { WorkerKernels } from './worker-kernels.ts';
import type { WorkerReply, WorkerRequest } from './worker-tasks.ts';

/**
 * Runs one posted job on a thread's kernels and turns the outcome into the reply the pool waits for:
 * `done`, or `failed` with the message (never throwing past the message handler, so one bad job does not
 * kill the thread). Shared by the Node and the Web Worker thread scripts.
 */
export function runWorkerRequest(kernels: WorkerKernels, request: WorkerRequest): WorkerReply {
  try {
    kernels.run(request);
    return { type: 'done', jobId: request.jobId };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return { type: 'failed', jobId: request.jobId, message: failure.message, stack: failure.stack ?? '' };
  }
}
