import type { AuxLossConfig, LossScoring } from './aux-loss-config.ts';

/** DynMoE router parameters the cosine-sigmoid losses read (apps/docs/site/guide/algorithms.md). */
export interface CosineRouterInputs {
  /** `[dim, numExperts]` expert embeddings W_g, one column per slot. */
  readonly expertEmbeddings: ArrayLike<number>;
  readonly dim: number;
  /** `[numExperts]` threshold logits theta. */
  readonly thresholds: ArrayLike<number>;
  /** `[numExperts]` active mask. */
  readonly mask: ArrayLike<number>;
  readonly logitScale: number;
  /** `[T, dim]` router input; when given the result also carries `gradX` and the cosine path of W_g. */
  readonly x?: ArrayLike<number> | undefined;
}

/** Ada-K allocator quantities (apps/docs/site/guide/algorithms.md). */
export interface AllocatorInputs {
  /** `[T, kMax]` allocator logits. */
  readonly allocLogits: ArrayLike<number>;
  readonly kMax: number;
  /** `[T]` sampled k in `1..kMax`. */
  readonly sampledK: ArrayLike<number>;
  readonly oldLogProb?: ArrayLike<number> | undefined;
  readonly advantage?: ArrayLike<number> | undefined;
}

/** One layer's routing quantities, as the router computed them. */
export interface LayerLossInputs {
  readonly numTokens: number;
  /** Real (FFN) experts E. */
  readonly numExperts: number;
  /** Candidates E + Z (default E). */
  readonly numCandidates?: number | undefined;
  /**
   * `[T, numCandidates]` router logits after any gating residual and before std-normalisation (DynMoE:
   * `logitScale * cos`). The gradient `gradLogits` is w.r.t. these.
   */
  readonly logits: ArrayLike<number>;
  readonly scoring: LossScoring;
  /** relu-rmsnorm eps (default 1e-5). */
  readonly eps?: number | undefined;
  /** MoE++ std-normalisation before the softmax. */
  readonly stdNormalise?: { readonly normStd: number } | undefined;
  /** `[T, numCandidates]` 0/1 selection (balance losses; before capacity dropping). */
  readonly selection?: ArrayLike<number> | undefined;
  /** `[T]` per-token weights of Uni-MoE-2.0's balance loss (all 1 when absent). */
  readonly tokenWeights?: ArrayLike<number> | undefined;
  /** BlockFFN `[T]` previous-token index (-1 = none). */
  readonly prevIndex?: ArrayLike<number> | undefined;
  /** BlockFFN `[T]` 1 = real token, 0 = padding. */
  readonly sequenceMask?: ArrayLike<number> | undefined;
  readonly cosine?: CosineRouterInputs | undefined;
  readonly allocator?: AllocatorInputs | undefined;
}

/** The summed auxiliary loss of one layer and its gradients. */
export interface LayerAuxLossResult {
  /** Sum of every configured loss (each including its coefficient). */
  readonly value: number;
  /** Each configured loss in order, with its own value. */
  readonly terms: readonly { readonly type: AuxLossConfig['type']; readonly value: number }[];
  /** `[T, numCandidates]` gradient at the router logits. */
  readonly gradLogits: Float64Array;
  /** DynMoE `[numExperts]` gradient at theta. */
  readonly gradThresholds?: Float64Array;
  /** DynMoE `[dim, numExperts]` gradient at W_g (direct terms, plus the cosine path when `cosine.x` was given). */
  readonly gradExpertEmbeddings?: Float64Array;
  /** DynMoE `[T, dim]` gradient at x (only when `cosine.x` was given). */
  readonly gradX?: Float64Array;
  /** Ada-K `[T, kMax]` gradient at the allocator logits. */
  readonly gradAllocLogits?: Float64Array;
}
