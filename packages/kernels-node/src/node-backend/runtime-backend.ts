import {
  BackendLostError,
  type BackwardOptionsV1,
  type ExpertTensorV1,
  type FloatArray,
  type ForwardOptionsV1,
  InvalidArgumentError,
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
  hasHalfWeights,
  LayerValidator,
  requireInteger,
  requireTensor,
  routeBackwardReference,
  routeReference,
  validateBackwardInput,
  validateLayerInput,
  validateRouterSpec,
  widenLayer,
} from '@anyk/core/internal';
import type { OrtEngine } from '../ort-engine/ort-engine.ts';
import type { KernelRuntime } from '../runtime/kernel-runtime.ts';
import { denseMatmul } from './dense-matmul.ts';
import type { DenseMatmulArgs } from './dense-matmul-args.ts';
import { uniformHalfDtype } from './half-panels.ts';
import { layerBackward } from './layer-backward.ts';
import { layerForward, type NodeForwardSaved } from './layer-forward.ts';
import { ortDenseMatmul } from './ort-dense-matmul.ts';
import { ortExpertBackward } from './ort-layer-backward.ts';
import { ortLayerForward } from './ort-layer-forward.ts';
import { type PreparedLayer, prepareLayer, releaseLayer } from './prepared-layer.ts';
import { PreparedLayerCache } from './prepared-layer-cache.ts';
import type { RuntimeBackend } from './runtime-backend-contract.ts';

export type { RuntimeBackend } from './runtime-backend-contract.ts';

/**
 * Share of `maxMemoryBytes` that idle packed layers may keep (least recently used released first); the
 * rest is the calls' working space.
 */
const preparedLayerShare = 0.5;

export interface RuntimeBackendOptions {
  /** The backend's `name` (also the one its typed errors carry). */
  readonly name: string;
  readonly maxMemoryBytes: number;
  /** onnxruntime-node driving the products (Node only), or none for the WebAssembly microkernels. */
  readonly ort?: OrtEngine | undefined;
}

/**
 * The backend contract over a kernel runtime: validation, routing, the layer forward and backward and
 * the packed-weight cache. The Node backend is this plus its engine choice; the browser CPU backend's host
 * worker runs exactly this behind its message port. `dispose()` disposes the runtime (and the engine).
 */
export function createRuntimeBackend(runtime: KernelRuntime, options: RuntimeBackendOptions): RuntimeBackend {
  const { name, ort } = options;
  const threads = runtime.threads;
  let disposed = false;
  const validator = new LayerValidator();
  // With the onnxruntime engine the sessions hold the expert weights; the cache keeps the router (its
  // float64 backward products) and the banks' sizes.
  const layers = new PreparedLayerCache(
    runtime,
    Math.floor(options.maxMemoryBytes * preparedLayerShare),
    ort === undefined,
  );
  const alive = (): void => {
    if (disposed) throw new BackendLostError(name, 'it was disposed');
  };

  const backend: RuntimeBackend = {
    specificationVersion: 'v1',
    name,
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
      givenLayer: MoeLayerV1<ExpertTensorV1>,
      input: LayerInputV1,
      forwardOptions?: ForwardOptionsV1,
    ): Promise<LayerForwardResultV1> {
      alive();
      validator.validate(givenLayer);
      const layer = keptLayer(givenLayer);
      validateLayerInput(input, layer.weights.d);
      const retain = forwardOptions?.retainForBackward === true;
      // The onnxruntime sessions take float32 weights: a 16-bit layer is widened once (cached) for them.
      const outcome = ort
        ? await ortLayerForward(ort, runtime, widenLayer(givenLayer), input, retain)
        : await layers.use(layer, (layerState) => layerForward(runtime, layer, layerState, input, retain));
      assertFiniteResult(outcome.y, 'y', 'input.x');
      return { y: outcome.y, routing: outcome.trace.result, plan: outcome.plan, saved: outcome.saved };
    },

    async backward(
      givenLayer: MoeLayerV1<ExpertTensorV1>,
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
          `a ${name} forward result made with retainForBackward`,
          'none',
        );
      }
      validator.validate(givenLayer);
      validateLayerInput(input, givenLayer.weights.d);
      validateBackwardInput(input, forwardResult);
      const run = (layer: MoeLayerV1, layerState: PreparedLayer) =>
        layerBackward(
          runtime,
          layer,
          layerState,
          input,
          saved,
          gradOutput,
          backwardOptions ?? {},
          ort && ortExpertBackward(ort, layer, input, gradOutput),
        );
      let grads: LayerGradsV1;
      if (ort !== undefined || uniformHalfDtype(givenLayer.weights) === undefined) {
        const layer = widenLayer(givenLayer);
        grads = await layers.use(layer, (layerState) => run(layer, layerState));
      } else {
        // 16-bit weights are kept as 16-bit panels only; the backward's transposed products need float32
        // rows, so it prepares a float32 copy for this call and releases it (training on 16-bit weights
        // is not what they are for: inference checkpoints are).
        const layer = widenLayer(givenLayer, { cache: false });
        const layerState = await prepareLayer(runtime, layer);
        try {
          grads = await run(layer, layerState);
        } finally {
          releaseLayer(runtime, layerState);
        }
      }
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

    releaseWeights(weights: MoeLayerWeightsV1<ExpertTensorV1>): void {
      alive();
      layers.release(weights);
      // The sessions hold float32 weights: a 16-bit layer's are keyed by its (cached) widened copy.
      if (ort) {
        const float = hasHalfWeights(weights)
          ? widenLayer({ weights } as MoeLayerV1<ExpertTensorV1>).weights
          : (weights as MoeLayerWeightsV1);
        void ort.release(float);
      }
    },

    async matmul(args: DenseMatmulArgs): Promise<void> {
      alive();
      await (ort ? ortDenseMatmul(ort, args) : denseMatmul(runtime, args));
    },

    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await ort?.dispose();
      await runtime.dispose();
    },
  };

  /**
   * The layer the forward computes on: as given when its expert tensors are all 16-bit of one dtype (kept
   * as 16-bit panels), else with any 16-bit tensor widened once (core's cached `widenLayer`).
   */
  function keptLayer(layer: MoeLayerV1<ExpertTensorV1>): MoeLayerV1<ExpertTensorV1> {
    return uniformHalfDtype(layer.weights) === undefined ? widenLayer(layer) : layer;
  }

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
    requireInteger('d', input.d, { min: 1 });
    requireInteger('tokens', input.tokens, { min: 0 });
    const total = spec.numExperts + spec.zeroComputation.length;
    requireTensor('x', input.x, [input.tokens, input.d]);
    requireTensor('router', input.router, [total, input.d]);
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
