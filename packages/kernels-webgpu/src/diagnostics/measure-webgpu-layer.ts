import {
  type ExpertKindV1,
  type ExpertTensorV1,
  type FloatArray,
  InvalidArgumentError,
  type MoeLayerV1,
  type RouterSpecV1,
  toHalfTensor,
  UnsupportedError,
} from '@anyk/core';
import { requireInteger, validateRouterSpec } from '@anyk/core/internal';
import { checkTiling, createWebGpuBackend, type ExpertFfnKind } from '../backend/create-webgpu-backend.ts';
import { BufferPool } from '../gpu/buffer-pool.ts';
import { CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { WeightCache } from '../gpu/weight-cache.ts';
import { denseGemvGrid } from '../kernels/dense-gemv.wgsl.ts';
import { pickExpertFfnPath } from '../kernels/expert-ffn-path.ts';
import { pickGemmTiling } from '../kernels/gemm-tiles.ts';
import type { WeightDtype } from '../kernels/weight-load.wgsl.ts';
import { encodeLayer } from '../layer/encode-layer.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { makeLayer } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';
import {
  adapterLabel,
  alternatingMedians,
  type DiagnosticsTimingOptions,
  profileRecording,
  timingSettings,
} from './timing.ts';

export interface MeasureWebGpuLayerOptions extends DiagnosticsTimingOptions {
  /** The router; `numExperts` must equal `E`. Params it needs (thresholds, gain, k) are drawn at random. */
  readonly spec: RouterSpecV1;
  readonly T: number;
  readonly d: number;
  readonly E: number;
  readonly f: number;
  readonly expert?: ExpertKindV1 | undefined;
  /**
   * How the expert weights are held: `'f32'` (default), or 16-bit (`'bf16'`, `'f16'`: the layer's expert
   * tensors rounded with `toHalfTensor`, resident as 16 bits and widened in the kernels). A decode layer's
   * `moeWeightBytes` then counts 2 bytes per expert weight; its dense GEMV baseline stays float32 (what the
   * device streams), so `bandwidthRatio` compares bytes per second either way.
   */
  readonly weightDtype?: WeightDtype | undefined;
  /**
   * Shared experts (gate `none`) of their own width: `count` experts of width `f` that every token goes
   * through, timed inside the layer and added to its dense baseline (one more GEMM pair of `T count` rows).
   * A layer whose spec has shared router columns (Uni-MoE-2.0) gets its shared experts from the spec. A decode
   * layer with shared experts reports no `decode` bandwidth (its GEMV baseline has no shared rows).
   */
  readonly shared?: { readonly count: number; readonly f: number } | undefined;
  /**
   * Also time every kernel on the GPU (`timestamp-query`, one compute pass per dispatch) in `iterations`
   * extra runs of each side, after the timed ones: `kernelProfile`. Needs the feature (an
   * `UnsupportedError` otherwise). Default false.
   */
  readonly profileKernels?: boolean | undefined;
}

/** Median GPU time of each dispatch of one recording, in dispatch order. */
export interface KernelProfileEntry {
  readonly kernel: string;
  readonly medianMs: number;
}

/**
 * Per-kernel GPU times (timestamp queries) of the layer and of its dense baselines: where a layer's time
 * goes, kernel by kernel, against the dense GEMMs of the same FLOPs (or, for a decode layer, the dense GEMVs).
 */
export interface WebGpuKernelProfile {
  readonly layer: readonly KernelProfileEntry[];
  readonly dense: readonly KernelProfileEntry[];
  /** The dense GEMV baseline of a decode layer; `null` on the grouped-GEMM path. */
  readonly denseGemv: readonly KernelProfileEntry[] | null;
}

export interface WebGpuLayerMeasurement {
  /** Buffer maps inside the layer (target 0). */
  readonly readbacksPerLayer: number;
  /** Buffer maps returning the final result in `forward()` (1). */
  readonly finalReadbacksPerLayer: number;
  readonly dispatchesPerLayer: number;
  readonly indirectDispatchesPerLayer: number;
  /**
   * Which expert FFN kernels the layer ran (`'gemv'` for at most 8 tokens, else `'grouped-gemm'`); the timed
   * layer has the same shape, so it runs the same ones.
   */
  readonly expertFfn: ExpertFfnKind | undefined;
  /**
   * The grouped GEMMs' tiling of the timed layer and of its dense GEMMs (`options.tiling`, else picked by
   * shape); `null` on the GEMV path.
   */
  readonly tiling: string | null;
  /**
   * Expert rows N of the measured batch: the plan's (selected real-expert slots), plus `T x S` for shared
   * experts (Uni-MoE-2.0's, of width f here), which run the same grouped kernels.
   */
  readonly rows: number;
  /** FLOPs of the experts' GEMMs for those rows (what the dense GEMMs also do). */
  readonly expertFlops: number;
  /** Median wall time of one device-resident layer (submit to queue done, no read-back), ms. */
  readonly moeMedianMs: number;
  /**
   * Median wall time of dense WGSL GEMMs of the same shapes and FLOPs (the grouped GEMMs' tiling for the
   * batch, `pickGemmTiling`; also for a GEMV layer, whose bandwidth comparison is `decode`), ms.
   */
  readonly denseMedianMs: number;
  /** `denseMedianMs / moeMedianMs`: the fraction of dense-GEMM efficiency the whole layer reaches. */
  readonly moeVsDense: number;
  /**
   * Of `moeMedianMs`, the median host time spent recording the layer (building its commands: kernel
   * lookups, bind groups, uniforms, dispatches), ms. The part of a small layer's time no GPU can hide, and
   * meaningful on a software adapter too (it is JavaScript and Dawn work on the CPU).
   */
  readonly moeRecordMs: number;
  /** Of `denseMedianMs`, the host time recording the dense GEMMs, ms. */
  readonly denseRecordMs: number;
  /**
   * The decode bandwidth measurement of apps/docs/site/guide/kernels.md, for a layer on the GEMV path
   * (`expertFfn === 'gemv'`);
   * `null` on the grouped-GEMM path, where the FLOP-based `moeVsDense` is the metric. A decode batch is
   * weight-bandwidth bound, so a dense GEMM of the same FLOPs is the wrong baseline for it.
   */
  readonly decode: WebGpuDecodeMeasurement | null;
  /** With `profileKernels`: every kernel's median GPU time; `null` otherwise. */
  readonly kernelProfile: WebGpuKernelProfile | null;
  readonly iterations: number;
  readonly adapter: string;
}

/**
 * A decode layer's effective weight bandwidth against a dense GEMV streaming the same weight bytes with the
 * same rows (apps/docs/site/guide/kernels.md: target `bandwidthRatio >= 0.7`). Bytes count weights only:
 * activations of a
 * decode batch are a few KiB against MiBs of weights.
 */
export interface WebGpuDecodeMeasurement {
  /**
   * Real experts with at least one plan row in the measured batch: the experts whose gate / up / down
   * matrices the grouped GEMVs stream (the plan scan gives unused experts no workgroups). Read from the plan
   * `forward()` returned, once, before timing; the timed layer reads nothing back.
   */
  readonly usedExperts: number;
  /**
   * `E * (1 - (1 - k / n)^T)` with `n = E + Z` candidates: the unique real experts a top-k batch of T tokens
   * uses under uniform routing (before capacity drops), so `usedExperts` can be read against what a
   * different k would use (apps/docs/site/guide/kernels.md compares decode speedups with this unique-expert
   * ratio, not with
   * FLOPs). `null` when k is not fixed per token (top-p, threshold, positive, predicted-k, expert-choice).
   */
  readonly expectedUniqueExperts: number | null;
  /**
   * Weight bytes one layer streams: the used experts' gate (SwiGLU), up and down matrices plus the router
   * matrix. MoE++ constant-expert vectors (`3 d` floats each) are left out; they are negligible.
   */
  readonly moeWeightBytes: number;
  /**
   * Median wall time of dense GEMVs (`dense-gemv.wgsl.ts`, the same T and row bound as the layer's GEMVs)
   * over the same weight bytes: `[usedExperts * up columns + router rows, d]` with K = d, then
   * `[usedExperts * d, f]` with K = f (each split into several dispatches only where one would pass the
   * device's storage-binding limit), ms.
   */
  readonly denseGemvMedianMs: number;
  /** `moeWeightBytes / moeMedianMs`, GB/s (1e9 bytes): the layer's effective weight bandwidth. */
  readonly moeGBps: number;
  /** The same bytes over `denseGemvMedianMs`, GB/s: what a plain GEMV reaches on this device. */
  readonly denseGemvGBps: number;
  /**
   * `moeGBps / denseGemvGBps` (= `denseGemvMedianMs / moeMedianMs`): apps/docs/site/guide/kernels.md's decode
   * ratio.
   */
  readonly bandwidthRatio: number;
}

/**
 * Diagnostics for `anyk bench --suite webgpu|webgpu-diagnostics`: counts dispatches and read-backs of one
 * layer, then times the device-resident layer (routing, plan, grouped GEMMs, combine, no read-back) against
 * dense WGSL GEMMs of the same FLOPs on the same device, side by side, reporting medians
 * (apps/docs/site/guide/kernels.md).
 * A decode layer (GEMV path) is also timed against dense WGSL GEMVs streaming the same weight bytes (`decode`).
 * Timings use queue completion (`onSubmittedWorkDone`), so they include submission overhead; on a software
 * adapter (SwiftShader) they say nothing about GPU speed.
 */
export async function measureWebGpuLayer(
  options: MeasureWebGpuLayerOptions,
): Promise<WebGpuLayerMeasurement> {
  const { spec, T, d, E, f } = options;
  const { kMax } = validateRouterSpec(spec);
  if (spec.numExperts !== E) throw new InvalidArgumentError('E', `spec.numExperts (${spec.numExperts})`, E);
  for (const [name, value] of Object.entries({ T, d, f })) {
    requireInteger(name, value, { min: 1 });
  }
  const settings = timingSettings(options);
  const { iterations } = settings;
  const random = seededRandom(options.seed ?? 1);
  const total = E + spec.zeroComputation.length;
  const params = {
    thresholds: spec.selection.kind === 'threshold' ? randomArray(random, E, 0.5) : undefined,
    gain:
      spec.weighting.kind === 'score' && spec.weighting.gain
        ? randomArray(random, E, 0.2).map((v) => 1 + v)
        : undefined,
  };
  const floatLayer = makeLayer(
    random,
    spec,
    { d, f, expert: options.expert ?? { kind: 'swiglu' } },
    {
      params,
      gateMap: spec.gatingResidual ? randomArray(random, total * total, 0.3) : undefined,
    },
  );
  const weightDtype = options.weightDtype ?? 'f32';
  const layer = withWeightDtype(withSharedExperts(floatLayer, options.shared, random), weightDtype);
  const x = randomArray(random, T * d);
  const k =
    spec.selection.kind === 'predicted-k'
      ? Int32Array.from({ length: T }, () => 1 + Math.floor(random() * (kMax as number)))
      : undefined;
  const prevLogits = spec.gatingResidual ? randomArray(random, T * total) : undefined;

  checkTiling(options.tiling);
  const backend = options.backend ?? (await createWebGpuBackend(options));
  try {
    if (options.profileKernels && !backend.device.features.has('timestamp-query')) {
      throw new UnsupportedError(
        'profileKernels',
        'the device was opened without the timestamp-query feature',
      );
    }
    const forward = await backend.forward(layer, { tokens: T, x, k, prevLogits });
    const counters = backend.stats().lastCall;
    const rows = forward.plan.rowToken.length;
    const device = backend.device;
    const pool = new BufferPool(device);
    const kernels = new KernelCache(device);
    const resident = new CommandRecorder(device, pool, kernels);
    const weights = layer.weights;
    // The layer's own device copy, as the backend holds it (16-bit weights stay 16-bit, shared experts
    // included: Uni-MoE-2.0's from a spec with shared columns, or `options.shared`).
    const weightCache = new WeightCache(device);
    const deviceWeights = weightCache.acquire(weights).device;
    const xBuffer = resident.upload(x, 'f32');
    const gated = weights.expert.kind === 'swiglu';
    const upColumns = gated ? 2 * f : f;
    const denseRows = Math.max(rows, 1);
    const denseA = resident.upload(randomArray(random, denseRows * d), 'f32');
    const denseUp = resident.upload(randomArray(random, upColumns * d), 'f32');
    const denseHidden = resident.storage(denseRows * Math.max(upColumns, f));
    const denseDown = resident.upload(randomArray(random, d * f), 'f32');
    const denseOut = resident.storage(denseRows * d);
    const sharedShape = weights.shared;
    const sharedDense = sharedShape && {
      rows: T * sharedShape.count,
      f: sharedShape.f,
      a: resident.upload(randomArray(random, T * sharedShape.count * d), 'f32'),
      up: resident.upload(randomArray(random, (gated ? 2 : 1) * sharedShape.f * d), 'f32'),
      hidden: resident.storage(T * sharedShape.count * (gated ? 2 : 1) * sharedShape.f),
      down: resident.upload(randomArray(random, d * sharedShape.f), 'f32'),
      out: resident.storage(T * sharedShape.count * d),
    };
    const decodeBaseline =
      counters?.expertFfn === 'gemv' && !weights.shared
        ? prepareDenseGemv(resident, device.limits, random, {
            T,
            d,
            f,
            upColumns,
            routerElements: weights.router.length,
            usedExperts: usedExpertCount(forward.plan.expertOffset),
            expertWeightBytes: weightDtype === 'f32' ? 4 : 2,
          })
        : undefined;
    await resident.submitAndWait();

    const timing = { device, pool, kernels };
    const recordLayer = (recorder: CommandRecorder): void => {
      encodeLayer(recorder, {
        spec,
        kMax,
        tokens: T,
        x: xBuffer,
        weights: deviceWeights,
        params: layer.params,
        prevLogits,
        gateMap: layer.gateMap,
        k,
        expertInputScale: 1,
        tiling: options.tiling,
        subgroups: backend.subgroupSize !== null,
      });
    };
    const tiling = options.tiling ?? pickGemmTiling({ tokens: T, experts: E });
    const recordDense = (recorder: CommandRecorder): void => {
      const grid = (columns: number): [number, number] => [
        Math.ceil(columns / tiling.columns),
        itemGrid(denseRows, tiling.rows)[0],
      ];
      const uniform = recorder.uniform({ tokens: denseRows });
      recorder.dispatch(
        kernelSources.denseGemm(upColumns, d, tiling),
        { params: uniform, a: denseA, b: denseUp, c: denseHidden },
        grid(upColumns),
      );
      recorder.dispatch(
        kernelSources.denseGemm(d, f, tiling),
        { params: uniform, a: denseHidden, b: denseDown, c: denseOut },
        grid(d),
      );
      if (!sharedDense) return;
      const sharedUp = (gated ? 2 : 1) * sharedDense.f;
      const sharedGrid = (columns: number): [number, number] => [
        Math.ceil(columns / tiling.columns),
        itemGrid(sharedDense.rows, tiling.rows)[0],
      ];
      const sharedUniform = recorder.uniform({ tokens: sharedDense.rows });
      recorder.dispatch(
        kernelSources.denseGemm(sharedUp, d, tiling),
        { params: sharedUniform, a: sharedDense.a, b: sharedDense.up, c: sharedDense.hidden },
        sharedGrid(sharedUp),
      );
      recorder.dispatch(
        kernelSources.denseGemm(d, sharedDense.f, tiling),
        { params: sharedUniform, a: sharedDense.hidden, b: sharedDense.down, c: sharedDense.out },
        sharedGrid(d),
      );
    };
    const [moeSample, denseSample, denseGemvSample] = await alternatingMedians(
      timing,
      decodeBaseline ? [recordLayer, recordDense, decodeBaseline.record] : [recordLayer, recordDense],
      settings,
    );
    const moeMedianMs = moeSample?.wallMs as number;
    const denseMedianMs = denseSample?.wallMs as number;
    const denseGemvMedianMs = denseGemvSample?.wallMs;
    let decode: WebGpuDecodeMeasurement | null = null;
    if (decodeBaseline && denseGemvMedianMs !== undefined) {
      const moeGBps = decodeBaseline.moeWeightBytes / (moeMedianMs * 1e6);
      const denseGemvGBps = decodeBaseline.weightBytes / (denseGemvMedianMs * 1e6);
      decode = {
        usedExperts: decodeBaseline.usedExperts,
        expectedUniqueExperts: expectedUniqueExperts(spec, T),
        moeWeightBytes: decodeBaseline.moeWeightBytes,
        denseGemvMedianMs,
        moeGBps,
        denseGemvGBps,
        bandwidthRatio: moeGBps / denseGemvGBps,
      };
    }
    let kernelProfile: WebGpuKernelProfile | null = null;
    if (options.profileKernels) {
      kernelProfile = {
        layer: await profileRecording(timing, recordLayer, iterations),
        dense: await profileRecording(timing, recordDense, iterations),
        denseGemv: decodeBaseline ? await profileRecording(timing, decodeBaseline.record, iterations) : null,
      };
    }
    resident.release();
    weightCache.clear();
    pool.clear();
    return {
      readbacksPerLayer: counters?.readbacksInsideLayer ?? Number.NaN,
      finalReadbacksPerLayer: counters?.finalReadbacks ?? Number.NaN,
      dispatchesPerLayer: counters?.dispatches ?? Number.NaN,
      indirectDispatchesPerLayer: counters?.indirectDispatches ?? Number.NaN,
      expertFfn: counters?.expertFfn,
      tiling: counters?.expertFfn === 'grouped-gemm' ? tiling.name : null,
      rows,
      expertFlops:
        2 * rows * d * f * (gated ? 3 : 2) +
        (sharedDense ? 2 * sharedDense.rows * d * sharedDense.f * (gated ? 3 : 2) : 0),
      moeMedianMs,
      denseMedianMs,
      moeVsDense: denseMedianMs / moeMedianMs,
      moeRecordMs: moeSample?.recordMs as number,
      denseRecordMs: denseSample?.recordMs as number,
      decode,
      kernelProfile,
      iterations,
      adapter: adapterLabel(backend.device),
    };
  } finally {
    if (!options.backend) await backend.dispose();
  }
}

/** Real experts with plan rows (`expertOffset` is the exclusive scan of the per-expert row counts). */
function usedExpertCount(expertOffset: Int32Array): number {
  let used = 0;
  for (let expert = 0; expert + 1 < expertOffset.length; expert++) {
    if (expertOffset[expert + 1]! > expertOffset[expert]!) used++;
  }
  return used;
}

/** See `WebGpuDecodeMeasurement.expectedUniqueExperts`. */
function expectedUniqueExperts(spec: RouterSpecV1, T: number): number | null {
  if (spec.selection.kind !== 'top-k') return null;
  const E = spec.numExperts;
  const candidates = E + spec.zeroComputation.length;
  return E * (1 - (1 - spec.selection.k / candidates) ** T);
}

/**
 * Uploads the dense GEMV baseline of a decode layer (weights of exactly the bytes the layer streams, random
 * activations) and returns its recorder. The up-side matrix also carries the router's rows (both reduce over
 * d), so two matrices cover every byte; a matrix is split into column chunks only where one binding would
 * pass the device's limit (pooled buffers round up to a power of two, so chunks stay within the largest
 * power of two under it).
 */
function prepareDenseGemv(
  resident: CommandRecorder,
  limits: GPUSupportedLimits,
  random: () => number,
  shape: {
    T: number;
    d: number;
    f: number;
    upColumns: number;
    routerElements: number;
    usedExperts: number;
    /** Bytes per expert weight the layer streams (4, or 2 for 16-bit weights). */
    expertWeightBytes: number;
  },
): {
  usedExperts: number;
  weightBytes: number;
  moeWeightBytes: number;
  record: (recorder: CommandRecorder) => void;
} {
  const { T, d, f, usedExperts } = shape;
  const path = pickExpertFfnPath({ tokens: T, experts: 1 });
  if (path.kind !== 'gemv') {
    throw new UnsupportedError('a dense GEMV baseline', `T = ${T} is past the GEMV path`);
  }
  let maxBindingBytes = 256;
  while (maxBindingBytes * 2 <= Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize)) {
    maxBindingBytes *= 2;
  }
  const matrices = [
    { k: d, n: usedExperts * shape.upColumns + shape.routerElements / d },
    { k: f, n: usedExperts * d },
  ];
  const dispatches: { n: number; k: number; a: GPUBuffer; b: GPUBuffer; c: GPUBuffer }[] = [];
  let weightBytes = 0;
  for (const { k, n } of matrices) {
    const chunkColumns = Math.floor(maxBindingBytes / (4 * k));
    if (chunkColumns < 1) {
      throw new UnsupportedError(
        'a dense GEMV baseline',
        `one weight row of ${k} floats exceeds the binding limit`,
      );
    }
    const a = resident.upload(randomWeights(random, T * k), 'f32');
    for (let start = 0; start < n; start += chunkColumns) {
      const columns = Math.min(chunkColumns, n - start);
      const b = resident.upload(randomWeights(random, columns * k), 'f32');
      dispatches.push({ n: columns, k, a, b, c: resident.storage(T * columns) });
      weightBytes += 4 * columns * k;
    }
  }
  const expertWeights = usedExperts * (shape.upColumns * d + d * f);
  return {
    usedExperts,
    weightBytes,
    moeWeightBytes: expertWeights * shape.expertWeightBytes + 4 * shape.routerElements,
    record(recorder) {
      const uniform = recorder.uniform({ tokens: T });
      for (const { n, k, a, b, c } of dispatches) {
        recorder.dispatch(
          kernelSources.denseGemv(n, k, path.rows),
          { params: uniform, a, b, c },
          denseGemvGrid(n),
        );
      }
    },
  };
}

