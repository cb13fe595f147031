import {
  BackendUnavailableError,
  type BackwardOptionsV1,
  type ExpertTensorV1,
  type FloatArray,
  type ForwardOptionsV1,
  InvalidArgumentError,
  type KernelBackendV1,
  type LayerForwardResultV1,
  type LayerGradsV1,
  type LayerInputV1,
  type MemoryReportV1,
  type MoeLayerV1,
  type MoeLayerWeightsV1,
  type RouteInputV1,
  type RouterGradsV1,
  type RouterSpecV1,
  type RoutingResultV1,
} from '@anyk/core';
import {
  LayerValidator,
  requireInteger,
  requireOneOf,
  validateBackwardInput,
  validateLayerInput,
  validateRouterSpec,
} from '@anyk/core/internal';
import type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
import { HostConnection } from './host-connection.ts';

export interface BrowserCpuBackendOptions {
  /**
   * Kernel threads (default 1; `'auto'`: `navigator.hardwareConcurrency`). More than one needs a
   * cross-origin isolated page (`crossOriginIsolated`, from the `Cross-Origin-Opener-Policy: same-origin`
   * and `Cross-Origin-Embedder-Policy: require-corp` headers): otherwise the backend runs one worker and
   * says why in `threadFallback`.
   */
  readonly threads?: number | 'auto' | undefined;
  /** Cap of the worker's WebAssembly memory (default 1 GiB); a call that needs more rejects with `UnsupportedError`. */
  readonly maxMemoryBytes?: number | undefined;
  /** As on Node: `'auto'` (default) uses relaxed-SIMD FMA where the browser validates it. */
  readonly multiplyAdd?: 'auto' | MultiplyAddMode | undefined;
  /**
   * Where the host worker script is (default: `browser-host-worker.js` beside this module, which bundlers
   * such as Vite, webpack 5 and esbuild find through `new URL(..., import.meta.url)`). Override it when the
   * app serves the package's worker files from elsewhere; the kernel workers load from beside the host.
   */
  readonly workerUrl?: string | URL | undefined;
  /** How long the worker may take to start (default 30 s) before creation rejects with `BackendUnavailableError`. */
  readonly startTimeoutMs?: number | undefined;
}

/** The browser CPU backend, plus what it adds to `KernelBackendV1`. */
export interface BrowserCpuBackend extends KernelBackendV1 {
  readonly name: 'browser-cpu';
  /** Which multiply-add the microkernels were built with. */
  readonly multiplyAdd: MultiplyAddMode;
  /** Kernel threads actually running (1 unless the page is cross-origin isolated). */
  readonly threads: number;
  /** Whether the page is cross-origin isolated, so workers can share memory (`crossOriginIsolated`). */
  readonly isolated: boolean;
  /** Why the backend runs one worker although more threads were asked for. */
  readonly threadFallback?: string | undefined;
  /**
   * Drops the worker's copy of a layer's weights (and their packed panels). Weights are posted to the
   * worker once per weights object; call this after changing a weight array **in place**, or pass a new
   * weights object. Weights objects the page no longer holds are released on their own (garbage collection).
   */
  releaseWeights(weights: MoeLayerWeightsV1<ExpertTensorV1>): void;
}

const backendName = 'browser-cpu';
const defaultMaxMemoryBytes = 1024 * 1024 * 1024;
const defaultStartTimeoutMs = 30_000;
/** The thread fallback is logged once per page (every backend still reports it in `threadFallback`). */
let warnedAboutThreads = false;

/** A minimal module using a SIMD128 instruction: `WebAssembly.validate` rejects it where SIMD is missing. */
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98,
  11,
]);

/** Test hooks of a backend (the browser fault tests): kept off the public object and the entry point. */
export const browserCpuControls = new WeakMap<
  BrowserCpuBackend,
  {
    /** Terminates the host worker, as a crash of the worker would end it. */
    terminateHostWorker(): void;
    /** Ends kernel worker `index` of a threaded backend (its job fails with `KernelError`, it is replaced). */
    crashKernelWorker(index: number): void;
  }
>();

