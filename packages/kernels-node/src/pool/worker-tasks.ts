/**
 * The plain-data tasks the main thread posts to the workers. Addresses are byte offsets into the shared
 * `WebAssembly.Memory`; element strides are in elements. Every task carries a flat `items` list that the
 * workers consume through one atomic counter, so a task with many small items balances itself.
 *
 * This file is imported by the worker script too: keep it free of runtime imports.
 */

import type { PanelWeights } from '../wasm/kernel-shapes.ts';

/** Floating-point layout of a buffer in shared memory. */
export type Precision = 'f32' | 'f64';

/** `-1` marks an absent optional address. */
export const noAddress = -1;

/**
 * A matrix operand read as `M(i, j) = data[row(i) * strideI + column(j) * strideJ]` where `row` /
 * `column` go through an Int32 index list when one is given (a gather: rows of X through `rowToken`, no
 * permuted copy).
 */
export interface MatrixView {
  readonly address: number;
  readonly precision: Precision;
  readonly strideI: number;
  readonly strideJ: number;
  /** Int32 list indexed by i, or `noAddress`. */
  readonly indexI: number;
  /** Int32 list indexed by j, or `noAddress`. */
  readonly indexJ: number;
}

/**
 * Where the output columns of a GEMM live. With `interleaveHalf > 0` the logical columns form two
 * halves (gate | up) of `interleaveHalf` columns each and panels alternate between them, so one work
 * item always owns both halves of its columns (the SwiGLU epilogue needs both).
 */
export interface ColumnLayout {
  /** Logical number of valid columns per half (or in all, without interleaving). */
  readonly columns: number;
  /** Column count of each half (a multiple of the panel width) or 0. */
  readonly interleaveHalf: number;
}

/** Pack B panels: `packed[panel][k][NR] = B(n, k) * scale * kScale[k]`, zero beyond the valid columns. */
export interface PackGroup {
  /** B as a view with i = n (output column), j = k. */
  readonly source: MatrixView;
  readonly layout: ColumnLayout;
  readonly depth: number;
  readonly scale: number;
  /** Float32 per-k scale (e.g. router weights of the rows), or `noAddress`. */
  readonly kScale: number;
  readonly destination: number;
  readonly panelStrideBytes: number;
}

export interface PackTask {
  readonly kind: 'pack';
  readonly precision: Precision;
  readonly groups: readonly PackGroup[];
  /** `[group, panelStart, panelEnd]` triples. */
  readonly items: Int32Array;
}

/** What to do with a finished output block. */
export type Epilogue =
  | { readonly kind: 'none' }
  /** Multiply each output row by a Float32 factor (router weight in the down projection). */
  | { readonly kind: 'row-scale'; readonly factors: number }
  /**
   * Apply the expert activation, reading the pre-activations from C and writing `h` (f32) with row
   * stride `hStride`: `swiglu` needs an interleaved layout (gate half, up half).
   */
  | {
      readonly kind: 'activation';
      readonly activation: 'swiglu' | 'silu' | 'gelu';
      readonly h: number;
      readonly hStride: number;
    };

/** One GEMM of a grouped GEMM: `C[m, n] (+)= sum_k A(m, k) B(n, k)`, B pre-packed. */
export interface GemmGroup {
  readonly rows: number;
  readonly depth: number;
  /** A view with i = m, j = k. */
  readonly a: MatrixView;
  /** Packed B of this group (`[panel][depth][NR]`). */
  readonly packedB: number;
  readonly panelStrideBytes: number;
  readonly layout: ColumnLayout;
  /** C, of the task's precision, row-major with `cStride` elements per row. */
  readonly c: number;
  readonly cStride: number;
  readonly accumulate: boolean;
  readonly epilogue: Epilogue;
}

export interface GemmTask {
  readonly kind: 'gemm';
  readonly precision: Precision;
  readonly groups: readonly GemmGroup[];
  /** `[group, rowStart, rowEnd, panelStart, panelEnd]` quintuples. */
  readonly items: Int32Array;
}

/**
 * Small-batch path: C = A W^T with the raw (unpacked) f32 weight rows streamed once per item, A rows
 * contiguous with `aStride` elements (a multiple of 4, zero-padded) and `depth` a multiple of 4.
 */
