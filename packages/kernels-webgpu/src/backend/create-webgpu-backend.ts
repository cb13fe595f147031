import {
  type BackendCapabilitiesV1,
  BackendLostError,
  BackendUnavailableError,
  type BackwardOptionsV1,
  type ExpertTensorV1,
  type FloatArray,
  type ForwardOptionsV1,
  InvalidArgumentError,
  type KernelBackendV1,
  KernelError,
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
  UnsupportedError,
} from '@anyk/core';
import {
  assertFiniteResult,
  LayerValidator,
  requireInteger,
  routeBackwardReference,
  routeReference,
  validateBackwardInput,
  widenLayer,
} from '@anyk/core/internal';
import { BufferPool } from '../gpu/buffer-pool.ts';
import { type CallCounters, CommandRecorder } from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { probeSubgroupLayout } from '../gpu/probe-subgroups.ts';
import { WeightCache } from '../gpu/weight-cache.ts';
import type { ExpertFfnPath } from '../kernels/expert-ffn-path.ts';
import { type GemmTiling, gemmTilings } from '../kernels/gemm-tiles.ts';
import type { LayerDeviceWeights } from '../layer/encode-layer.ts';
import { backwardLayer } from './webgpu-backward.ts';
import type { WebGpuCallContext, WebGpuCallKind } from './webgpu-call-context.ts';
import { forwardLayer } from './webgpu-forward.ts';
import { routeOnDevice } from './webgpu-route.ts';

export { maxCandidates, type WebGpuCallKind } from './webgpu-call-context.ts';

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
  /**
   * Cap on the device memory one call may allocate (default 2 GiB); a call over it, or needing one buffer
   * larger than the device allows, rejects with `UnsupportedError` before allocating anything.
   */
  readonly maxMemoryBytes?: number | undefined;
  /**
   * Subgroup operations in the decode GEMVs' reductions: `'auto'` (default) uses them when the device has
   * the `subgroups` feature and its subgroups are consecutive invocations (checked once at creation by a
   * probe dispatch), `'off'` keeps the workgroup-memory reduction, `'on'` requires them (an
   * `UnsupportedError` where the device cannot). Both paths compute the same sums in a fixed order.
   */
  readonly subgroups?: 'auto' | 'off' | 'on' | undefined;
}

/** The kernels that computed a layer's expert FFN (see `pickExpertFfnPath`). */
export type ExpertFfnKind = ExpertFfnPath['kind'];

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
  /** The subgroup size the decode GEMVs reduce with (`options.subgroups`), or null for the plain path. */
  readonly subgroupSize: number | null;
  stats(): WebGpuStats;
  /**
   * Destroys the device copy of a layer's weights. `forward` keeps each weights object's tensors on the
   * device (keyed by the object, per core's immutability contract), so call this after changing a weight
   * array **in place** (or pass a new weights object), or to free device memory of a layer no longer used.
   * Collected weights objects are freed on their own; `dispose()` frees all (afterwards this is a no-op).
   */
  releaseWeights(weights: MoeLayerWeightsV1<ExpertTensorV1>): void;
}

const defaultMaxMemoryBytes = 2 * 1024 * 1024 * 1024;

