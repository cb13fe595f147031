import {
  BackendLostError,
  type BackwardOptionsV1,
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
  assertFiniteResult,
  assertInteger,
  assertTensor,
  LayerValidator,
  routeBackwardReference,
  routeReference,
  validateBackwardInput,
  validateLayerInput,
  validateRouterSpec,
} from '@anyk/core/internal';
import type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
import { denseMatmul } from './dense-matmul.ts';
import type { DenseMatmulArgs } from './dense-matmul-args.ts';
import { KernelRuntime } from './kernel-runtime.ts';
import { layerBackward } from './layer-backward.ts';
import { layerForward, type NodeForwardSaved } from './layer-forward.ts';
import { PreparedLayerCache } from './prepared-layer-cache.ts';

export interface NodeBackendOptions {
  /** Worker threads (default: 1, or `os.availableParallelism()` when `'auto'`). */
  readonly threads?: number | 'auto' | undefined;
  /** Cap of the shared memory (default 2 GiB); a call that needs more rejects with `UnsupportedError`. */
  readonly maxMemoryBytes?: number | undefined;
  /**
   * `'auto'` (default) uses relaxed-SIMD FMA when `WebAssembly.validate` accepts it, SIMD128 `mul` + `add`
   * otherwise; forcing `'relaxed-madd'` on an engine without it rejects with `UnsupportedError`.
   */
  readonly multiplyAdd?: 'auto' | MultiplyAddMode | undefined;
}

/** The CPU backend, plus what it adds to `KernelBackendV1`. */
export interface NodeBackend extends KernelBackendV1 {
  readonly name: 'node';
  /** Which multiply-add the microkernels were built with. */
  readonly multiplyAdd: MultiplyAddMode;
  readonly threads: number;
  /**
   * Drops the packed copy of a layer's weights. Packed weights are cached by the identity of the weight
   * arrays; call this after changing a weight array **in place** (e.g. an optimiser step), or pass new
   * arrays.
   */
  releaseWeights(weights: MoeLayerWeightsV1): void;
  /**
   * A dense product `out (+)= op(a) op(b)` on the same microkernels and workers as the experts (float32
   * arithmetic), for the dense parts of a model around its MoE layers (`@anyk/train` runs its attention
   * projections and LM head here: its quick-mode training step went from 430 to 210 ms, the dense products
   * from about half of the step to a few percent). See {@link DenseMatmulArgs} for the layouts.
   */
  matmul(args: DenseMatmulArgs): Promise<void>;
}

const defaultMaxMemoryBytes = 2 * 1024 * 1024 * 1024;
/**
 * Share of `maxMemoryBytes` that idle packed layers may keep (least recently used released first); the
 * rest is the calls' working space.
 */
const preparedLayerShare = 0.5;

/**
 * Creates the fast CPU backend: WebAssembly SIMD GEMM microkernels generated at runtime, on a
 * `worker_threads` pool sharing one `WebAssembly.Memory`. float32 arithmetic (router logits in float64),
 * backward supported. Rejects with `BackendUnavailableError` when workers cannot start.
 *
 * @example
 * ```ts
 * import { createNodeBackend } from '@anyk/kernels-node';
 *
 * const backend = await createNodeBackend({ threads: 4 });
 * const y = (await backend.forward(layer, { tokens, x })).y; // the same results as the reference, faster
 * await backend.dispose();
 * ```
 * @throws {InvalidArgumentError} (rejects) when an option is invalid (the error names it)
 * @throws {BackendUnavailableError} (rejects) when its workers cannot start
 */
