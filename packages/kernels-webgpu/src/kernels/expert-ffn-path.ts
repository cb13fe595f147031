import { type GemmTiling, pickGemmTiling } from './gemm-tiles.ts';

/**
 * The largest batch (tokens) that takes the GEMV path. Every token picks an expert at most once, so an
 * expert has at most `tokens` rows; at 8 rows or fewer the smallest GEMM tile (32 rows) is at least 75% padding
 * per expert, while the GEMV's per-thread state (one accumulator per row and weight matrix, 16 for SwiGLU) and
 * its `x` loads per weight `vec4` (one per row) grow with the rows and lose the GEMM's tile reuse past that.
 * apps/docs/site/guide/kernels.md puts decode at T <= 8 too (ORT's 1-token path, MLC `gemv`, ggml
 * `mul_mat_id_vec`).
 */
export const gemvMaxTokens = 8;

/** Which kernels compute the expert FFN of a layer, picked on the host from the shape alone. */
export type ExpertFfnPath =
  /** Decode: `grouped-gemv-up` / `-down`, `rows` = the most rows of one expert a workgroup handles. */
  | { readonly kind: 'gemv'; readonly rows: number }
  /** Everything larger: `grouped-gemm-up` / `-down` with this tiling. */
  | { readonly kind: 'grouped-gemm'; readonly tiling: GemmTiling };

/**
 * The FFN path for a layer of `tokens` tokens over `experts` experts. Like `pickGemmTiling` it never looks at
 * `kMax` (the host cannot know the real rows without reading the plan back): `tokens` bounds the rows of any
 * one expert whatever the rule. The GEMV's row bound is `tokens` rounded up to a power of two (1, 2, 4, 8), so
 * a shape compiles at most four GEMV pipelines and never one per batch size.
 */
export function pickExpertFfnPath(shape: { tokens: number; experts: number }): ExpertFfnPath {
  if (shape.tokens <= gemvMaxTokens) {
    return { kind: 'gemv', rows: 2 ** Math.ceil(Math.log2(Math.max(shape.tokens, 1))) };
  }
  return { kind: 'grouped-gemm', tiling: pickGemmTiling(shape) };
}

/** The rows of one plan tile (row group) of a path: what the plan scan counts tiles in. */
export function ffnTileRows(path: ExpertFfnPath): number {
  return path.kind === 'gemv' ? path.rows : path.tiling.rows;
}