export interface GemvGroup {
  readonly rows: number;
  readonly depth: number;
  readonly a: number;
  readonly aStride: number;
  /** Weight rows (one per logical output column, in the un-interleaved order), `wStride` elements each. */
  readonly w: number;
  readonly wStride: number;
  /**
   * When given, the packed panels of the same weights (`[panel][depth][NR]`, `panelStrideBytes` apart)
   * are streamed instead of the rows `w` (then `depth` need not be a multiple of 4). `weights` says how
   * the panels hold them (default `'f32'`; `'bf16'` / `'f16'` panels are 16-bit, see `halfPanelLaneOrder`).
   */
  readonly packed?:
    | {
        readonly address: number;
        readonly panelStrideBytes: number;
        readonly weights?: PanelWeights | undefined;
      }
    | undefined;
  readonly layout: ColumnLayout;
  readonly c: number;
  readonly cStride: number;
  readonly epilogue: Epilogue;
}

export interface GemvTask {
  readonly kind: 'gemv';
  readonly groups: readonly GemvGroup[];
  /** `[group, rowStart, rowEnd, panelStart, panelEnd]` quintuples. */
  readonly items: Int32Array;
}

/**
 * Backward through the activation and the router weight, per plan row (f32 buffers):
 * `dHraw = gy_t Wd` (in), `dw_r = dHraw_r . h_r` (out), `dh = w_r dHraw_r`, then `dGU` (gate | up
 * halves for swiglu, one half for mlp) from the saved pre-activations `gu`.
 */
export interface ActivationBackwardTask {
  readonly kind: 'activation-backward';
  readonly activation: 'swiglu' | 'silu' | 'gelu';
  readonly columns: number;
  readonly dHraw: number;
  readonly dHrawStride: number;
  readonly h: number;
  readonly hStride: number;
  readonly gu: number;
  readonly guStride: number;
  readonly halfStride: number;
  readonly rowWeight: number;
  readonly dGU: number;
  readonly rowWeightGrad: number;
  /** `[rowStart, rowEnd]` pairs. */
  readonly items: Int32Array;
}

/** One 16-bit packed matrix to widen: `steps` k steps (all panels' steps, back to back). */
export interface WidenGroup {
  readonly source: number;
  readonly destination: number;
  readonly steps: number;
}

/** Widens 16-bit packed panels to float32 panels (a prefill on 16-bit weights, per call). */
export interface WidenTask {
  readonly kind: 'widen';
  readonly weights: 'bf16' | 'f16';
  readonly groups: readonly WidenGroup[];
  /** `[group, stepStart, stepEnd]` triples. */
  readonly items: Int32Array;
}

/** A task that always fails inside the worker: lets tests prove that failures reject and the pool recovers. */
export interface FailTask {
  readonly kind: 'fail';
  readonly message: string;
  readonly items: Int32Array;
}

/**
 * Several GEMM / GEMV tasks run in order by one worker, in one round trip: a decode step on one thread
 * (gate/up then down) waits for the pool twice less. `items` is one dummy item (the whole sequence);
 * the worker claims each sub-task's items through its own counter slot after the job's counter.
 */
export interface SequenceTask {
  readonly kind: 'sequence';
  readonly tasks: readonly (GemmTask | GemvTask)[];
  readonly items: Int32Array;
}

/** Sub-tasks a sequence may hold: one Int32 counter each in the pool's 64-byte counter block. */
export const sequenceMaxTasks = 15;

export type WorkerTask =
  | PackTask
  | GemmTask
  | GemvTask
  | ActivationBackwardTask
  | WidenTask
  | FailTask
  | SequenceTask;

/** Messages from a worker to the pool. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly jobId: number }
  | { readonly type: 'failed'; readonly jobId: number; readonly message: string; readonly stack: string };

/** Messages from the pool to a worker. */
export interface WorkerRequest {
  readonly jobId: number;
  /** Byte address of the Int32 item counter for this job. */
  readonly counter: number;
  /** Per-worker scratch (packed A tile and an edge C tile). */
  readonly scratch: number;
  readonly task: WorkerTask;
}

/** Items per entry of each task's `items` list. */
export function itemWidth(task: WorkerTask): number {
  switch (task.kind) {
    case 'pack':
    case 'widen':
      return 3;
    case 'gemm':
    case 'gemv':
      return 5;
    case 'activation-backward':
      return 2;
    case 'fail':
    case 'sequence':
      return 1;
  }
}
