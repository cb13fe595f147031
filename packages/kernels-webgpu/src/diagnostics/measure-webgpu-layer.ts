import { type ExpertKindV1, InvalidArgumentError, type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { validateRouterSpec } from '@anyk/core/internal';
import { checkTiling, createWebGpuBackend, type ExpertFfnKind } from '../backend/create-webgpu-backend.ts';
import { BufferPool } from '../gpu/buffer-pool.ts';
import { CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { denseGemvGrid } from '../kernels/dense-gemv.wgsl.ts';
import { pickExpertFfnPath } from '../kernels/expert-ffn-path.ts';
import { pickGemmTiling } from '../kernels/gemm-tiles.ts';
import { encodeLayer, type LayerDeviceWeights } from '../layer/encode-layer.ts';
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
  /** Plan rows N (selected real-expert slots) of the measured batch. */
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
    if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(name, 'an integer >= 1', value);
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
  const layer = makeLayer(
    random,
    spec,
    { d, f, expert: options.expert ?? { kind: 'swiglu' } },
    {
      params,
      gateMap: spec.gatingResidual ? randomArray(random, total * total, 0.3) : undefined,
    },
  );
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
    const deviceWeights: LayerDeviceWeights = {
      d,
      f,
      expert: weights.expert,
      router: resident.upload(weights.router, 'f32'),
      wGate: weights.wGate ? resident.upload(weights.wGate, 'f32') : resident.storage(1),
      wUp: resident.upload(weights.wUp, 'f32'),
      wDown: resident.upload(weights.wDown, 'f32'),
      constants: weights.constants
        ? resident.upload(Float32Array.from([...weights.constants.wc, ...weights.constants.v]), 'f32')
        : resident.storage(1),
    };
    const xBuffer = resident.upload(x, 'f32');
    const gated = weights.expert.kind === 'swiglu';
    const upColumns = gated ? 2 * f : f;
    const denseRows = Math.max(rows, 1);
    const denseA = resident.upload(randomArray(random, denseRows * d), 'f32');
    const denseUp = resident.upload(randomArray(random, upColumns * d), 'f32');
    const denseHidden = resident.storage(denseRows * Math.max(upColumns, f));
    const denseDown = resident.upload(randomArray(random, d * f), 'f32');
    const denseOut = resident.storage(denseRows * d);
    const decodeBaseline =
      counters?.expertFfn === 'gemv'
        ? prepareDenseGemv(resident, device.limits, random, {
            T,
            d,
            f,
            upColumns,
            routerElements: weights.router.length,
            usedExperts: usedExpertCount(forward.plan.expertOffset),
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
      const moeGBps = decodeBaseline.weightBytes / (moeMedianMs * 1e6);
      const denseGemvGBps = decodeBaseline.weightBytes / (denseGemvMedianMs * 1e6);
      decode = {
        usedExperts: decodeBaseline.usedExperts,
        expectedUniqueExperts: expectedUniqueExperts(spec, T),
        moeWeightBytes: decodeBaseline.weightBytes,
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
    pool.clear();
    return {
      readbacksPerLayer: counters?.readbacksInsideLayer ?? Number.NaN,
      finalReadbacksPerLayer: counters?.finalReadbacks ?? Number.NaN,
      dispatchesPerLayer: counters?.dispatches ?? Number.NaN,
      indirectDispatchesPerLayer: counters?.indirectDispatches ?? Number.NaN,
      expertFfn: counters?.expertFfn,
      tiling: counters?.expertFfn === 'grouped-gemm' ? tiling.name : null,
      rows,
      expertFlops: 2 * rows * d * f * (gated ? 3 : 2),
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
  },
): { usedExperts: number; weightBytes: number; record: (recorder: CommandRecorder) => void } {
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
  return {
    usedExperts,
    weightBytes,
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
