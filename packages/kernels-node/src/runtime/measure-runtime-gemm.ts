import type { MultiplyAddMode } from '../wasm/gemm-kernels.ts';
import { type KernelRuntime, view } from './kernel-runtime.ts';

/** One timing series: median and spread of `repeats` runs after `warmup` runs. */
export interface TimingResult {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly repeats: number;
}

export interface GemmMeasurement extends TimingResult {
  readonly gflops: number;
  readonly multiplyAdd: MultiplyAddMode;
  readonly threads: number;
}

export interface MeasureGemmOptions {
  readonly M: number;
  readonly K: number;
  readonly N: number;
  readonly threads?: number | undefined;
  readonly repeats?: number | undefined;
  readonly warmup?: number | undefined;
  readonly multiplyAdd?: 'auto' | MultiplyAddMode | undefined;
}

function summarise(samples: number[]): TimingResult {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: sorted[Math.floor(sorted.length / 2)]!,
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
    repeats: sorted.length,
  };
}

export async function time(
  run: () => Promise<unknown>,
  repeats: number,
  warmup: number,
): Promise<TimingResult> {
  for (let index = 0; index < warmup; index++) await run();
  const samples: number[] = [];
  for (let index = 0; index < repeats; index++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

export function filled(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[index] = state / 2 ** 32 - 0.5;
  }
  return out;
}

/**
 * Dense `C[M,N] = A[M,K] B[N,K]^T` on the backend's f32 microkernel (B packed once, outside the timing),
 * the number to compare with a BLAS or onnxruntime MatMul of the same shape, on a runtime the caller made
 * (and disposes): Node's `measureGemm` and the browser's `measureBrowserGemm` share it.
 */
export async function measureRuntimeGemm(
  runtime: KernelRuntime,
  options: MeasureGemmOptions,
): Promise<GemmMeasurement> {
  const { M, K, N } = options;
  const run = await prepareRuntimeGemm(runtime, options);
  const timing = await time(run, options.repeats ?? 5, options.warmup ?? 2);
  return {
    ...timing,
    gflops: (2 * M * N * K) / (timing.medianMs * 1e6),
    multiplyAdd: runtime.multiplyAdd,
    threads: runtime.threads,
  };
}

/**
 * Uploads seeded A and B, packs B, and returns one call of the GEMM (`C = A B^T` on the runtime's threads),
 * for callers that time it themselves (`prepareGemm`, which a bench interleaves with other rows).
 */
export async function prepareRuntimeGemm(
  runtime: KernelRuntime,
  options: Pick<MeasureGemmOptions, 'M' | 'K' | 'N'>,
): Promise<() => Promise<void>> {
  const { M, K, N } = options;
  const a = runtime.upload(filled(M * K, 1), 'f32');
  const b = runtime.upload(filled(N * K, 2), 'f32');
  const [packed] = await runtime.pack('f32', [
    { source: view(b, 'f32', K, 1), layout: { columns: N, interleaveHalf: 0 }, depth: K },
  ]);
  const c = runtime.arena.allocate(M * N * 4);
  const group = {
    rows: M,
    depth: K,
    a: view(a, 'f32', K, 1),
    packedB: packed!.address,
    panelStrideBytes: packed!.panelStrideBytes,
    layout: packed!.layout,
    c,
    cStride: N,
    accumulate: false,
    epilogue: { kind: 'none' },
  } as const;
  return () => runtime.gemm('f32', [group]);
}

/** A dense GEMM ready to call: what `prepareGemm` and `prepareBrowserGemm` return. */
export interface PreparedGemm {
  /** One `C = A B^T` on the runtime's threads (B already packed). */
  run(): Promise<void>;
  readonly threads: number;
  readonly multiplyAdd: MultiplyAddMode;
  /** Stops the workers and frees the memory. */
  dispose(): Promise<void>;
}

/** `measureRuntimeGemm` on a runtime made for it, disposed afterwards (`measureGemm`, `measureBrowserGemm`). */
export async function measureOwnedGemm(
  runtime: KernelRuntime,
  options: MeasureGemmOptions,
): Promise<GemmMeasurement> {
  try {
    return await measureRuntimeGemm(runtime, options);
  } finally {
    await runtime.dispose();
  }
}

/**
 * `prepareRuntimeGemm` on a runtime the prepared GEMM then owns: `dispose` releases it, and so does a failure
 * while preparing.
 */
export async function prepareOwnedGemm(
  runtime: KernelRuntime,
  options: Pick<MeasureGemmOptions, 'M' | 'K' | 'N'>,
): Promise<PreparedGemm> {
  try {
    const run = await prepareRuntimeGemm(runtime, options);
    return {
      run,
      threads: runtime.threads,
      multiplyAdd: runtime.multiplyAdd,
      dispose: () => runtime.dispose(),
    };
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
}

/** Memory a GEMM measurement's runtime needs: A, B, its packed panels and C, with room to spare. */
export function gemmMemoryBytes(options: Pick<MeasureGemmOptions, 'M' | 'K' | 'N'>): number {
  const { M, K, N } = options;
  return Math.max(64 << 20, (M * K + N * K * 2 + M * N) * 4 * 2);
}
