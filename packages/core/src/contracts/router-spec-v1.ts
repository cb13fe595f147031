/**
 * The router contract: a plain-data description of *what* a backend executes for one MoE layer's routing.
 * Router families (`@anyk/routers`) build these; backends execute them without importing any family.
 *
 * The pipeline, in order (the repository's apps/docs/site/guide/architecture.md):
 *   x ──logits──> z ──(+ gating residual)──> z ──(std-normalise)──> ẑ ──scoring──> s
 *     ──selection (on s + selectionBias)──> slots ──weighting──> w ──(capacity drop)──> final slots.
 *
 * Expert ids: real (FFN) experts are `0 .. numExperts-1`; zero-computation experts follow, the j-th entry
 * of `zeroComputation` having id `numExperts + j`. Every per-expert vector below has `numExperts + Z`
 * entries unless stated otherwise.
 */
export interface RouterSpecV1 {
  /** Literal discriminant so a backend can accept several contract versions side by side. */
  readonly specificationVersion: 'v1';
  /** The family that built this spec (for messages and benchmarks only; backends never branch on it). */
  readonly family: string;
  /** Number of real (FFN) experts E. */
  readonly numExperts: number;
  /**
   * Zero-computation experts, ids `E ..`; they never enter the plan or a GEMM
   * (apps/docs/site/guide/kernels.md).
   */
  readonly zeroComputation: readonly ZeroExpertKind[];
  readonly logits: LogitsSpecV1;
  /** MoE++: add `prevLogits gateMap^T` to the logits (the previous layer's gating residual). */
  readonly gatingResidual: boolean;
  /** MoE++: divide each token's logits by their unbiased std over candidates, times `normStd`. */
  readonly stdNormalise?: { readonly normStd: number } | undefined;
  readonly scoring: ScoringSpecV1;
  readonly selection: SelectionSpecV1;
  readonly weighting: WeightingSpecV1;
  /**
   * Top-k capacity dropping (Megatron "probs" policy): `C = min(T, ceil(T k factor / E))`; each real
   * expert keeps the C selected tokens with the largest combine weight (ties: lower token). Weights are
   * not renormalised after dropping.
   */
  readonly capacityFactor?: number | undefined;
  /**
   * Uni-MoE-2.0: the last `count` logit columns belong to shared experts (ids `numExperts + Z ..`). They are
   * never selected; their logits enter the joint softmax that splits each token's mass between its dynamic
   * picks and the shared experts (`RoutingResultV1.sharedWeight`). Absent = no shared columns. With shared
   * columns, logits, scores and per-expert vectors have `numExperts + Z + S` entries and scoring runs over
   * the dynamic columns only (shared columns score 0); only `uni-moe-top-p` selection accepts them.
   */
  readonly sharedExperts?: { readonly count: number } | undefined;
}

/** What a zero-computation expert outputs: 0, its input, or `a1 x + a2 v` with `(a1, a2) = softmax(W_c x)`. */
export type ZeroExpertKind = 'zero' | 'copy' | 'constant';

/**
 * How logits are formed from the router input x `[T, d]`.
 * - `linear`: `z = x W_router^T`, `W_router [numExperts + Z, d]` (every family but DynMoE).
 * - `cosine`: `z_te = logitScale * cos(x_t, W_g[:, e])`, `W_g [d, numExperts]`, norms clamped at 1e-12
 *   (DynMoE). Scoring must then be `sigmoid` (cosine-sigmoid).
 * Router-only calls may pass logits directly; then this only documents how they were made.
 */
export type LogitsSpecV1 =
  | { readonly kind: 'linear' }
  | { readonly kind: 'cosine'; readonly logitScale: number };

/**
 * Scores from (normalised) logits, per token.
 * - `softmax`: over all candidates (max subtracted).
 * - `sigmoid`: elementwise; multiplied by `params.mask` when given (DynMoE inactive slots score 0).
 * - `relu`: ReMoE, `max(z, 0)`.
 * - `relu-rmsnorm`: BlockFFN, `r = relu(z) / sqrt(mean_e relu(z)^2 + eps)` (a zero row stays zero).
 */
export type ScoringSpecV1 =
  | { readonly kind: 'softmax' }
  | { readonly kind: 'sigmoid' }
  | { readonly kind: 'relu' }
  | { readonly kind: 'relu-rmsnorm'; readonly eps: number };

/**
 * Which experts each token uses. Selection is not differentiable. Ties go to the lower expert id (for
 * expert-choice, to the lower token index). All comparisons are on `score + selectionBias` where a bias
 * is given (DeepSeek-V3, LongCat), else on the score.
 * - `top-k`: the k largest; optional group limit (DeepSeek-V3): experts form `count` contiguous groups,
 *   only the `keep` groups with the largest group score (`top2-sum` of biased scores, or `max`) compete.
 *   `dropped: 'exclude'` (default; DeepSeek's official `Gate`, -inf) removes the other groups' experts;
 *   `'zero'` (Hugging Face transformers' `DeepseekV3TopkRouter`) sets their biased scores to 0.0 and lets
 *   them compete, which only differs when fewer than k kept experts have a positive biased score.
 * - `top-p`: sort descending, keep the prefix up to and including the first expert whose cumulative score
 *   is strictly greater than p (all experts when none is); `maxK` truncates (anyk extension).
 * - `threshold`: DynMoE, `s_te > sigmoid(thresholdScale * theta_e)` strictly; `fallback: 'argmax'`
 *   (inference) gives a token with nothing selected its best expert with weight 1, `'none'` (training)
 *   leaves it empty.
 * - `positive`: ReMoE / BlockFFN, selected iff the logit is > 0 (strict).
 * - `predicted-k`: Ada-K, the `k[t]` largest scores, k given per token in the route inputs.
 * - `expert-choice`: every expert takes the `capacity` tokens with the largest score; with softmax scores
 *   and no bias, tokens whose probabilities underflowed to 0 are ordered by their log-probabilities
 *   before the lower token.
 */