/**
 * Creates the browser CPU backend: the Node backend's WebAssembly SIMD kernels and layer code, run in Web
 * Workers, for browsers without WebGPU. A host worker owns the kernels; with a cross-origin isolated page
 * and `threads > 1` it drives that many kernel workers over one shared memory, otherwise it runs them
 * itself. Weights are posted to the worker once per weights object. float32 arithmetic, backward supported,
 * the same conformance results as the Node backend.
 *
 * @example
 * ```ts
 * import { createBrowserCpuBackend } from '@anyk/kernels-node/browser';
 *
 * const backend = await createBrowserCpuBackend({ threads: 'auto' });
 * console.log(backend.threads, backend.threadFallback); // 1 and the reason, unless the page is isolated
 * ```
 * @throws {InvalidArgumentError} (rejects) when an option is invalid (the error names it)
 * @throws {BackendUnavailableError} (rejects) when the browser has no Web Workers or no WebAssembly SIMD, or
 *   the worker cannot start
 */
export async function createBrowserCpuBackend(
  options: BrowserCpuBackendOptions = {},
): Promise<BrowserCpuBackend> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const settings = checkedOptions(options);
  assertBrowserSupport();
  const threadFallback = threadFallbackReason(settings.threads, isolated);
  if (threadFallback !== undefined && !warnedAboutThreads) {
    warnedAboutThreads = true;
    console.warn(`@anyk/kernels-node/browser: ${threadFallback}`);
  }
  const connection = await HostConnection.open(
    startHostWorker(options.workerUrl),
    {
      type: 'init',
      threads: settings.threads,
      maxMemoryBytes: settings.maxMemoryBytes,
      multiplyAdd: settings.multiplyAdd,
      shareMemory: isolated,
    },
    settings.startTimeoutMs,
  );
  return proxyBackend(connection, isolated, threadFallback);
}

/** The options with their defaults, each checked (`InvalidArgumentError` naming the option). */
function checkedOptions(options: BrowserCpuBackendOptions) {
  const context = 'createBrowserCpuBackend';
  const threadsOption = options.threads ?? 1;
  const threads =
    threadsOption === 'auto' ? Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1) : threadsOption;
  requireInteger('threads', threads, { min: 1, max: 256 }, context);
  const maxMemoryBytes = options.maxMemoryBytes ?? defaultMaxMemoryBytes;
  requireInteger(
    'maxMemoryBytes',
    maxMemoryBytes,
    { min: 1 << 20, max: 4 * 1024 * 1024 * 1024 - 65536 },
    context,
  );
  const multiplyAdd = requireOneOf(
    'multiplyAdd',
    options.multiplyAdd ?? 'auto',
    ['auto', 'relaxed-madd', 'mul-add'] as const,
    context,
  );
  const startTimeoutMs = options.startTimeoutMs ?? defaultStartTimeoutMs;
  requireInteger('startTimeoutMs', startTimeoutMs, { min: 1 }, context);
  return { threads, maxMemoryBytes, multiplyAdd, startTimeoutMs };
}

/** Why `threads` workers cannot run on this page (undefined when they can, or when one was asked for). */
function threadFallbackReason(threads: number, isolated: boolean): string | undefined {
  if (threads <= 1 || isolated) return undefined;
  return (
    `${threads} threads were asked for, but the page is not cross-origin isolated (crossOriginIsolated is ` +
    'false), so workers cannot share memory: running one worker. Serve the page with ' +
    '"Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" to use threads.'
  );
}

/** Rejects with `BackendUnavailableError` naming what this browser lacks. */
function assertBrowserSupport(): void {
  if (typeof Worker === 'undefined') {
    throw new BackendUnavailableError(backendName, 'this environment has no Web Workers (globalThis.Worker)');
  }
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(simdProbe)) {
    throw new BackendUnavailableError(backendName, 'this engine has no WebAssembly SIMD (128-bit) support');
  }
}

/** The host worker, in the static form bundlers recognise (the `.ts` becomes `.js` in the build). */
function startHostWorker(workerUrl: string | URL | undefined): Worker {
  if (workerUrl !== undefined) return new Worker(workerUrl, { type: 'module' });
  return new Worker(new URL('./browser-host-worker.ts', import.meta.url), { type: 'module' });
}

