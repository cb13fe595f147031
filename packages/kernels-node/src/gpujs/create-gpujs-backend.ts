import type {
  BackwardOptionsV1,
  ExpertTensorV1,
  FloatArray,
  ForwardOptionsV1,
  KernelBackendV1,
  LayerForwardResultV1,
  LayerGradsV1,
  LayerInputV1,
  MemoryReportV1,
  MoeLayerV1,
  RouteInputV1,
  RouterGradsV1,
  RouterSpecV1,
  RoutingResultV1,
} from '@anyk/core';
import { BackendLostError, UnsupportedError } from '@anyk/core';
import {
  assertFiniteResult,
  requireInteger,
  requireObject,
  requireOneOf,
  widenLayer,
} from '@anyk/core/internal';
import { forwardGpuJs } from './gpujs-forward.ts';
import { routeGpuJs } from './gpujs-route.ts';
import { type GpuJsMode, GpuJsRuntime, gpuJsModes } from './gpujs-runtime.ts';

/** Options of `createGpuJsBackend`. */
export interface GpuJsBackendOptions {
  /**
   * The gpu.js backend: `'webasm'` (default; kernels compiled to WebAssembly with f32x4 SIMD, split over a
   * worker pool for outputs of >= 4096 cells), `'cpu'` (kernels transpiled to plain JavaScript), or
   * `'headlessgl'` (GLSL through headless-gl; needs gpu.js's optional `gl` package and a working GL
   * context, otherwise creation rejects with `BackendUnavailableError`).
   */
  readonly mode?: GpuJsMode | undefined;
  /** webasm only: caps gpu.js's worker pool (defaults to the number of cores). */
  readonly poolSize?: number | undefined;
}

/**
 * The gpu.js backend: the forward pass of every routing family (scoring, selection, weighting, capacity
 * dropping, Uni-MoE-2.0's count / window picks / joint softmax, grouped expert FFN, shared experts through
 * the same FFN kernels with their own width, and gather combine with zero / copy / constant experts) as
 * gpu.js kernels, with the expert plan built on the host by core's `buildExpertPlan`.
 *
 * It exists for **portability, not speed**: gpu.js gives one output cell per thread, no workgroup memory,
 * no atomics and float32 everywhere, so every kernel is an untiled gather; gpu.js runs at about
 * 1 GFLOP/s on its CPU modes, and a top-2 SwiGLU layer here ran at 0.3-0.8 GFLOP/s, no faster than the
 * float64 reference. webasm also compiles a new WebAssembly module whenever an array or output size
 * changes (the plan's row count varies with dynamic routing). Use `createNodeBackend` for fast CPU
 * inference and the WebGPU backend for a GPU. Arithmetic is float32 (`capabilities.precision`), arrays are limited to 2^24 elements (gpu.js
 * indexes in float32), and training is not supported: `backward`, `routeBackward` and
 * `retainForBackward` reject with `UnsupportedError`.
 *
 * Calls are serialised (one gpu.js kernel runs at a time per backend). `dispose()` destroys the gpu.js
 * instance, its kernels and its worker pool so the process can exit.
 * @throws {InvalidArgumentError} (rejects) when `mode` or `poolSize` is invalid
 * @throws {BackendUnavailableError} (rejects) when the optional peer `gpu.js` is not installed or cannot start
 */
export async function createGpuJsBackend(options: GpuJsBackendOptions = {}): Promise<KernelBackendV1> {
  requireObject('options', options, 'createGpuJsBackend');
  const mode = requireOneOf('options.mode', options.mode ?? 'webasm', gpuJsModes, 'createGpuJsBackend');
  if (options.poolSize !== undefined)
    requireInteger('options.poolSize', options.poolSize, { min: 1, max: 1024 });
  const runtime = await GpuJsRuntime.open(mode, options.poolSize);

  let disposed = false;
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `work` after every earlier call settled, so kernels never interleave. */
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    if (disposed) return Promise.reject(new BackendLostError('gpujs', 'it was disposed'));
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const noBackward = (what: string): Promise<never> =>
    Promise.reject(
      disposed
        ? new BackendLostError('gpujs', 'it was disposed')
        : new UnsupportedError(what, 'the gpu.js backend implements the forward pass only'),
    );

  return {
    specificationVersion: 'v1',
    name: 'gpujs',
    capabilities: { precision: 'float32', backward: false },
    route(spec: RouterSpecV1, input: RouteInputV1): Promise<RoutingResultV1> {
      return serialised(() => routeGpuJs(runtime, spec, input));
    },
    routeBackward(_spec: RouterSpecV1, _input: RouteInputV1, _cotangent: FloatArray): Promise<RouterGradsV1> {
      return noBackward('routeBackward');
    },
    forward(
      givenLayer: MoeLayerV1<ExpertTensorV1>,
      input: LayerInputV1,
      forwardOptions?: ForwardOptionsV1,
    ): Promise<LayerForwardResultV1> {
      const layer = widenLayer(givenLayer);
      if (forwardOptions?.retainForBackward) return noBackward('forward with retainForBackward');
      return serialised(async () => {
        const { y, routing, plan } = await forwardGpuJs(runtime, layer, input);
        assertFiniteResult(y, 'y', 'input.x');
        return { y, routing, plan };
      });
    },
    backward(
      _layer: MoeLayerV1<ExpertTensorV1>,
      _input: LayerInputV1,
      _forward: LayerForwardResultV1,
      _gradOutput: FloatArray,
      _options?: BackwardOptionsV1,
    ): Promise<LayerGradsV1> {
      return noBackward('backward');
    },
    memory(): MemoryReportV1 {
      const stats = runtime.stats();
      return {
        bytesInUse: stats.wasmBytes,
        bytesPooled: 0,
        details: {
          kernels: stats.kernels,
          kernelCalls: stats.calls,
          wasmModules: stats.wasmModules,
        },
      };
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await queue;
      await runtime.dispose();
    },
  };
}