export type SelectionSpecV1 =
  | {
      readonly kind: 'top-k';
      readonly k: number;
      readonly groups?:
        | {
            readonly count: number;
            readonly keep: number;
            readonly score: 'top2-sum' | 'max';
            readonly dropped?: 'exclude' | 'zero' | undefined;
          }
        | undefined;
    }
  | { readonly kind: 'top-p'; readonly p: number; readonly maxK?: number | undefined }
  | { readonly kind: 'threshold'; readonly thresholdScale: number; readonly fallback: 'none' | 'argmax' }
  | { readonly kind: 'positive' }
  | { readonly kind: 'predicted-k'; readonly kMax: number }
  | { readonly kind: 'expert-choice'; readonly capacity: number }
  | UniMoeSelectionV1;

/**
 * Uni-MoE-2.0's dynamic-capacity selection over the D = `numExperts + Z` dynamic columns (routed and
 * null experts; shared columns never compete), per token with dynamic logits z:
 * 1. count: `p > 0`: `q = softmax(z)` sorted descending, `k_t` = the smallest k with `c_k >= p` (`>=`,
 *    unlike `top-p`); none reaches p (`p > 1`) → no dynamic pick at all. `p == 0`: `k_t = k`.
 * 2. `k_t` sequential picks (SparseMixer inference): the largest available z is picked; its near-tie window
 *    `W = {available e : (m - z_e) / max(|z_e|, |m|) <= 2 windowEps}` (0/0 inside) gives the pick the
 *    multiplier `mu = softmax_W(z)` at the pick; the pick leaves the available set.
 * 3. `capacity` (optional): `C = min(T, max(ceil(T factor / D), minCapacity))`; every dynamic column keeps
 *    the C tokens that picked it with the largest raw logit (ties: lower token).
 * Weighting must be `window-renormalise`.
 */
export interface UniMoeSelectionV1 {
  readonly kind: 'uni-moe-top-p';
  /** Cumulative-probability target, `>= 0`; 0 switches to the fixed count `k`. */
  readonly p: number;
  /** Picks per token when `p == 0` (ignored otherwise). */
  readonly k: number;
  /** Half the relative near-tie window (the code's `router_jitter_noise`, 0.01). */
  readonly windowEps: number;
  readonly capacity?: { readonly factor: number; readonly minCapacity: number } | undefined;
}

/**
 * Combine weight of each selected expert.
 * - `score`: the score itself (softmax probability, ReLU value, RMS-normalised ReLU) times `scale`,
 *   times `params.gain[e]` when `gain` is set (BlockFFN's per-expert gain).
 * - `renormalise`: `scale * s_e / sum_{e' in S'} s_e'`, where S' is the selection, minus experts of kind
 *   `zero` when `excludeZeroExperts` (AdaMoE null experts, MoE++ default gating); excluded experts get
 *   weight 0 and an empty S' gives all weights 0. DeepSeek-V3 uses the *unbiased* scores here.
 * - `uniform`: DynMoE, `1 / k_t`; its gradient is the straight-through estimator
 *   (apps/docs/site/guide/algorithms.md):
 *   `dw/ds_te = 1/k_t` and `dw/dthreshold_e = -1/k_t` on selected entries, `k_t` constant; the inference
 *   fallback has weight 1 and no gradient.
 * - `window-renormalise`: Uni-MoE-2.0 (with `uni-moe-top-p` only): `r_e = mu_e / (sum mu + epsilon)` over
 *   the picks; after a capacity drop `r <- r / (sum r + epsilon)` over the survivors; with `sharedExperts`
 *   a joint softmax `g` of the logits over the surviving picks and every shared column gives routed picks
 *   `r_e * sum_{surviving picks} g`, shared experts `g` (`RoutingResultV1.sharedWeight`); null ("zero")
 *   picks always weigh 0. Without shared columns routed picks weigh `r_e`. Gradients are autograd of this
 *   rule (window softmax, both renormalisations, the joint softmax) with picks and drops constant.
 */
export type WeightingSpecV1 =
  | { readonly kind: 'score'; readonly scale: number; readonly gain: boolean }
  | { readonly kind: 'renormalise'; readonly scale: number; readonly excludeZeroExperts: boolean }
  | { readonly kind: 'uniform' }
  | { readonly kind: 'window-renormalise'; readonly epsilon: number };

/**
 * Per-call tensors of a router that are not logits: trainable parameters and non-gradient state.
 * Float arrays are row-major. All optional; a spec says which it needs.
 */
export interface RouterParamsV1 {
  /** `[numExperts + Z]` added to scores for selection only (DeepSeek-V3, LongCat). */
  readonly selectionBias?: ArrayLike<number> | undefined;
  /** `[numExperts]` DynMoE threshold logits theta (thresholds are `sigmoid(thresholdScale * theta)`). */
  readonly thresholds?: ArrayLike<number> | undefined;
  /** `[numExperts]` DynMoE active-slot mask (1/0), multiplies the sigmoid scores. Not trained. */
  readonly mask?: ArrayLike<number> | undefined;
  /** `[numExperts]` BlockFFN per-expert gain gamma. */
  readonly gain?: ArrayLike<number> | undefined;
}