/** `length` float32 values uniform in [-1, 1] (dense baseline weights: only their bytes matter). */
function randomWeights(random: () => number, length: number): Float32Array {
  const out = new Float32Array(length);
  for (let index = 0; index < length; index++) out[index] = random() * 2 - 1;
  return out;
}

/** `layer` with `count` shared experts (gate `none`) of width `f` and random weights, or `layer` itself. */
function withSharedExperts(
  layer: MoeLayerV1,
  shared: MeasureWebGpuLayerOptions['shared'],
  random: () => number,
): MoeLayerV1 {
  if (shared === undefined) return layer;
  const { d } = layer.weights;
  const { count, f } = shared;
  const scale = 1 / Math.sqrt(d);
  return {
    ...layer,
    weights: {
      ...layer.weights,
      shared: {
        count,
        f,
        gate: 'none',
        wGate: layer.weights.expert.kind === 'swiglu' ? randomArray(random, count * f * d, scale) : undefined,
        wUp: randomArray(random, count * f * d, scale),
        wDown: randomArray(random, count * d * f, 1 / Math.sqrt(f)),
      },
    },
  };
}

/** `layer` with every expert tensor rounded to `dtype` (routed and shared), or `layer` itself for `'f32'`. */
function withWeightDtype(layer: MoeLayerV1, dtype: WeightDtype): MoeLayerV1<ExpertTensorV1> {
  if (dtype === 'f32') return layer;
  const round = (tensor: FloatArray | undefined) => tensor && toHalfTensor(tensor, dtype);
  const { weights } = layer;
  const shared = weights.shared;
  return {
    ...layer,
    weights: {
      ...weights,
      wGate: round(weights.wGate),
      wUp: toHalfTensor(weights.wUp, dtype),
      wDown: toHalfTensor(weights.wDown, dtype),
      shared: shared && {
        ...shared,
        wGate: round(shared.wGate),
        wUp: toHalfTensor(shared.wUp, dtype),
        wDown: toHalfTensor(shared.wDown, dtype),
      },
    },
  };
}
