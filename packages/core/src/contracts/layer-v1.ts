import type { RouterParamsV1, RouterSpecV1 } from './router-spec-v1.ts';

/** A float buffer as the contracts accept it; the reference backend computes in float64 regardless. */
export type FloatArray = Float64Array | Float32Array;

/**
 * Expert weights held as 16-bit floats: the raw bits, one `Uint16Array` element per weight. Real checkpoints
 * are BF16; holding them as 16 bits halves the bytes a memory-bound decode step reads. Backends widen them
 * to float32 exactly (every BF16 and F16 value is a float32 value), so a layer with 16-bit weights computes
 * what the same layer computes on the widened weights.
 * - `bf16`: bfloat16, the upper 16 bits of a float32 (widening is a shift).
 * - `f16`: IEEE 754 binary16.
 */
export interface HalfTensorV1 {
  readonly dtype: 'bf16' | 'f16';
  readonly bits: Uint16Array;
}

/** An expert weight tensor: float32/float64 values, or 16-bit floats (`HalfTensorV1`). */
export type ExpertTensorV1 = FloatArray | HalfTensorV1;

/**
 * The FFN of one real expert.
 * - `swiglu`: `W_down (silu(W_gate x) * (W_up x))` (Mixtral, DeepSeek, MoE++, …).
 * - `mlp`: `W_down act(W_up x)`, `act` = `silu` (BlockFFN) or `gelu` (tanh approximation, GPT-2 style).
 */
export type ExpertKindV1 =
  | { readonly kind: 'swiglu' }
  | { readonly kind: 'mlp'; readonly activation: 'silu' | 'gelu' };

/**
 * Weights of one MoE layer. Expert tensors are stacked over the E real experts, row-major. `W` is the
 * type of the expert tensors (`wGate`, `wUp`, `wDown` and the shared experts'): float arrays by default;
 * `MoeLayerWeightsV1<ExpertTensorV1>` also admits 16-bit weights, which every backend's `forward` and
 * `backward` accept.
 */
export interface MoeLayerWeightsV1<W extends ExpertTensorV1 = FloatArray> {
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
  readonly wGate?: W | undefined;
  /** `[E, f, d]`. */
  readonly wUp: W;
  /** `[E, d, f]`. */
  readonly wDown: W;
  /** MoE++ constant experts: `wc [nConst, 2, d]`, `v [nConst, d]` (j-th constant expert uses row j). */
  readonly constants?: { readonly wc: FloatArray; readonly v: FloatArray } | undefined;
  /** Shared (always-on) experts, e.g. DeepSeek-V3, Qwen2-MoE, Uni-MoE-2.0. Absent = none. */
  readonly shared?: SharedExpertsV1<W> | undefined;
}

/**
 * How each token weighs the shared experts' outputs.
 * - `none`: weight 1 (DeepSeek-V3's `shared_experts`).
 * - `sigmoid`: one scalar per token, `sigmoid(x . gateWeight)`, on every shared expert (Qwen2-MoE's
 *   `shared_expert_gate`).
 * - `softmax-mixed`: Uni-MoE-2.0: the router's last `count` logit columns are the shared experts'; a joint
 *   softmax over a token's surviving dynamic picks and every shared column gives each shared expert its
 *   weight (the router spec's `sharedExperts` says how many columns; the routing result carries the weights).
 */
export type SharedExpertGateV1 = 'none' | 'sigmoid' | 'softmax-mixed';

/**
 * Shared experts: every token goes through each of them, outside the router's selection. They use the
 * layer's expert kind (`weights.expert`) with their own intermediate width `f` (real models give shared
 * experts a width of their own: Qwen2-MoE's `shared_expert_intermediate_size`, DeepSeek-V3's
 * `n_shared_experts * moe_intermediate_size`).
 */
export interface SharedExpertsV1<W extends ExpertTensorV1 = FloatArray> {
  /** Number S of shared experts (at least 1). */
  readonly count: number;
  /** Intermediate width `f_s` of every shared expert. */
  readonly f: number;
  readonly gate: SharedExpertGateV1;
  /** `[S, f_s, d]`, only for `swiglu`. */
  readonly wGate?: W | undefined;
  /** `[S, f_s, d]`. */
  readonly wUp: W;
  /** `[S, d, f_s]`. */
  readonly wDown: W;
  /** `[d]`, only for `gate: 'sigmoid'`: the row of the per-token gate `sigmoid(x . gateWeight)`. */
  readonly gateWeight?: FloatArray | undefined;
}

/**
 * One MoE layer: what routes, what computes, and the router's non-logit parameters. `W` is the type of the
 * expert tensors (see `MoeLayerWeightsV1`).
 */
export interface MoeLayerV1<W extends ExpertTensorV1 = FloatArray> {
  readonly spec: RouterSpecV1;
  /**
   * Treated as immutable per object: backends may cache derived data (packed GEMM panels, device buffers)
   * keyed by this object's identity. After changing weight arrays in place (an optimizer step), pass a new
   * weights object (`{ ...weights }` is enough) so every backend sees the update.
   */
  readonly weights: MoeLayerWeightsV1<W>;
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
  /** Gradients of the shared experts' weights, when the layer has them. */
  readonly shared?: SharedExpertsGradsV1 | undefined;
}

/** Gradients w.r.t. `SharedExpertsV1`'s tensors, same shapes. */
export interface SharedExpertsGradsV1 {
  readonly wGate?: Float64Array | undefined;
  readonly wUp: Float64Array;
  readonly wDown: Float64Array;
  readonly gateWeight?: Float64Array | undefined;
}
