/**
 * The host worker of the browser CPU backend: a module Web Worker that owns the kernel runtime and runs
 * the same backend code as the Node backend (`createRuntimeBackend`) behind a message port. The page
 * (`createBrowserCpuBackend`) validates every call, then posts it here. When the page is cross-origin
 * isolated and asks for threads, the runtime's pool is `threads` kernel workers over one shared memory;
 * otherwise the host runs the work items itself on a plain memory (`InlinePool`). Kernels never run on the
 * page's main thread.
 */
import type {
  ExpertTensorV1,
  LayerForwardResultV1,
  LayerGradsV1,
  MoeLayerV1,
  MoeLayerWeightsV1,
} from '@anyk/core';
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
  postMessage(message: HostMessage, transfer?: Transferable[]): void;
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
    const memory = live.memory();
    scope.postMessage(
      { type: 'result', callId: call.callId, value, memory },
      ownedResultBuffers(call, value),
    );
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

/**
 * The result buffers the worker hands over instead of copying, which structured cloning copied once here
 * and once more on the page: a forward's `y` (T x d float32, 2 MiB at T = 512, d = 1024) and a backward's
 * expert weight gradients (float64, 280 MiB for d = 1024, f = 1408, E = 8). Each is allocated for this call
 * alone and kept by nothing in the worker. The routing, plan and router arrays are small, and `saved` may
 * hold arrays the worker still reads (the layer's router weights), so everything else is cloned as before.
 */
function ownedResultBuffers(call: HostCall, value: unknown): Transferable[] {
  let arrays: (Float32Array | Float64Array | undefined)[] = [];
  if (call.method === 'forward') {
    arrays = [(value as LayerForwardResultV1).y];
  } else if (call.method === 'backward') {
    const grads = value as LayerGradsV1;
    const shared = grads.shared;
    arrays = [grads.wGate, grads.wUp, grads.wDown, shared?.wGate, shared?.wUp, shared?.wDown];
  }
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) {
    const buffer = wholeBuffer(array);
    if (buffer !== undefined) buffers.add(buffer);
  }
  return [...buffers];
}

/** The plain `ArrayBuffer` that `array` spans whole (a view of a larger or shared buffer is not moved). */
function wholeBuffer(array: Float32Array | Float64Array | undefined): ArrayBuffer | undefined {
  if (array === undefined || !(array.buffer instanceof ArrayBuffer)) return undefined;
  const whole =
    array.byteOffset === 0 && array.byteLength > 0 && array.byteLength === array.buffer.byteLength;
  return whole ? array.buffer : undefined;
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