/**
 * Creates the WebGPU backend. In a browser with no options it uses `navigator.gpu`; in Node pass the
 * `webgpu` package's GPU object (`gpu: create([])`) or your own `device`. Rejects with
 * `BackendUnavailableError` when there is no WebGPU or no adapter (never a silent fallback).
 * @throws {InvalidArgumentError} (rejects) when an option is invalid (e.g. a `gpu` without `requestAdapter`)
 * @throws {BackendUnavailableError} (rejects) when there is no `navigator.gpu`, no adapter or no device
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  checkTiling(options.tiling);
  checkSubgroupsOption(options.subgroups);
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
      if (typeof (gpu as { requestAdapter?: unknown }).requestAdapter !== 'function') {
        throw new InvalidArgumentError(
          'gpu',
          'a GPU object with requestAdapter() (navigator.gpu, or create([]) from the webgpu package)',
          gpu,
          'createWebGpuBackend',
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
  const maxMemoryBytes = options.maxMemoryBytes ?? defaultMaxMemoryBytes;
  requireInteger('maxMemoryBytes', maxMemoryBytes, { min: 1 }, 'createWebGpuBackend');
  const memoryLimits = {
    maxBufferBytes: Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize),
    maxMemoryBytes,
  };
  const subgroupSize = await chooseSubgroups(device, options.subgroups);
  return new WebGpuBackendImpl(device, ownsDevice, keepAlive, options.tiling, memoryLimits, subgroupSize);
}

class WebGpuBackendImpl implements WebGpuBackend {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'webgpu' as const;
  readonly capabilities: BackendCapabilitiesV1 = { precision: 'float32', backward: true };
  readonly device: GPUDevice;
  readonly features: readonly string[];
  readonly subgroupSize: number | null;
  readonly #ownsDevice: boolean;
  /** The GPU / adapter objects this backend came from, kept reachable until `dispose()`. */
  readonly #keepAlive: unknown[];
  readonly #pool: BufferPool;
  readonly #kernels: KernelCache;
  readonly #weights: WeightCache;
  /** What the call functions (`forwardLayer`, ...) use of this object: runs, the validator, the tiling. */
  readonly #context: WebGpuCallContext;
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

  constructor(
    device: GPUDevice,
    ownsDevice: boolean,
    keepAlive: unknown[],
    tiling: GemmTiling | undefined,
    memoryLimits: WebGpuCallContext['memoryLimits'],
    subgroupSize: number | null,
  ) {
    this.device = device;
    this.subgroupSize = subgroupSize;
    this.#ownsDevice = ownsDevice;
    this.#keepAlive = keepAlive;
    this.features = [...device.features].filter((feature) =>
      (optionalFeatures as readonly string[]).includes(feature),
    );
    this.#pool = new BufferPool(device);
    this.#kernels = new KernelCache(device);
    this.#weights = new WeightCache(device);
    this.#context = {
      run: (kind, tokens, body) => this.#run(kind, tokens, body),
      runWithWeights: (kind, tokens, weights, body) => this.#runWithWeights(kind, tokens, weights, body),
      validator: new LayerValidator(),
      tiling,
      memoryLimits,
      subgroups: subgroupSize !== null,
    };
    void device.lost.then((info) => {
      this.#lostReason ??= `device lost (${info.reason}): ${info.message}`;
    });
  }

  async route(spec: RouterSpecV1, input: RouteInputV1): Promise<RoutingResultV1> {
    this.#assertAlive();
    return routeOnDevice(this.#context, spec, input);
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

  /** 16-bit expert weights stay 16-bit on the device (see `WeightCache`); the kernels widen them. */
  async forward(
    layer: MoeLayerV1<ExpertTensorV1>,
    input: LayerInputV1,
    options?: ForwardOptionsV1,
  ): Promise<LayerForwardResultV1> {
    this.#assertAlive();
    const result = await forwardLayer(this.#context, layer, input, options);
    assertFiniteResult(result.y, 'y', 'input.x');
    return result;
  }

  /**
   * See `backwardLayer`: the experts' FFN backward on the device, the router's on the host or the device. The
   * backward kernels read float32 weights: a layer with 16-bit weights is widened once per weights object
   * (`widenLayer`), which holds a float32 copy on the host and the device while it lives (training keeps
   * float32 weights anyway; 16-bit weights are for inference).
   */
  async backward(
    givenLayer: MoeLayerV1<ExpertTensorV1>,
    input: LayerInputV1,
    forward: LayerForwardResultV1,
    gradOutput: FloatArray,
    options: BackwardOptionsV1 = {},
  ): Promise<LayerGradsV1> {
    const layer = widenLayer(givenLayer);
    this.#assertAlive();
    validateBackwardInput(input, forward);
    const grads = await backwardLayer(this.#context, layer, input, forward, gradOutput, options);
    assertFiniteResult(grads.x, 'grads.x', 'gradOutput');
    return grads;
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

  releaseWeights(weights: MoeLayerWeightsV1<ExpertTensorV1>): void {
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
    weights: MoeLayerWeightsV1<ExpertTensorV1>,
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

/** The FFN path a call's kernel list shows (the names are `kernelSources`'). */
function expertFfnOf(kernels: readonly string[]): ExpertFfnKind | undefined {
  if (kernels.includes('grouped-gemv-up')) return 'gemv';
  if (kernels.includes('grouped-gemm-up')) return 'grouped-gemm';
  return undefined;
}

function checkSubgroupsOption(choice: unknown): void {
  if (choice !== undefined && choice !== 'auto' && choice !== 'off' && choice !== 'on') {
    throw new InvalidArgumentError('subgroups', '"auto", "off" or "on"', choice, 'createWebGpuBackend');
  }
}

/** `options.subgroups` resolved on `device`: the subgroup size to reduce with, or null (see the option). */
async function chooseSubgroups(
  device: GPUDevice,
  choice: WebGpuBackendOptions['subgroups'],
): Promise<number | null> {
  if (choice === 'off') return null;
  const size = await probeSubgroupLayout(device);
  if (size === null && choice === 'on') {
    throw new UnsupportedError(
      'subgroups: "on"',
      device.features.has('subgroups')
        ? "the device's subgroups are not consecutive invocations of a power-of-two size"
        : 'the device has no subgroups feature',
    );
  }
  return size;
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
