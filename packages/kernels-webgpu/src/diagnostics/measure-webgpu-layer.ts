import { type ExpertKindV1, InvalidArgumentError, type RouterSpecV1, validateRouterSpec } from '@anyk/core';
import {
  createWebGpuBackend,
  type ExpertFfnKind,
  type WebGpuBackend,
  type WebGpuBackendOptions,
} from '../backend/create-webgpu-backend.ts';
import { BufferPool } from '../gpu/buffer-pool.ts';
import { CommandRecorder, itemGrid } from '../gpu/command-recorder.ts';
import { KernelCache } from '../gpu/kernel-cache.ts';
import { pickGemmTiling } from '../kernels/gemm-tiles.ts';
import { encodeLayer, type LayerDeviceWeights } from '../layer/encode-layer.ts';
import { kernelSources } from '../layer/kernel-sources.ts';
import { makeLayer } from '../testing/layer-fixtures.ts';
import { randomArray, seededRandom } from '../testing/seeded-random.ts';

export interface MeasureWebGpuLayerOptions extends WebGpuBackendOptions {
  /** The router; `numExperts` must equal `E`. Params it needs (thresholds, gain, k) are drawn at random. */
  readonly spec: RouterSpecV1;
  readonly T: number;
  readonly d: number;
  readonly E: number;
  readonly f: number;
  readonly expert?: ExpertKindV1 | undefined;
  /** Timed repetitions of each side (default 10) after `warmup` untimed ones (default 2). */
  readonly iterations?: number | undefined;
  readonly warmup?: number | undefined;
  /** Warm-up also lasts at least this long (default 500 ms), so an idle GPU reaches its clocks first. */
  readonly warmupMs?: number | undefined;
  readonly seed?: number | undefined;
  /** Reuse a backend (its device); otherwise one is created from the options and disposed. */
  readonly backend?: WebGpuBackend | undefined;
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
  /** Plan rows N (selected real-expert slots) of the measured batch. */
  readonly rows: number;
  /** FLOPs of the experts' GEMMs for those rows (what the dense GEMMs also do). */
  readonly expertFlops: number;
  /** Median wall time of one device-resident layer (submit to queue done, no read-back), ms. */
  readonly moeMedianMs: number;
  /**
   * Median wall time of dense WGSL GEMMs of the same shapes and FLOPs (the grouped GEMMs' tiling for the
   * batch, `pickGemmTiling`; also for a GEMV layer, which has no dense GEMV counterpart here yet), ms.
   */
  readonly denseMedianMs: number;
  /** `denseMedianMs / moeMedianMs`: the fraction of dense-GEMM efficiency the whole layer reaches. */
  readonly moeVsDense: number;
  readonly iterations: number;
  readonly adapter: string;
}

/**
 * Diagnostics for `anyk bench --suite webgpu|webgpu-diagnostics`: counts dispatches and read-backs of one
 * layer, then times the device-resident layer (routing, plan, grouped GEMMs, combine, no read-back) against
 * dense WGSL GEMMs of the same FLOPs on the same device, side by side, reporting medians (kernels.md §7.7).
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
  const iterations = options.iterations ?? 10;
  const warmup = options.warmup ?? 2;
  const warmupMs = options.warmupMs ?? 500;
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

  const backend = options.backend ?? (await createWebGpuBackend(options));
  try {
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
    await resident.submitAndWait();

    const sample = async (record: (recorder: CommandRecorder) => void): Promise<number> => {
      const recorder = new CommandRecorder(device, pool, kernels);
      const start = performance.now();
      record(recorder);
      await recorder.submitAndWait();
      const elapsed = performance.now() - start;
      recorder.release();
      return elapsed;
    };
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
      });
    };
    const tiling = pickGemmTiling({ tokens: T, experts: E });
    const recordDense = (recorder: CommandRecorder): void => {
      const grid = (columns: number): [number, number] => [
        Math.ceil(columns / tiling.columns),
        itemGrid(denseRows, tiling.rows)[0],
      ];
      const uniform = recorder.uniform({ tokens: denseRows });
      recorder.dispatch(
        kernelSources.denseGemm(upColumns, d, tiling),
        [uniform, denseA, denseUp, denseHidden],
        grid(upColumns),
      );
      recorder.dispatch(
        kernelSources.denseGemm(d, f, tiling),
        [uniform, denseHidden, denseDown, denseOut],
        grid(d),
      );
    };
    // A GPU that idled (e.g. while the host built the layer) runs the first few hundred milliseconds of work
    // several times slower (measured on an H100: 30-50 ms layers settling to 7-13 ms). So warm up for a
    // minimum time as well as a minimum count, and alternate the two sides so both see the same clocks.
    const warmupStart = performance.now();
    for (let pair = 0; pair < warmup || performance.now() - warmupStart < warmupMs; pair++) {
      await sample(recordLayer);
      await sample(recordDense);
    }
    const moeSamples: number[] = [];
    const denseSamples: number[] = [];
    for (let run = 0; run < iterations; run++) {
      moeSamples.push(await sample(recordLayer));
      denseSamples.push(await sample(recordDense));
    }
    const moeMedianMs = median(moeSamples);
    const denseMedianMs = median(denseSamples);
    resident.release();
    pool.clear();
    const info = (backend.device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    return {
      readbacksPerLayer: counters?.readbacksInsideLayer ?? Number.NaN,
      finalReadbacksPerLayer: counters?.finalReadbacks ?? Number.NaN,
      dispatchesPerLayer: counters?.dispatches ?? Number.NaN,
      indirectDispatchesPerLayer: counters?.indirectDispatches ?? Number.NaN,
      expertFfn: counters?.expertFfn,
      rows,
      expertFlops: 2 * rows * d * f * (gated ? 3 : 2),
      moeMedianMs,
      denseMedianMs,
      moeVsDense: denseMedianMs / moeMedianMs,
      iterations,
      adapter: info
        ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.trim()
        : 'unknown',
    };
  } finally {
    if (!options.backend) await backend.dispose();
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