/** The page-side backend: validates like the Node backend, then forwards each call to the host worker. */
function proxyBackend(
  connection: HostConnection,
  isolated: boolean,
  threadFallback: string | undefined,
): BrowserCpuBackend {
  const validator = new LayerValidator();
  const weightIds = new WeakMap<object, number>();
  let nextWeightsId = 1;
  const released = new FinalizationRegistry<number>((weightsId) => {
    if (!connection.lost) connection.post({ type: 'release-weights', weightsId });
  });
  const alive = (): void => {
    if (connection.lost) throw connection.lost;
  };

  /** The id the worker knows `weights` by, posting them the first time. */
  function weightsIdOf(weights: MoeLayerWeightsV1<ExpertTensorV1>): number {
    let weightsId = weightIds.get(weights);
    if (weightsId === undefined) {
      weightsId = nextWeightsId++;
      connection.post({ type: 'weights', weightsId, weights });
      weightIds.set(weights, weightsId);
      released.register(weights, weightsId, weights);
    }
    return weightsId;
  }

  const backend: BrowserCpuBackend = {
    specificationVersion: 'v1',
    name: 'browser-cpu',
    capabilities: { precision: 'float32', backward: true },
    multiplyAdd: connection.multiplyAdd,
    threads: connection.threads,
    isolated,
    ...(threadFallback === undefined ? {} : { threadFallback }),

    async route(spec: RouterSpecV1, input: RouteInputV1): Promise<RoutingResultV1> {
      alive();
      validateRouterSpec(spec);
      return (await connection.call({ method: 'route', spec, input })) as RoutingResultV1;
    },

    async routeBackward(
      spec: RouterSpecV1,
      input: RouteInputV1,
      weightCotangent: FloatArray,
    ): Promise<RouterGradsV1> {
      alive();
      validateRouterSpec(spec);
      return (await connection.call({
        method: 'routeBackward',
        spec,
        input,
        weightCotangent,
      })) as RouterGradsV1;
    },

    async forward(
      layer: MoeLayerV1<ExpertTensorV1>,
      input: LayerInputV1,
      options?: ForwardOptionsV1,
    ): Promise<LayerForwardResultV1> {
      alive();
      validator.validate(layer);
      validateLayerInput(input, layer.weights.d);
      const { weights, ...shell } = layer;
      const weightsId = weightsIdOf(weights);
      return (await connection.call({
        method: 'forward',
        layer: shell,
        weightsId,
        input,
        options,
      })) as LayerForwardResultV1;
    },

    async backward(
      layer: MoeLayerV1<ExpertTensorV1>,
      input: LayerInputV1,
      forwardResult: LayerForwardResultV1,
      gradOutput: FloatArray,
      options?: BackwardOptionsV1,
    ): Promise<LayerGradsV1> {
      alive();
      const saved = forwardResult?.saved as { kind?: unknown } | undefined;
      if (saved?.kind !== 'anyk-node-forward') {
        throw new InvalidArgumentError(
          'forward',
          `a ${backendName} forward result made with retainForBackward`,
          'none',
        );
      }
      validator.validate(layer);
      validateLayerInput(input, layer.weights.d);
      validateBackwardInput(input, forwardResult);
      const { weights, ...shell } = layer;
      const weightsId = weightsIdOf(weights);
      return (await connection.call({
        method: 'backward',
        layer: shell,
        weightsId,
        input,
        forwardResult,
        gradOutput,
        options,
      })) as LayerGradsV1;
    },

    memory(): MemoryReportV1 {
      return connection.lost ? { bytesInUse: 0, bytesPooled: 0, details: { workers: 0 } } : connection.memory;
    },

    releaseWeights(weights: MoeLayerWeightsV1<ExpertTensorV1>): void {
      alive();
      const weightsId = weightIds.get(weights);
      if (weightsId === undefined) return;
      weightIds.delete(weights);
      released.unregister(weights);
      connection.post({ type: 'release-weights', weightsId });
    },

    async dispose(): Promise<void> {
      if (connection.lost) return;
      try {
        await connection.call({ method: 'dispose' });
      } finally {
        connection.lose('it was disposed');
      }
    },
  };
  browserCpuControls.set(backend, {
    terminateHostWorker: () => connection.lose('its worker was terminated'),
    crashKernelWorker: (index) => connection.post({ type: 'crash-kernel-worker', index }),
  });
  return backend;
}
