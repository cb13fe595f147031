/**
 * One register-blocked GEMM tiling: a workgroup computes `rows x columns` outputs, each thread
 * `rowsPerThread x columnsPerThread` of them (rows `ty + i * threadsY`, columns `tx + j * threadsX`, strided so
 * the workgroup-memory reads of a warp hit distinct banks and the stores to global memory coalesce), over
 * K-slices of `depth` (a multiple of 4: A and B tiles are held as `vec4` along K in workgroup memory).
 */
export interface GemmTiling {
  readonly name: string;
  readonly rows: number;
  readonly columns: number;
  readonly depth: number;
  readonly rowsPerThread: number;
  readonly columnsPerThread: number;
}

/**
 * The tilings the grouped GEMMs (and the dense reference GEMM of the diagnostics) can use. Every one keeps
 * its two tiles (rows and columns by `depth + 4` floats, one `vec4` of padding per row against bank
 * conflicts) within the 16 KiB of workgroup memory WebGPU guarantees, and has 256 threads, each loading
 * whole `vec4`s, so the kernels run on every adapter, SwiftShader included.
 */
export const gemmTilings = {
  /** 32 x 32, 2 x 2 per thread, K-slice 32: many small workgroups for few rows per expert. */
  small: { name: 'small', rows: 32, columns: 32, depth: 32, rowsPerThread: 2, columnsPerThread: 2 },
  /** 64 x 64, 4 x 4 per thread, K-slice 16. */
  medium: { name: 'medium', rows: 64, columns: 64, depth: 16, rowsPerThread: 4, columnsPerThread: 4 },
  /** 128 x 64, 8 x 4 per thread, K-slice 16 (15 KiB of workgroup memory). */
  large: { name: 'large', rows: 128, columns: 64, depth: 16, rowsPerThread: 8, columnsPerThread: 4 },
  /** 64 x 128, 4 x 8 per thread, K-slice 16. */
  wide: { name: 'wide', rows: 64, columns: 128, depth: 16, rowsPerThread: 4, columnsPerThread: 8 },
  /** 128 x 128, 8 x 8 per thread, K-slice 8. */
  huge: { name: 'huge', rows: 128, columns: 128, depth: 8, rowsPerThread: 8, columnsPerThread: 8 },
} as const satisfies Record<string, GemmTiling>;

/** Threads of a tiling's workgroup (`threadsX` along columns, `threadsY` along rows). */
export function gemmThreads(tiling: GemmTiling): { threadsX: number; threadsY: number; threads: number } {
  const threadsX = tiling.columns / tiling.columnsPerThread;
  const threadsY = tiling.rows / tiling.rowsPerThread;
  return { threadsX, threadsY, threads: threadsX * threadsY };
}

/**
 * The tiling for a layer of `tokens` tokens over `experts` experts, used by both grouped GEMMs and by the
 * dense reference GEMM of the diagnostics (so their ratio compares kernels of the same tiling). The host
 * never reads the plan back, so it sizes the row tile from the tokens per expert (one row per token: a
 * lower bound for every top-k and the typical case), not from `kMax`: a rule that may pick up to all E
 * experts (top-p, thresholds) must not get a different tile than top-1 on the same batch. Each expert wastes
 * less than one row tile, so the row tile stays at most a quarter of the expected rows per expert.
 */
export function pickGemmTiling(shape: { tokens: number; experts: number }): GemmTiling {
  const rowsPerExpert = shape.tokens / Math.max(shape.experts, 1);
  if (rowsPerExpert >= 4 * gemmTilings.large.rows) return gemmTilings.large;
  if (rowsPerExpert >= 4 * gemmTilings.medium.rows) return gemmTilings.medium;
  return gemmTilings.small;
}
