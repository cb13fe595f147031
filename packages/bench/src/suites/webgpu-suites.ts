import { type KernelBackendV1, type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { createBackend } from '../backends/create-backend.ts';
import { type DemoFamily, demoFamilies, demoLayer, demoTokens } from '../demo/demo-model.ts';
import type { BenchCase } from '../harness/bench-case.ts';
import { type BenchRow, errorRow } from '../harness/bench-report.ts';
import type { BenchSuite, SuiteContext, SuiteResult } from '../harness/bench-suite.ts';
import type { AdapterInfo } from '../harness/machine-info.ts';
import { runBenchCases } from '../harness/run-suite.ts';

/** What `measureWebGpuLayer` of kernels-webgpu returns (the fields this harness reads). */
export interface WebGpuLayerMeasurementLike {
  readonly readbacksPerLayer: number;
  readonly finalReadbacksPerLayer: number;
  readonly dispatchesPerLayer: number;
  readonly indirectDispatchesPerLayer: number;
  /** Which expert FFN kernels ran (`'gemv'` or `'grouped-gemm'`); absent from builds before the GEMV path. */
  readonly expertFfn?: string | undefined;
  readonly rows: number;
  readonly expertFlops: number;
  readonly moeMedianMs: number;
  readonly denseMedianMs: number;
  readonly moeVsDense: number;
  /** Host time recording the layer / the dense GEMMs (medians, ms); absent from builds before it. */
  readonly moeRecordMs?: number | undefined;
  readonly denseRecordMs?: number | undefined;
  /**
   * apps/docs/site/guide/kernels.md's decode measurement, for a layer on the GEMV path: effective weight
   * bandwidth vs a dense
   * GEMV of the same weight bytes. `null` on the grouped-GEMM path; absent from builds before it.
   */
  readonly decode?: WebGpuDecodeMeasurementLike | null | undefined;
  /** Per-kernel GPU times (`profileKernels`); absent from builds before it, `null` when not asked for. */
  readonly kernelProfile?: {
    readonly layer: readonly { readonly kernel: string; readonly medianMs: number }[];
    readonly dense: readonly { readonly kernel: string; readonly medianMs: number }[];
  } | null;
  readonly iterations: number;
  readonly adapter: string;
}

/** What `measureWebGpuLayer().decode` of kernels-webgpu returns (see `WebGpuDecodeMeasurement` there). */
export interface WebGpuDecodeMeasurementLike {
  /** Real experts with plan rows: whose weights the layer streams. */
  readonly usedExperts: number;
  /** `E (1 - (1 - k / (E + Z))^T)` for top-k under uniform routing; `null` when k varies per token. */
  readonly expectedUniqueExperts: number | null;
  /** Weight bytes one layer streams: the used experts' matrices and the router. */
  readonly moeWeightBytes: number;
  readonly denseGemvMedianMs: number;
  readonly moeGBps: number;
  readonly denseGemvGBps: number;
  /** `moeGBps / denseGemvGBps` (target >= 0.7). */
  readonly bandwidthRatio: number;
}

type MeasureWebGpuLayer = (options: {
  spec: RouterSpecV1;
  T: number;
  d: number;
  E: number;
  f: number;
  iterations: number;
  warmup: number;
  backend: KernelBackendV1;
  profileKernels?: boolean;
}) => Promise<WebGpuLayerMeasurementLike>;

/**
 * Row metrics of a kernel profile: each layer kernel's median GPU time (`gpuMs:<kernel>`), the sums of the
 * layer's and the dense baseline's kernels, and their ratio `gpuMoeVsDense` (the FLOP comparison on GPU time
 * alone, without submission overhead).
 */
export function kernelProfileMetrics(
  profile: WebGpuLayerMeasurementLike['kernelProfile'],
): Record<string, number> {
  if (!profile) return {};
  const metrics: Record<string, number> = {};
  for (const { kernel, medianMs } of profile.layer) {
    metrics[`gpuMs:${kernel}`] = (metrics[`gpuMs:${kernel}`] ?? 0) + medianMs;
  }
  const layer = profile.layer.reduce((sum, entry) => sum + entry.medianMs, 0);
  const dense = profile.dense.reduce((sum, entry) => sum + entry.medianMs, 0);
  return { ...metrics, gpuMsLayer: layer, gpuMsDense: dense, gpuMoeVsDense: dense / layer };
}

/** A diagnostics row: the layer's dispatch and read-back counts for one router family. */
export interface WebGpuDiagnosticsRow extends BenchRow {
  readonly router: string;
  readonly readbacksPerLayer: number | null;
  readonly dispatchesPerLayer: number | null;
  /** Which expert FFN kernels the layer ran: `'gemv'` (decode batches) or `'grouped-gemm'`. */
  readonly expertFfn: string | null;
}

export const webGpuSuiteShapes = {
  full: { tokens: 1024, d: 256, f: 512, experts: 8 },
  quick: { tokens: 16, d: 16, f: 32, experts: 8 },
} as const;

/**
 * Tokens of the extra decode row (top-k family, the suite's d, f and E): small enough for the backend's GEMV
 * path (at most 8 tokens), so both expert FFN paths are measured in one run.
 */
export const webGpuDecodeTokens = 4;

/** The id suffix (and ratio key) of the decode row. */
const decodeRow = 'top-k-decode';

async function loadMeasureWebGpuLayer(): Promise<MeasureWebGpuLayer> {
  const module = (await import('@anyk/kernels-webgpu/diagnostics')) as Record<string, unknown>;
  if (typeof module.measureWebGpuLayer !== 'function') {
    throw new UnsupportedError(
      'the webgpu suites',
      'measureWebGpuLayer is not exported by @anyk/kernels-webgpu/diagnostics in this build',
    );
  }
  return module.measureWebGpuLayer as MeasureWebGpuLayer;
}

/** The adapter behind a WebGPU backend's device, when the device exposes `adapterInfo`. */
export function adapterOf(backend: KernelBackendV1): AdapterInfo | undefined {
  const info = (backend as { device?: { adapterInfo?: Partial<GPUAdapterInfo> } }).device?.adapterInfo;
  if (!info) return undefined;
  const fields = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
  return { ...fields, software: /swiftshader|llvmpipe|software|cpu/i.test(Object.values(fields).join(' ')) };
}

/** Runs `measureWebGpuLayer` for every family on one WebGPU backend; a missing piece is a single error row. */
async function runWebGpu(
  context: SuiteContext,
  suite: 'webgpu' | 'webgpu-diagnostics',
): Promise<{
  rows: BenchRow[];
  adapter: AdapterInfo | undefined;
  measurements: Map<string, WebGpuLayerMeasurementLike>;
}> {
  const shape = { ...(context.quick ? webGpuSuiteShapes.quick : webGpuSuiteShapes.full), seed: 5 };
  const measurements = new Map<string, WebGpuLayerMeasurementLike>();
  let measure: MeasureWebGpuLayer;
  let backend: KernelBackendV1;
  try {
    measure = await loadMeasureWebGpuLayer();
    backend = await createBackend('webgpu');
  } catch (error) {
    const row = errorRow(
      { id: `${suite}/not-available`, group: suite, implementation: 'anyk webgpu', shape: {}, threads: null },
      error,
    );
    return { rows: [row], adapter: undefined, measurements };
  }
  const diagnostics = suite === 'webgpu-diagnostics';
  // Full timing runs also time every kernel on the GPU where the device has timestamp queries.
  const profileKernels =
    !diagnostics &&
    !context.quick &&
    ((backend as { features?: readonly string[] }).features ?? []).includes('timestamp-query');
  const centres = demoTokens({ ...shape, tokens: 1 }).centres;
  const layerCase = (key: string, family: DemoFamily, tokens: number, label: string): BenchCase => ({
    id: `${suite}/${key}`,
    group: diagnostics
      ? 'dispatches per layer'
      : `layer T=${tokens} d=${shape.d} f=${shape.f} E=${shape.experts}`,
    implementation: `anyk webgpu ${label}`,
    shape: { family, T: tokens, d: shape.d, f: shape.f, E: shape.experts },
    threads: null,
    async setup() {
      const spec = demoLayer(family, { ...shape, tokens }, centres).layer.spec;
      const measured = await measure({
        spec,
        T: tokens,
        d: shape.d,
        E: shape.experts,
        f: shape.f,
        // Quick runs only smoke-test the path: one timed run (SwiftShader's dense GEMMs take ~1 s each).
        iterations: diagnostics || context.quick ? 1 : context.measure.repeats,
        warmup: diagnostics || context.quick ? 0 : context.measure.warmup,
        backend,
        profileKernels,
      });
      measurements.set(key, measured);
      const decode = measured.decode ?? undefined;
      const counters = {
        readbacksPerLayer: measured.readbacksPerLayer,
        finalReadbacksPerLayer: measured.finalReadbacksPerLayer,
        dispatchesPerLayer: measured.dispatchesPerLayer,
        indirectDispatchesPerLayer: measured.indirectDispatchesPerLayer,
        rows: measured.rows,
        ...(decode ? { usedExperts: decode.usedExperts } : {}),
      };
      // Decode rows (GEMV path) add the bandwidth comparison; the FLOP-based fields stay for every row.
      const bandwidth = decode
        ? {
            expectedUniqueExperts: decode.expectedUniqueExperts,
            moeWeightBytes: decode.moeWeightBytes,
            moeGBps: decode.moeGBps,
            denseGemvMedianMs: decode.denseGemvMedianMs,
            denseGemvGBps: decode.denseGemvGBps,
            bandwidthVsDenseGemv: decode.bandwidthRatio,
          }
        : {};
      return {
        premeasured: { medianMs: measured.moeMedianMs, minMs: null, maxMs: null, runs: measured.iterations },
        work: { flops: measured.expertFlops, tokens },
        metrics: diagnostics
          ? counters
          : {
              ...counters,
              denseMedianMs: measured.denseMedianMs,
              moeVsDense: measured.moeVsDense,
              ...(measured.moeRecordMs !== undefined && measured.denseRecordMs !== undefined
                ? { moeRecordMs: measured.moeRecordMs, denseRecordMs: measured.denseRecordMs }
                : {}),
              ...bandwidth,
              ...kernelProfileMetrics(measured.kernelProfile),
            },
      };
    },
  });
  const cases: BenchCase[] = [
    ...demoFamilies.map((family) => layerCase(family, family, shape.tokens, family)),
    // One decode batch, which the backend runs on its GEMV path instead of the grouped GEMMs.
    layerCase(decodeRow, 'top-k', webGpuDecodeTokens, `top-k decode T=${webGpuDecodeTokens}`),
  ];
  try {
    const rows = await runBenchCases(cases, context, suite);
    return { rows, adapter: adapterOf(backend), measurements };
  } finally {
    await backend.dispose();
  }
}

/**
 * `webgpu`: the device-resident layer of every family against dense WGSL GEMMs of the same FLOPs, and the
 * decode row's weight bandwidth against a dense WGSL GEMV of the same bytes.
 */
export const webGpuSuite: BenchSuite = {
  name: 'webgpu',
  description:
    'WebGPU layer per family vs dense WGSL GEMMs of the same FLOPs, decode row also vs a dense GEMV of the same weight bytes (measureWebGpuLayer)',
  async run(context) {
    const { rows, adapter, measurements } = await runWebGpu(context, 'webgpu');
    const ratios: Record<string, number | null> = {};
    for (const key of [...demoFamilies, decodeRow])
      ratios[`moe_vs_dense:${key}`] = measurements.get(key)?.moeVsDense ?? null;
    ratios[`bandwidth_vs_dense_gemv:${decodeRow}`] =
      measurements.get(decodeRow)?.decode?.bandwidthRatio ?? null;
    const result: SuiteResult = {
      rows,
      ratios,
      notes: [
        'Times are medians of submit-to-queue-done of the device-resident layer (no read-back), measured by measureWebGpuLayer of @anyk/kernels-webgpu; min/max are not reported by it.',
        'moe_vs_dense = dense WGSL GEMM time of the same FLOPs / MoE layer time (apps/docs/site/guide/kernels.md target >= 0.75 at >= 4 tiles of rows per expert).',
        `The ${decodeRow} row (T=${webGpuDecodeTokens}) runs the expert FFN on the GEMV path. Its moe_vs_dense still compares with the tiled dense GEMM of the same FLOPs; the decode metric of apps/docs/site/guide/kernels.md is bandwidth_vs_dense_gemv = the layer's effective weight bandwidth (used experts' gate/up/down + router bytes / layer time) / a dense WGSL GEMV's over the same bytes and T (target >= 0.7). The row also reports usedExperts (from the plan) and expectedUniqueExperts = E (1 - (1 - k/E)^T).`,
        'moeRecordMs / denseRecordMs: of those times, the host time spent recording the commands (JavaScript and Dawn on the CPU, before the submit); a small layer cannot run faster than this.',
        'On a software adapter (SwiftShader) the timings say nothing about GPU speed; the counters and the recording times still hold.',
      ],
    };
    return adapter ? { ...result, adapter } : result;
  },
};

/** `webgpu-diagnostics`: dispatches and read-backs per layer for every family (targets: <= 8 and 0). */
export const webGpuDiagnosticsSuite: BenchSuite = {
  name: 'webgpu-diagnostics',
  description: 'WebGPU dispatches and read-backs per layer for every router family',
  async run(context) {
    const { rows, adapter, measurements } = await runWebGpu(context, 'webgpu-diagnostics');
    const diagnosticRows: BenchRow[] = rows.map(
      (row): WebGpuDiagnosticsRow => ({
        ...row,
        router: typeof row.shape.family === 'string' ? row.shape.family : row.implementation,
        readbacksPerLayer: row.metrics.readbacksPerLayer ?? null,
        dispatchesPerLayer: row.metrics.dispatchesPerLayer ?? null,
        expertFfn: measurements.get(row.id.slice(row.id.indexOf('/') + 1))?.expertFfn ?? null,
      }),
    );
    const dispatches = diagnosticRows
      .map((row) => row.metrics.dispatchesPerLayer)
      .filter((value) => typeof value === 'number');
    const readbacks = diagnosticRows
      .map((row) => row.metrics.readbacksPerLayer)
      .filter((value) => typeof value === 'number');
    const result: SuiteResult = {
      rows: diagnosticRows,
      ratios: {
        max_dispatches_per_layer: dispatches.length > 0 ? Math.max(...(dispatches as number[])) : null,
        max_readbacks_per_layer: readbacks.length > 0 ? Math.max(...(readbacks as number[])) : null,
      },
      notes: [
        'readbacksPerLayer counts buffer maps inside the layer (target 0); finalReadbacksPerLayer the one returning the result. Targets from apps/docs/site/guide/kernels.md: <= 6-8 dispatches, 0 read-backs.',
        'Timings in this suite come from a single run and only make the counters visible next to them.',
      ],
    };
    return adapter ? { ...result, adapter } : result;
  },
};
