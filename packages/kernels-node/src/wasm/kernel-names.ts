import type { PanelWeights } from './kernel-shapes.ts';

/** Names of the exported kernels, with their parameters (all i32 byte addresses / counts). */
export const kernelNames = {
  /** `(aPack, bPack, kCount, c, cRowStrideBytes, accumulate)`: f32 packed MR x NR tile. */
  gemmF32: 'gemm_f32',
  /** `(aPack, bPack, kCount, c, cRowStrideBytes, accumulate)`: f64 packed MR x NR tile. */
  gemmF64: 'gemm_f64',
  /** `gemv_f32_<rows>(a, aRowStrideBytes, w, wRowStrideBytes, kCount (multiple of 4), columns, c, cRowStrideBytes)`. */
  gemvF32: (rows: number) => `gemv_f32_${rows}`,
  /**
   * `(destination, kCount, row0, row1, row2, row3)`: packs four contiguous f32 rows of A (byte addresses;
   * a padding row points at zeros) into the `[k][4]` f32 tile the f32 microkernel reads.
   */
  packAF32: 'pack_a_f32',
  /** Same as `packAF32` but widens to the `[k][4]` f64 tile of the f64 microkernel (router logits). */
  packAF64FromF32: 'pack_a_f64_from_f32',
  /**
   * `gemv_packed_<weights>_<rows>(a, aRowStrideBytes, panel, depth, c, cRowStrideBytes)`: one packed B panel
   * (`[depth][8]`), all of its depth, for `rows` rows of A; writes 8 columns per row. `f32` panels, or
   * 16-bit ones (`bf16`, `f16`: 16-bit values in `halfPanelLaneOrder`) widened in registers.
   */
  gemvPacked: (weights: PanelWeights, rows: number) => `gemv_packed_${weights}_${rows}`,
  /**
   * `gemv_packed_streams_<weights>_<rows>(a, aRowStrideBytes, panel, depth, c, cRowStrideBytes, panelStride,
   * cPanelStride)`: `packedGemvStreams(rows).streams` panels side by side, panel `s` at `panel + s
   * panelStride` (bytes) writing its 8 columns at `c + s cPanelStride` (bytes).
   */
  gemvPackedStreams: (weights: PanelWeights, rows: number) => `gemv_packed_streams_${weights}_${rows}`,
  /**
   * `widen_<weights>_panels(source, destination, steps)`: `steps` k steps of a 16-bit packed panel (16
   * bytes each, `halfPanelLaneOrder`) widened to float32 `[k][8]` steps (32 bytes each).
   */
  widenHalfPanels: (weights: 'bf16' | 'f16') => `widen_${weights}_panels`,
  /** `(gate, up, h, count)`: `h = silu(gate) * up` over `count` (a multiple of 4) f32 values. */
  swigluF32: 'swiglu_f32',
  /** `(x, unused, h, count)`: `h = silu(x)` over `count` (a multiple of 4) f32 values. */
  siluF32: 'silu_f32',
  /**
   * `(gate, up, dHraw, dGate, dUp, weight, count)`: SwiGLU's backward over `count` (a multiple of 4) f32
   * values, `dh = weight dHraw`, `dGate = dh up s (1 + gate (1 - s))`, `dUp = dh gate s`, `s = sigmoid(gate)`.
   */
  swigluBackwardF32: 'swiglu_backward_f32',
  /** `(x, unused, dHraw, dX, unused, weight, count)`: SiLU's backward, `dX = weight dHraw s (1 + x (1 - s))`. */
  siluBackwardF32: 'silu_backward_f32',
} as const;
