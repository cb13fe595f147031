import type { RouterParamsV1, RouterSpecV1 } from './router-spec-v1.ts';

/** A float buffer as the contracts accept it; the reference backend computes in float64 regardless. */
export type FloatArray = Float64Array | Float32Array;

/**
 * The FFN of one real expert.
 * - `swiglu`: `W_down (silu(W_gate x) * (W_up x))` (Mixtral, DeepSeek, MoE++, …).
 * - `mlp`: `W_down act(W_up x)`, `act` = `silu` (BlockFFN) or `gelu` (tanh approximation, GPT-2 style).
 */
export type ExpertKindV1 =
  | { readonly kind: 'swiglu' }
  | { readonly kind: 'mlp'; readonly activation: 'silu' | 'gelu' };

/** Weights of one MoE layer. Expert tensors are stacked over the E real experts, row-major. */
export interface MoeLayerWeightsV1 {
  /** Hidden size. */
  readonly d: number;
  /** Expert intermediate size. */
  readonly f: number;
  readonly expert: ExpertKindV1;
  /**
   * Router matrix: `[numExperts + Z, d]` (`W_router`, logits `x W^T`) for `linear` logits; `[d, numExperts]`
   * (`W_g`, one column per expert) for `cosine` logits.
   */
  readonly router: FloatArray;
  /** `[E, f, d]`, only for `swiglu`. */
  readonly wGate?: FloatArray | undefined;
  /** `[E, f, d]`. */
  readonly wUp: FloatArray;
  /** `[E, d, f]`. */
  readonly wDown: FloatArray;
  /** MoE++ constant experts: `wc [nConst, 2, d]`, `v [nConst, d]` (j-th constant expert uses row j). */
  readonly constants?: { readonly wc: FloatArray; readonly v: FloatArray } | undefined;
}

/** One MoE layer: what routes, what computes, and the router's non-logit parameters. */
export interface MoeLayerV1 {
  readonly spec: RouterSpecV1;
  /**
   * Treated as immutable per object: backends may cache derived data (packed GEMM panels, device buffers)
   * keyed by this object's identity. After changing weight arrays in place (an optimizer step), pass a new
   * weights object (`{ ...weights }` is enough) so every backend sees the update.
   */
  readonly weights: MoeLayerWeightsV1;
  readonly params?: RouterParamsV1 | undefined;
  /** `[N, N]` MoE++ gate map M (gating residual `prevLogits M^T`); trainable. */
  readonly gateMap?: FloatArray | undefined;
  /** MoE++ `scale_input_by_k`: every expert (FFN and zero-computation) reads `expertInputScale * x`. */
  readonly expertInputScale?: number | undefined;
}

/** Per-call inputs of a layer forward. */
export interface LayerInputV1 {
  readonly tokens: number;
  /** `[tokens, d]` the layer input (after the block's pre-norm); also the router input. */
  readonly x: FloatArray;
  /** `[tokens, numExperts + Z]` previous layer's gate residual (MoE++), when the spec has `gatingResidual`. */
  readonly prevLogits?: FloatArray | undefined;
  /** `[tokens]` per-token k for `predicted-k` selection (Ada-K). */
  readonly k?: Int32Array | undefined;
}

/** Per-call inputs of a router-only call: logits directly, or x plus the router matrix. */
export interface RouteInputV1 {
  readonly tokens: number;
  /** `[tokens, numExperts + Z]` raw logits. Exclusive with `x`. */
  readonly logits?: FloatArray | undefined;
  /** `[tokens, d]` router input, with `router` (and `d`), when logits are computed by the backend. */
  readonly x?: FloatArray | undefined;
  readonly router?: FloatArray | undefined;
  readonly d?: number | undefined;
  readonly prevLogits?: FloatArray | undefined;
  readonly gateMap?: FloatArray | undefined;
  readonly k?: Int32Array | undefined;
  readonly params?: RouterParamsV1 | undefined;
}

/** Gradients of a router-only call (w.r.t. whatever the call's inputs were). */
export interface RouterGradsV1 {
  /** `[tokens, numExperts + Z]` w.r.t. the raw logits (before residual and normalisation). */
  readonly logits: Float64Array;
  readonly x?: Float64Array | undefined;
  readonly router?: Float64Array | undefined;
  readonly prevLogits?: Float64Array | undefined;
  readonly gateMap?: Float64Array | undefined;
  readonly thresholds?: Float64Array | undefined;
  readonly gain?: Float64Array | undefined;
}

/** Gradients of `sum(y * gradOutput)` (plus any extra logit gradient) w.r.t. every trained input. */
export interface LayerGradsV1 extends RouterGradsV1 {
  readonly x: Float64Array;
  readonly router: Float64Array;
  readonly wGate?: Float64Array | undefined;
  readonly wUp: Float64Array;
  readonly wDown: Float64Array;
  readonly constants?: { readonly wc: Float64Array; readonly v: Float64Array } | undefined;
}
