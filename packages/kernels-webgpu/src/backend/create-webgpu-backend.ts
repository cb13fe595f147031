import {
  AnykError,
  assertTensor,
  type BackwardOptionsV1,
  BackendLostError,
  BackendUnavailableError,
  type BackendCapabilitiesV1,
  type ExpertPlanV1,
  type FloatArray,
  type ForwardOptionsV1,
  InvalidArgumentError,
  KernelError,
  LayerValidator,
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
  type RoutingTrace,
  layerRouteInput,
  routeBackwardReference,
  routeReference,
  totalExperts,
  UnsupportedError,
  validateRouterSpec,
  zeroExpertsBackward,
} from '@anyk/core';
import { BufferPool } from '../gpu/buffer-pool.ts';
import {
  type CallCounters,
  CommandRecorder,
  itemGrid,
  type ReadbackRequest,
} from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { WeightCache } from '../gpu/weight-cache.ts';
import type { ExpertFfnPath } from '../kernels/expert-ffn-path.ts';
import { type GemmTiling, gemmTilings } from '../kernels/gemm-tiles.ts';
import { itemWorkgroupSize } from '../kernels/params.wgsl.ts';
import { encodeLayer, type LayerDeviceWeights } from '../layer/encode-layer.ts';
import { encodeLayerBackward } from '../layer/encode-layer-backward.ts';
import { encodeRouting, type RoutingBuffers } from '../layer/encode-routing.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { validateRouteInput, validateRouterExtras } from '@anyk/core';

/** Largest `numExperts + Z` the routing kernel accepts (it keeps per-token arrays of that size in registers). */
export const maxCandidates = 1024;

/** Optional features requested when the adapter has them (never required: SwiftShader lacks `shader-f16`). */
export const optionalFeatures = ['subgroups', 'timestamp-query', 'shader-f16'] as const;

export interface WebGpuBackendOptions {
  /** Share the app's device (not destroyed by `dispose()`); takes precedence over `adapter` and `gpu`. */
  readonly device?: GPUDevice | undefined;
  /** An adapter to open a device on. */
  readonly adapter?: GPUAdapter | undefined;
  /** A `navigator.gpu`-like object, e.g. `create([])` from the `webgpu` package in Node. */
  readonly gpu?: GPU | undefined;
  readonly powerPreference?: GPUPowerPreference | undefined;
  /**
   * Forces the grouped GEMMs' tiling, one of `gemmTilings`, for every batch on the GEMM path (tuning on a
   * given GPU: `measureWebGpuLayer` and `measureDenseGemm` compare them). Default: `pickGemmTiling` by shape.
   */
  readonly tiling?: GemmTiling | undefined;
}

/** The kernels that computed a layer's expert FFN (see `pickExpertFfnPath`). */
export type ExpertFfnKind = ExpertFfnPath['kind'];

/** The kinds of calls that put work on the device. */
export type WebGpuCallKind = 'forward' | 'route' | 'backward';

/** What one call put on the device, beyond the counters. */
export interface WebGpuCallInfo {
  readonly kind: WebGpuCallKind;
  readonly tokens: number;
  /** The kernels dispatched, in order. */
  readonly kernels: readonly string[];
  /**
   * Which expert FFN ran: `'gemv'` (grouped GEMVs, decode batches of at most `gemvMaxTokens` tokens) or
   * `'grouped-gemm'`; undefined for `route` and `backward`.
   */
  readonly expertFfn: ExpertFfnKind | undefined;
}

/** What the last call (and all calls) put on the device: the instrumentation tests and benches read. */
export interface WebGpuStats {
  /** Counters of the most recent `forward`, `route` or `backward`, or undefined before the first. */
  readonly lastCall: (CallCounters & WebGpuCallInfo) | undefined;
  /** Totals over the backend's life. */
  readonly total: CallCounters & { readonly calls: number };
  /** Compiled pipelines in the cache. */
  readonly pipelines: number;
}