export async function createNodeBackend(options: NodeBackendOptions = {}): Promise<NodeBackend> {
  const { availableParallelism } = await import('node:os');
  const threadsOption = options.threads ?? 1;
  const threads = threadsOption === 'auto' ? availableParallelism() : threadsOption;
  assertInteger('threads', threads, 1, 256, 'createNodeBackend');
  const maxMemoryBytes = options.maxMemoryBytes ?? defaultMaxMemoryBytes;
  assertInteger(
    'maxMemoryBytes',
    maxMemoryBytes,
    1 << 20,
    4 * 1024 * 1024 * 1024 - 65536,
    'createNodeBackend',
  );
  const multiplyAdd = options.multiplyAdd ?? 'auto';
  if (multiplyAdd !== 'auto' && multiplyAdd !== 'relaxed-madd' && multiplyAdd !== 'mul-add') {
    throw new InvalidArgumentError(
      'multiplyAdd',
      '"auto", "relaxed-madd" or "mul-add"',
      multiplyAdd,
      'createNodeBackend',
    );
  }
  const runtime = await KernelRuntime.create({ threads, maxMemoryBytes, multiplyAdd });

  let disposed = false;
  const validator = new LayerValidator();
  const layers = new PreparedLayerCache(runtime, Math.floor(maxMemoryBytes * preparedLayerShare));
  const alive = (): void => {
    if (disposed) throw new BackendLostError('node', 'it was disposed');
  };

  const backend: NodeBackend = {
    specificationVersion: 'v1',
    name: 'node',
    capabilities: { precision: 'float32', backward: true },
    multiplyAdd: runtime.multiplyAdd,
    threads,

    async route(spec: RouterSpecV1, input: RouteInputV1): Promise<RoutingResultV1> {
      alive();
      return (await routeWithGemm(spec, input)).result;
    },

    async routeBackward(
      spec: RouterSpecV1,
      input: RouteInputV1,
      weightCotangent: FloatArray,
    ): Promise<RouterGradsV1> {
      alive();
      // The O(T E) router backward is core's reference; its x / router GEMMs are O(T E d) like the forward.
      return routeBackwardReference(routeReference(spec, input), input, { weights: weightCotangent });
    },

    async forward(
      layer: MoeLayerV1,
      input: LayerInputV1,
      forwardOptions?: ForwardOptionsV1,
    ): Promise<LayerForwardResultV1> {
      alive();
      validator.validate(layer);
      validateLayerInput(input, layer.weights.d);
      const outcome = await layers.use(layer, (layerState) =>
        layerForward(runtime, layer, layerState, input, forwardOptions?.retainForBackward === true),
      );
      assertFiniteResult(outcome.y, 'y', 'input.x');
      return { y: outcome.y, routing: outcome.trace.result, plan: outcome.plan, saved: outcome.saved };
    },

    async backward(
      layer: MoeLayerV1,
      input: LayerInputV1,
      forwardResult: LayerForwardResultV1,
      gradOutput: FloatArray,
      backwardOptions?: BackwardOptionsV1,
    ): Promise<LayerGradsV1> {
      alive();
      const saved = forwardResult?.saved as NodeForwardSaved | undefined;
      if (saved?.kind !== 'anyk-node-forward') {
        throw new InvalidArgumentError(
          'forward',
          'a node forward result made with retainForBackward',
          'none',
        );
      }
      validator.validate(layer);
      validateLayerInput(input, layer.weights.d);
      validateBackwardInput(input, forwardResult);
      const grads = await layers.use(layer, (layerState) =>
        layerBackward(runtime, layer, layerState, input, saved, gradOutput, backwardOptions ?? {}),
      );
      assertFiniteResult(grads.x, 'grads.x', 'gradOutput');
      return grads;
    },

    memory(): MemoryReportV1 {
      return {
        bytesInUse: runtime.arena.bytesInUse,
        bytesPooled: runtime.arena.bytesReserved - runtime.arena.bytesInUse,
        details: { workers: disposed ? 0 : threads, preparedLayers: layers.size },
      };
    },

    releaseWeights(weights: MoeLayerWeightsV1): void {
      alive();
      layers.release(weights);
    },

    async matmul(args: DenseMatmulArgs): Promise<void> {
      alive();
      await denseMatmul(runtime, args);
    },

    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await runtime.dispose();
    },
  };

  /** Router-only call: linear logits from x go through the f64 GEMM, everything else through core. */
  async function routeWithGemm(spec: RouterSpecV1, input: RouteInputV1) {
    validateRouterSpec(spec);
    if (
      input?.logits !== undefined ||
      input?.x === undefined ||
      spec.logits.kind !== 'linear' ||
      input.tokens === 0
    ) {
      return routeReference(spec, input);
    }
    if (input.router === undefined || input.d === undefined) return routeReference(spec, input);
    assertInteger('d', input.d, 1);
    assertInteger('tokens', input.tokens, 0);
    const total = spec.numExperts + spec.zeroComputation.length;
    assertTensor('x', input.x, [input.tokens, input.d]);
    assertTensor('router', input.router, [total, input.d]);
    const routerAddress = runtime.upload(input.router, 'f64');
    const xAddress = runtime.upload(input.x, 'f32');
    const [packed] = await runtime.pack('f64', [
      {
        source: {
          address: routerAddress,
          precision: 'f64',
          strideI: input.d,
          strideJ: 1,
          indexI: -1,
          indexJ: -1,
        },
        layout: { columns: total, interleaveHalf: 0 },
        depth: input.d,
      },
    ]);
    const logitsAddress = runtime.arena.allocate(input.tokens * total * 8);
    try {
      await runtime.gemm('f64', [
        {
          rows: input.tokens,
          depth: input.d,
          a: { address: xAddress, precision: 'f32', strideI: input.d, strideJ: 1, indexI: -1, indexJ: -1 },
          packedB: packed!.address,
          panelStrideBytes: packed!.panelStrideBytes,
          layout: packed!.layout,
          c: logitsAddress,
          cStride: total,
          accumulate: false,
          epilogue: { kind: 'none' },
        },
      ]);
      const logits = runtime.arena.f64().slice(logitsAddress / 8, logitsAddress / 8 + input.tokens * total);
      const { x: _x, router: _router, d: _d, ...rest } = input;
      return routeReference(spec, { ...rest, logits });
    } finally {
      for (const address of [routerAddress, xAddress, packed!.address, logitsAddress])
        runtime.arena.release(address);
    }
  }

  return backend;
}
