/** How the microkernels multiply-add: relaxed-SIMD FMA, or the SIMD128 `mul` + `add` pair. */
export type MultiplyAddMode = 'relaxed-madd' | 'mul-add';

/**
 * Register blocking of the packed GEMM microkernels. `rows` x `columns` outputs per call live in
 * `rows * columns / lanes` v128 accumulators. Measured on V8 12 / x86-64 (AVX2): 4 x 8 f32 with no k-unrolling
 * reached about 29 GFLOP/s per core with relaxed FMA, while 6 x 8, 4 x 16 and unrolled variants spilled
 * (15-21 GFLOP/s): V8's register allocator, not the ISA's 16 registers, is the limit. 5 x 8 (10
 * accumulators, 2 B vectors, 1 broadcast) issues 10 FMAs per 7 loads instead of 8 per 6 and still fits:
 * on V8 12.4 / Sapphire Rapids (KVM, AVX-512) the two variants taking turns in one process, paired medians
 * of 4-x-8 time over 5-x-8 time were 1.06 / 1.26 / 1.28 on GEMM 512 x 1024 x 2816 and 1.07 / 1.62 / 1.17 on
 * the top-2 MoE layer at T = 512 (three runs of 6-8 rounds, load 4-5 from other jobs).
 */
export const microkernelShape = {
  f32: { rows: 5, columns: 8 },
  f64: { rows: 4, columns: 4 },
} as const;

/** Rows of A per call of the small-batch (GEMV) kernels. */
export const gemvMaxRows = 4;

/**
 * How the packed GEMV kernels read B's panels: float32, or 16-bit (BF16 / IEEE F16) widened to float32 in
 * registers. A 16-bit panel step holds its 8 columns in the order `halfPanelLaneOrder` gives (see there).
 */
export type PanelWeights = 'f32' | 'bf16' | 'f16';

/**
 * Column order of one k step of a 16-bit packed panel: slot `s` holds column `halfPanelLaneOrder[s]`
 * (`0 4 1 5 2 6 3 7`). Read as four i32 lanes, lane `i` then holds column `i` in its low half and column
 * `i + 4` in its high half, so the two float32 vectors of a step are one shift (`i32x4.shl 16`) and one
 * mask (`v128.and 0xffff0000`) away: no shuffle, no extend.
 */
export const halfPanelLaneOrder = [0, 4, 1, 5, 2, 6, 3, 7] as const;