/** The WebGPU backend: `KernelBackendV1` plus its device, features and counters. */
export interface WebGpuBackend extends KernelBackendV1 {
  readonly name: 'webgpu';
  readonly device: GPUDevice;
  /** The optional features the device was opened with. */
  readonly features: readonly string[];
  stats(): WebGpuStats;
  /**
   * Destroys the device copy of a layer's weights. `forward` keeps each weights object's tensors on the
   * device (keyed by the object, per core's immutability contract), so call this after changing a weight
   * array **in place** (or pass a new weights object), or to free device memory of a layer no longer used.
   * Collected weights objects are freed on their own; `dispose()` frees all (afterwards this is a no-op).
   */
  releaseWeights(weights: MoeLayerWeightsV1): void;
}

/**
 * Creates the WebGPU backend. In a browser with no options it uses `navigator.gpu`; in Node pass the
 * `webgpu` package's GPU object (`gpu: create([])`) or your own `device`. Rejects with
 * `BackendUnavailableError` when there is no WebGPU or no adapter (never a silent fallback).
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  checkTiling(options.tiling);
  let device = options.device;
  const ownsDevice = device === undefined;
  // Dawn in Node tears the device down when its GPU object is garbage-collected (and may crash), so the
  // backend keeps the objects it was created from reachable for its whole life.
  const keepAlive: unknown[] = [options.gpu, options.adapter];
  if (!device) {
    let adapter = options.adapter;
    if (!adapter) {
      const gpu = options.gpu ?? (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
      keepAlive.push(gpu);
      if (!gpu) {
        throw new BackendUnavailableError(
          'webgpu',
          'no WebGPU implementation: pass `gpu` (e.g. `create([])` from the `webgpu` package) or `device`',
        );
      }
      adapter =
        (await gpu.requestAdapter(
          options.powerPreference ? { powerPreference: options.powerPreference } : undefined,
        )) ?? undefined;
      if (!adapter) throw new BackendUnavailableError('webgpu', 'requestAdapter() returned null');
      keepAlive.push(adapter);
    }
    const features = optionalFeatures.filter((feature) => adapter.features.has(feature));
    const limits = adapter.limits;
    try {
      device = await adapter.requestDevice({
        requiredFeatures: features,
        requiredLimits: {
          maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
          maxBufferSize: limits.maxBufferSize,
          maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
        },
      });
    } catch (error) {
      throw new BackendUnavailableError('webgpu', `requestDevice() failed: ${String(error)}`, {
        cause: error,
      });
    }
  }
  return new WebGpuBackendImpl(device, ownsDevice, keepAlive, options.tiling);
}

class WebGpuBackendImpl implements WebGpuBackend {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'webgpu' as const;
  readonly capabilities: BackendCapabilitiesV1 = { precision: 'float32', backward: true };
  readonly device: GPUDevice;
  readonly features: readonly string[];
  readonly #ownsDevice: boolean;
  /** The GPU / adapter objects this backend came from, kept reachable until `dispose()`. */
  readonly #keepAlive: unknown[];
  readonly #pool: BufferPool;
  readonly #kernels: KernelCache;
  readonly #weights: WeightCache;
  /** Scans a weights object for non-finite values once, like the weight cache uploads it once. */
  readonly #validator: LayerValidator;
  #lostReason: string | undefined;
  #lastCall: WebGpuStats['lastCall'];
  readonly #total = {
    calls: 0,
    dispatches: 0,
    indirectDispatches: 0,
    readbacksInsideLayer: 0,
    finalReadbacks: 0,
    submits: 0,
    bytesUploaded: 0,
    weightBytesUploaded: 0,
    bindGroupsCreated: 0,
  };

  /** `options.tiling`: the grouped GEMMs' forced tiling, or undefined to pick by shape. */
  readonly #tiling: GemmTiling | undefined;

  constructor(device: GPUDevice, ownsDevice: boolean, keepAlive: unknown[], tiling: GemmTiling | undefined) {
    this.device = device;
    this.#tiling = tiling;
    this.#ownsDevice = ownsDevice;
    this.#keepAlive = keepAlive;
    this.features = [...device.features].filter((feature) =>
      (optionalFeatures as readonly string[]).includes(feature),
    );
    this.#pool = new BufferPool(device);
    this.#kernels = new KernelCache(device);
    this.#weights = new WeightCache(device);
    this.#validator = new LayerValidator();
    void device.lost.then((info) => {
      this.#lostReason ??= `device lost (${info.reason}): ${info.message}`;
    });
  }

  async route(spec: RouterSpecV1, input: RouteInputV1): Promise<RoutingResultV1> {
    this.#assertAlive();
    const { kMax, totalExperts: total } = validateRouterSpec(spec);
    checkSupported(spec, total);
    validateRouteInput(spec, input, total);
    const tokens = input.tokens;
    if (tokens === 0) return emptyRouting(kMax);
    return this.#run('route', tokens, async (recorder) => {
      const source =
        input.logits !== undefined
          ? ({ kind: 'logits', logits: input.logits } as const)
          : ({
              kind: 'router',
              x: recorder.upload(input.x as ArrayLike<number>, 'f32'),
              router: recorder.upload(input.router as ArrayLike<number>, 'f32'),
              d: input.d as number,
            } as const);
      const routing = encodeRouting(recorder, {
        spec,
        kMax,
        tokens,
        source,
        prevLogits: input.prevLogits,
        gateMap: input.gateMap,
        params: input.params,
        k: input.k,
      });
      const results = await recorder.readback(routingReadback(routing, tokens, total, kMax));
      return routingFromReadback(results, tokens, kMax);
    });
  }

  /**
   * The router-only backward is O(T E) (plus the `x W^T` products when x is given): it runs on the host with
   * core's float64 reference, as on the node backend, over the routing the reference makes of `input`.
   */
  async routeBackward(
    spec: RouterSpecV1,
    input: RouteInputV1,
    weightCotangent: FloatArray,
  ): Promise<RouterGradsV1> {
    this.#assertAlive();
    return routeBackwardReference(routeReference(spec, input), input, { weights: weightCotangent });
  }

  async forward(
    layer: MoeLayerV1,
    input: LayerInputV1,
    options?: ForwardOptionsV1,
  ): Promise<LayerForwardResultV1> {
    this.#assertAlive();
    this.#validator.validate(layer);
    const spec = layer.spec;
    const { kMax, totalExperts: total } = validateRouterSpec(spec);
    checkSupported(spec, total);
    const { d } = layer.weights;
    if (input === null || typeof input !== 'object') {
      throw new AnykError('invalid-argument', `input must be an object, got ${String(input)}`);
    }
    validateRouterExtras(
      spec,
      {
        tokens: input.tokens,
        prevLogits: input.prevLogits,
        gateMap: input.prevLogits !== undefined ? layer.gateMap : undefined,
        k: input.k,
        params: layer.params,
      },
      total,
    );
    assertTensor('x', input.x, [input.tokens, d]);
    const tokens = input.tokens;
    const experts = spec.numExperts;
    // A forward kept for `backward` routes on the host with core's float64 routing rules, so the backward
    // differentiates exactly the routing that ran: from the device's router logits (read back once inside
    // the layer) for linear logits; for DynMoE's cosine logits, and for an empty batch, entirely on the host
    // (`x W^T` in JS). Plan, expert FFN and combine run on the device as always.
    const retain = options?.retainForBackward === true;
    let routeInput: RouteInputV1 | undefined =
      retain && (tokens === 0 || spec.logits.kind === 'cosine') ? layerRouteInput(layer, input) : undefined;
    let trace = routeInput ? routeReference(spec, routeInput) : undefined;
    if (tokens === 0) {
      const plan = emptyPlan(experts);
      return {
        y: new Float32Array(0),
        routing: trace?.result ?? emptyRouting(kMax),
        plan,
        saved: trace && routeInput ? savedForward(trace, routeInput, plan) : undefined,
      };
    }
    // Router params and gateMap are per call (they change every training step) and go up with the
    // activations inside encodeLayer; the weights stay resident.
    return this.#runWithWeights('forward', tokens, layer.weights, async (recorder, resident) => {
      const x = recorder.upload(input.x, 'f32');
      if (retain && !trace) {
        const logits = recorder.storage(tokens * total);
        recorder.dispatch(
          kernelSources.routerLogits(d, total),
          [recorder.uniform({ tokens }), x, resident.router, logits],
          itemGrid(tokens * total, itemWorkgroupSize),
        );
        const [raw] = await recorder.readbackInsideLayer([
          { buffer: logits, elements: tokens * total, kind: 'f32' },
        ]);
        const { x: _x, router: _router, d: _d, ...extras } = layerRouteInput(layer, input);
        routeInput = { ...extras, logits: raw as Float32Array };
        trace = routeReference(spec, routeInput);
      }
      const buffers = encodeLayer(recorder, {
        spec,
        kMax,
        tokens,
        x,
        weights: resident,
        params: layer.params,
        prevLogits: input.prevLogits,
        gateMap: input.prevLogits !== undefined ? layer.gateMap : undefined,
        k: input.k,
        expertInputScale: layer.expertInputScale ?? 1,
        hostSlots: trace?.result,
        tiling: this.#tiling,
      });
      const requests: ReadbackRequest[] = [
        ...(buffers.routing ? routingReadback(buffers.routing, tokens, total, kMax) : []),
        { buffer: buffers.y, elements: tokens * d, kind: 'f32' },
        { buffer: buffers.planMeta, elements: experts + 1, kind: 'i32' },
        { buffer: buffers.rowToken, elements: buffers.rowCapacity, kind: 'i32' },
        { buffer: buffers.rowSlot, elements: buffers.rowCapacity, kind: 'i32' },
        { buffer: buffers.slotRow, elements: tokens * kMax, kind: 'i32' },
      ];
      const results = await recorder.readback(requests);
      const routingResults = buffers.routing ? results.splice(0, 5) : [];
      const [y, expertOffset, rowToken, rowSlot, slotRow] = results;
      const rows = (expertOffset as Int32Array)[experts] as number;
      const plan: ExpertPlanV1 = {
        numExperts: experts,
        expertOffset: expertOffset as Int32Array,
        rowToken: (rowToken as Int32Array).slice(0, rows),
        rowSlot: (rowSlot as Int32Array).slice(0, rows),
        slotRow: slotRow as Int32Array,
      };
      if (trace && routeInput) {
        return {
          y: y as Float32Array,
          routing: trace.result,
          plan,
          saved: savedForward(trace, routeInput, plan),
        };
      }
      return { y: y as Float32Array, routing: routingFromReadback(routingResults, tokens, kMax), plan };
    });
  }

  /**
   * Gradients of `sum(y * gradOutput)` (plus `options`' extra logits / scores gradients) for a forward made
   * with `retainForBackward`. The real experts' FFN backward runs on the device (`encodeLayerBackward`: 7
   * dispatches, a token's rows summed there too), then the host does the zero-computation experts' terms
   * and the O(T E) router backward with core's shared code, float64; with linear logits the router GEMM's
   * two products (`dZ W_router`, `dZ^T x`) run on the device after it (2 dispatches, so the experts' results
   * are read back once inside the call); with DynMoE's cosine logits they stay on the host.
   */
  async backward(
    layer: MoeLayerV1,
    input: LayerInputV1,
    forward: LayerForwardResultV1,
    gradOutput: FloatArray,
    options: BackwardOptionsV1 = {},
  ): Promise<LayerGradsV1> {
    this.#assertAlive();
    const saved = (forward as LayerForwardResultV1 | undefined)?.saved as WebGpuForwardSaved | undefined;
    if (saved?.kind !== 'anyk-webgpu-forward') {
      throw new InvalidArgumentError(
        'forward',
        'a webgpu forward result made with retainForBackward',
        'none',
      );
    }
    this.#validator.validate(layer);
    const spec = layer.spec;
    checkSupported(spec, totalExperts(spec));
    const { d, f } = layer.weights;
    const tokens = saved.trace.tokens;
    if (input === null || typeof input !== 'object' || input.tokens !== tokens) {
      throw new InvalidArgumentError('input.tokens', `the forward's ${tokens}`, input?.tokens);
    }
    assertTensor('x', input.x, [tokens, d]);
    assertTensor('gradOutput', gradOutput, [tokens, d]);
    const { trace, plan } = saved;
    const experts = spec.numExperts;
    const total = totalExperts(spec);
    const scale = layer.expertInputScale ?? 1;
    const gated = layer.weights.expert.kind === 'swiglu';
    const weightsGrad = new Float64Array(tokens * total);
    const expertInputGrad = new Float64Array(tokens * d);
    const wGateGrad = gated ? new Float64Array(experts * f * d) : undefined;
    const wUpGrad = new Float64Array(experts * f * d);
    const wDownGrad = new Float64Array(experts * d * f);
    const rows = plan.expertOffset[experts] as number;
    // Linear logits came from the device in the kept forward: the router GEMM's backward runs there too.
    const deviceRouter = saved.routeInput.logits !== undefined;
    let routerGrads: RouterGradsV1 | undefined;
    let routerInputGrad: Float32Array | undefined;
    let routerMatrixGrad: Float32Array | undefined;
    let constants: LayerGradsV1['constants'];
    const hostParts = (): void => {
      constants = zeroExpertsBackward({
        layer,
        slots: trace.result,
        x: input.x,
        scale,
        gradOutput,
        into: { weights: weightsGrad, expertInput: expertInputGrad },
      });
      routerGrads = routeBackwardReference(trace, saved.routeInput, {
        weights: weightsGrad,
        logits: options.logitsGrad,
        scores: options.scoresGrad,
      });
    };
    if (rows > 0 || deviceRouter) {
      await this.#runWithWeights('backward', tokens, layer.weights, async (recorder, resident) => {
        const x = recorder.upload(input.x, 'f32');
        if (rows > 0) {
          const { kMax, slotExpert, slotWeight } = trace.result;
          const rowWeight = new Float32Array(rows);
          for (let row = 0; row < rows; row++) {
            rowWeight[row] = slotWeight[plan.rowSlot[row] as number] as number;
          }
          const buffers = encodeLayerBackward(recorder, {
            weights: resident,
            plan,
            tokens,
            x,
            gradOutput: recorder.upload(gradOutput, 'f32'),
            rowWeight,
            slotExpert,
            kMax,
            expertInputScale: scale,
          });
          const requests: ReadbackRequest[] = [
            { buffer: buffers.inputGrad, elements: tokens * d, kind: 'f32' },
            { buffer: buffers.rowWeightGrad, elements: rows, kind: 'f32' },
            { buffer: buffers.wInGrad, elements: experts * buffers.inRows * d, kind: 'f32' },
            { buffer: buffers.wDownGrad, elements: experts * d * f, kind: 'f32' },
          ];
          // With the router on the device this is not yet the result: its gradient needs these values.
          const [inputGrad, rowWeightGrad, wInGrad, wDown] = (await (deviceRouter
            ? recorder.readbackInsideLayer(requests)
            : recorder.readback(requests))) as Float32Array[];
          expertInputGrad.set(inputGrad!);
          for (let row = 0; row < rows; row++) {
            const slot = plan.rowSlot[row] as number;
            const token = Math.floor(slot / kMax);
            weightsGrad[token * total + (slotExpert[slot] as number)] = rowWeightGrad![row] as number;
          }
          // W_in's gradient is [E, inRows, d]: gate rows then up rows of each expert for SwiGLU.
          for (let expert = 0; expert < experts; expert++) {
            const base = expert * buffers.inRows * d;
            if (wGateGrad) {
              wGateGrad.set(wInGrad!.subarray(base, base + f * d), expert * f * d);
              wUpGrad.set(wInGrad!.subarray(base + f * d, base + 2 * f * d), expert * f * d);
            } else {
              wUpGrad.set(wInGrad!.subarray(base, base + f * d), expert * f * d);
            }
          }
          wDownGrad.set(wDown!);
        }
        hostParts();
        if (deviceRouter) {
          // dx = dZ W_router and dW_router = dZ^T x, dZ the raw logits' gradient from the host.
          const dZ = recorder.upload((routerGrads as RouterGradsV1).logits, 'f32');
          const uniform = recorder.uniform({ tokens });
          const inputGrad = recorder.storage(tokens * d);
          const matrixGrad = recorder.storage(total * d);
          recorder.dispatch(
            kernelSources.routerBackward('input', d, total),
            [uniform, dZ, resident.router, inputGrad],
            itemGrid(tokens * d, itemWorkgroupSize),
          );
          recorder.dispatch(
            kernelSources.routerBackward('weights', d, total),
            [uniform, dZ, x, matrixGrad],
            itemGrid(total * d, itemWorkgroupSize),
          );
          [routerInputGrad, routerMatrixGrad] = (await recorder.readback([
            { buffer: inputGrad, elements: tokens * d, kind: 'f32' },
            { buffer: matrixGrad, elements: total * d, kind: 'f32' },
          ])) as Float32Array[];
        }
      });
    } else {
      hostParts();
    }
    const grads = routerGrads as RouterGradsV1;
    const xGrad = grads.x ?? Float64Array.from(routerInputGrad ?? new Float32Array(tokens * d));
    for (let index = 0; index < tokens * d; index++) {
      xGrad[index] = (xGrad[index] as number) + scale * (expertInputGrad[index] as number);
    }
    return {
      ...grads,
      x: xGrad,
      router:
        grads.router ??
        (routerMatrixGrad
          ? Float64Array.from(routerMatrixGrad)
          : new Float64Array(layer.weights.router.length)),
      wGate: wGateGrad,
      wUp: wUpGrad,
      wDown: wDownGrad,
      constants,
    };
  }

  /** `bytesInUse` counts the resident weights (held until released) plus buffers of a call in flight. */
  memory(): MemoryReportV1 {
    return {
      bytesInUse: this.#pool.bytesInUse + this.#weights.bytes,
      bytesPooled: this.#pool.bytesPooled,
      details: {
        buffersCreated: this.#pool.buffersCreated,
        pipelines: this.#kernels.size,
        residentWeightBytes: this.#weights.bytes,
        residentLayers: this.#weights.size,
      },
    };
  }

  releaseWeights(weights: MoeLayerWeightsV1): void {
    this.#weights.release(weights);
  }

  stats(): WebGpuStats {
    return { lastCall: this.#lastCall, total: { ...this.#total }, pipelines: this.#kernels.size };
  }

  async dispose(): Promise<void> {
    if (this.#lostReason === 'disposed') return;
    this.#lostReason = 'disposed';
    this.#pool.clear();
    this.#weights.clear();
    if (this.#ownsDevice) this.device.destroy();
    this.#keepAlive.length = 0;
  }

  #assertAlive(): void {
    if (this.#lostReason !== undefined) throw new BackendLostError('webgpu', this.#lostReason);
  }

  /**
   * `#run` with `weights` resident on the device (uploaded on first use, counted in the call's bytes). A
   * failed call that created the device copy (e.g. out of memory) drops it again, so no half-usable copy
   * stays behind.
   */
  async #runWithWeights<Result>(
    kind: WebGpuCallKind,
    tokens: number,
    weights: MoeLayerWeightsV1,
    body: (recorder: CommandRecorder, resident: LayerDeviceWeights) => Promise<Result>,
  ): Promise<Result> {
    let created = false;
    try {
      return await this.#run(kind, tokens, async (recorder) => {
        const resident = this.#weights.acquire(weights);
        recorder.countWeightUpload(resident.uploadedBytes);
        created = resident.created;
        return body(recorder, resident.device);
      });
    } catch (error) {
      if (created) this.#weights.release(weights);
      throw error;
    }
  }

  async #run<Result>(
    kind: WebGpuCallKind,
    tokens: number,
    body: (recorder: CommandRecorder) => Promise<Result>,
  ): Promise<Result> {
    const device = this.device;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    const recorder = new CommandRecorder(device, this.#pool, this.#kernels);
    let result: Result;
    try {
      result = await body(recorder);
    } catch (error) {
      await device.popErrorScope().catch(() => null);
      await device.popErrorScope().catch(() => null);
      if (this.#lostReason !== undefined)
        throw new BackendLostError('webgpu', this.#lostReason, { cause: error });
      throw error;
    } finally {
      recorder.release();
      this.#record(kind, tokens, recorder);
    }
    const validation = await device.popErrorScope();
    const memory = await device.popErrorScope();
    const error = validation ?? memory;
    if (error) throw new KernelError('webgpu', kind, error);
    return result;
  }

  #record(kind: WebGpuCallKind, tokens: number, recorder: CommandRecorder): void {
    const { counters, kernels } = recorder;
    this.#lastCall = { kind, tokens, ...counters, kernels: [...kernels], expertFfn: expertFfnOf(kernels) };
    this.#total.calls++;
    this.#total.dispatches += counters.dispatches;
    this.#total.indirectDispatches += counters.indirectDispatches;
    this.#total.readbacksInsideLayer += counters.readbacksInsideLayer;
    this.#total.finalReadbacks += counters.finalReadbacks;
    this.#total.submits += counters.submits;
    this.#total.bytesUploaded += counters.bytesUploaded;
    this.#total.weightBytesUploaded += counters.weightBytesUploaded;
    this.#total.bindGroupsCreated += counters.bindGroupsCreated;
  }
}

/** What a forward made with `retainForBackward` keeps (host memory only: the routing and the plan). */
interface WebGpuForwardSaved {
  readonly kind: 'anyk-webgpu-forward';
  /** Core's float64 routing of the forward (its slots are what the device ran; `trace.tokens` its batch). */
  readonly trace: RoutingTrace;
  readonly routeInput: RouteInputV1;
  readonly plan: ExpertPlanV1;
}

function savedForward(trace: RoutingTrace, routeInput: RouteInputV1, plan: ExpertPlanV1): WebGpuForwardSaved {
  return { kind: 'anyk-webgpu-forward', trace, routeInput, plan };
}

/** The FFN path a call's kernel list shows (the names are `kernelSources`'). */
function expertFfnOf(kernels: readonly string[]): ExpertFfnKind | undefined {
  if (kernels.includes('grouped-gemv-up')) return 'gemv';
  if (kernels.includes('grouped-gemm-up')) return 'grouped-gemm';
  return undefined;
}

/** A forced tiling must be one of `gemmTilings` (their shapes fit every adapter's limits). */
export function checkTiling(tiling: GemmTiling | undefined): void {
  if (tiling !== undefined && !(Object.values(gemmTilings) as GemmTiling[]).includes(tiling)) {
    throw new InvalidArgumentError(
      'tiling',
      `one of gemmTilings (${Object.keys(gemmTilings).join(', ')})`,
      (tiling as { name?: unknown } | null)?.name ?? tiling,
    );
  }
}

/** What this backend cannot run, as typed errors (the spec itself is valid). */
function checkSupported(spec: RouterSpecV1, total: number): void {
  if (total > maxCandidates) {
    throw new UnsupportedError(
      `${total} candidate experts`,
      `the WebGPU routing kernel handles at most ${maxCandidates}`,
    );
  }
  if (spec.logits.kind === 'cosine' && spec.zeroComputation.length > 0) {
    throw new UnsupportedError('cosine logits with zero-computation experts', 'DynMoE has none');
  }
}

function routingReadback(
  routing: RoutingBuffers,
  tokens: number,
  total: number,
  kMax: number,
): ReadbackRequest[] {
  return [
    { buffer: routing.logits, elements: tokens * total, kind: 'f32' },
    { buffer: routing.scores, elements: tokens * total, kind: 'f32' },
    { buffer: routing.slotExpert, elements: tokens * kMax, kind: 'i32' },
    { buffer: routing.slotWeight, elements: tokens * kMax, kind: 'f32' },
    { buffer: routing.kCount, elements: tokens, kind: 'i32' },
  ];
}

/** The routing result from the arrays `routingReadback` requested, in its order. */
function routingFromReadback(
  results: readonly (Float32Array | Int32Array | Uint32Array)[],
  tokens: number,
  kMax: number,
): RoutingResultV1 {
  const [logits, scores, slotExpert, slotWeight, kCount] = results;
  return {
    tokens,
    kMax,
    logits: logits as Float32Array,
    scores: scores as Float32Array,
    slotExpert: slotExpert as Int32Array,
    slotWeight: slotWeight as Float32Array,
    kCount: kCount as Int32Array,
  };
}

function emptyRouting(kMax: number): RoutingResultV1 {
  return {
    tokens: 0,
    kMax,
    logits: new Float32Array(0),
    scores: new Float32Array(0),
    slotExpert: new Int32Array(0),
    slotWeight: new Float32Array(0),
    kCount: new Int32Array(0),
  };
}

function emptyPlan(experts: number): ExpertPlanV1 {
  return {
    numExperts: experts,
    expertOffset: new Int32Array(experts + 1),
    rowToken: new Int32Array(0),
    rowSlot: new Int32Array(0),
    slotRow: new Int32Array(0),
  };
}
