/**
 * The host worker of the browser CPU backend: a module Web Worker that owns the kernel runtime and runs
 * the same backend code as the Node backend (`createRuntimeBackend`) behind a message port. The page
 * (`createBrowserCpuBackend`) validates every call, then posts it here. When the page is cross-origin
 * isolated and asks for threads, the runtime's pool is `threads` kernel workers over one shared memory;
 * otherwise the host runs the work items itself on a plain memory (`InlinePool`). Kernels never run on the
 * page's main thread.
 */
import type { ExpertTensorV1, MoeLayerV1, MoeLayerWeightsV1 } from '@anyk/core';
import { InvalidArgumentError } from '@anyk/core';
import { createRuntimeBackend, type RuntimeBackend } from '../node-backend/runtime-backend.ts';
import { InlinePool } from '../pool/inline-pool.ts';
import type { KernelPoolFactory } from '../pool/kernel-pool.ts';
import { createWebWorkerPool } from '../pool/web-worker-pool.ts';
import { KernelRuntime } from '../runtime/kernel-runtime.ts';
import type { HostCall, HostMessage, LayerShell, PageMessage } from './browser-cpu-messages.ts';
import { toWorkerError } from './worker-error.ts';

interface HostWorkerScope {
  onmessage: ((event: MessageEvent<PageMessage>) => void) | null;
  postMessage(message: HostMessage): void;
  close(): void;
}

const scope = globalThis as unknown as HostWorkerScope;
const backendName = 'browser-cpu';
let backend: RuntimeBackend | undefined;
let runtime: KernelRuntime | undefined;
const weightsById = new Map<number, MoeLayerWeightsV1<ExpertTensorV1>>();

/** The kernel workers, in the static form bundlers recognise (the `.ts` becomes `.js` in the build). */
function startKernelWorker(): Worker {
  return new Worker(new URL('./browser-kernel-worker.ts', import.meta.url), { type: 'module' });
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      void start(message);
      break;
    case 'weights':
      weightsById.set(message.weightsId, message.weights);
      break;
    case 'release-weights': {
      const weights = weightsById.get(message.weightsId);
      weightsById.delete(message.weightsId);
      if (weights !== undefined) backend?.releaseWeights(weights);
      break;
    }
    case 'crash-kernel-worker':
      void runtime?.pool.crashWorker(message.index);
      break;
    case 'call':
      void answer(message);
      break;
  }
};

async function start(init: Extract<PageMessage, { type: 'init' }>): Promise<void> {
  try {
    const threaded = init.shareMemory && init.threads > 1;
    const createPool: KernelPoolFactory = threaded
      ? (options) => createWebWorkerPool(options, startKernelWorker)
      : InlinePool.create;
    const created = await KernelRuntime.create({
      threads: threaded ? init.threads : 1,
      maxMemoryBytes: init.maxMemoryBytes,
      multiplyAdd: init.multiplyAdd,
      sharedMemory: threaded,
      backendName,
      createPool,
    });
    runtime = created;
    backend = createRuntimeBackend(created, { name: backendName, maxMemoryBytes: init.maxMemoryBytes });
    scope.postMessage({
      type: 'ready',
      multiplyAdd: created.multiplyAdd,
      threads: created.threads,
      memory: backend.memory(),
    });
  } catch (error) {
    scope.postMessage({ type: 'init-failed', error: toWorkerError(error) });
  }
}

async function answer(call: Extract<PageMessage, { type: 'call' }>): Promise<void> {
  const live = backend;
  try {
    if (live === undefined) throw new Error('the host worker received a call before it started');
    const value = await run(live, call);
    scope.postMessage({ type: 'result', callId: call.callId, value, memory: live.memory() });
    if (call.method === 'dispose') scope.close();
  } catch (error) {
    const memory = live?.memory() ?? { bytesInUse: 0, bytesPooled: 0 };
    scope.postMessage({ type: 'error', callId: call.callId, error: toWorkerError(error), memory });
  }
}

function run(live: RuntimeBackend, call: HostCall): Promise<unknown> {
  switch (call.method) {
    case 'route':
      return live.route(call.spec, call.input);
    case 'routeBackward':
      return live.routeBackward(call.spec, call.input, call.weightCotangent);
    case 'forward':
      return live.forward(layerOf(call.layer, call.weightsId), call.input, call.options);
    case 'backward':
      return live.backward(
        layerOf(call.layer, call.weightsId),
        call.input,
        call.forwardResult,
        call.gradOutput,
        call.options,
      );
    case 'dispose':
      return live.dispose();
  }
}

/** The layer a call names: its shell plus the weights posted earlier under `weightsId`. */
function layerOf(shell: LayerShell, weightsId: number): MoeLayerV1<ExpertTensorV1> {
  const weights = weightsById.get(weightsId);
  if (weights === undefined) {
    throw new InvalidArgumentError(
      'layer.weights',
      'weights posted to the worker before the call',
      weightsId,
    );
  }
  return { ...shell, weights };
}
