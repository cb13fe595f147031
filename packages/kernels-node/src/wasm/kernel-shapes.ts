/** How the microkernels multiply-add: relaxed-SIMD FMA, or the SIMD128 `mul` + `add` pair. */
export type MultiplyAddMode = 'relaxed-madd' | 'mul-add';

/**
 * Register blocking of the packed GEMM microkernels. `rows` x `columns` outputs per call live in
 * `rows * columns / lanes` v128 accumulators. Measured on V8 12 / x86-64 (AVX2): 4 x 8 f32 with no k-unrolling
 * reaches about 29 GFLOP/s per core with relaxed FMA, while 6 x 8, 4 x 16 and unrolled variants spill
 * (15-21 GFLOP/s): V8's register allocator, not the ISA's 16 registers, is the limit.
 */
export const microkernelShape = {
  f32: { rows: 4, columns: 8 },
  f64: { rows: 4, columns: 4 },
} as const;

/** Rows of A per call of the small-batch (GEMV) kernels. */
export const gemvMaxRows = 4;
