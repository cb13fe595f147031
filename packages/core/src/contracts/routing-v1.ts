/**
 * The routing decision in its token-major layout (apps/docs/site/guide/architecture.md): a fixed stride of
 * `kMax` slots per token,
 * filled left to right in ascending expert id, `-1` marking empty slots. Variable k is first-class: never
 * recover a token as `row / k`, never allocate `[T, k, d]`.
 */
export interface TokenSlotsV1 {
  readonly tokens: number;
  /** Slots per token (the largest k any token may use under this spec). */
  readonly kMax: number;
  /** `[tokens, kMax]` expert id per slot, ascending within a token, `-1` = empty. */
  readonly slotExpert: Int32Array;
  /** `[tokens, kMax]` combine weight per slot (0 in empty slots). */
  readonly slotWeight: Float64Array | Float32Array;
  /** `[tokens]` number of filled slots (may be 0). */
  readonly kCount: Int32Array;
}

/**
 * The expert-major plan built from the slots by a stable counting sort over **real** experts only
 * (zero-computation experts never enter it). Rows of one expert are in ascending token order, so the
 * plan is identical on every backend (apps/docs/site/guide/kernels.md).
 */
export interface ExpertPlanV1 {
  readonly numExperts: number;
  /** `[numExperts + 1]` exclusive scan of the per-expert row counts; `expertOffset[E]` = rows N. */
  readonly expertOffset: Int32Array;
  /** `[N]` the token of each row. */
  readonly rowToken: Int32Array;
  /** `[N]` the slot (`t * kMax + j`) of each row, to read its weight. */
  readonly rowSlot: Int32Array;
  /** `[tokens, kMax]` the row of each slot that holds a real expert, `-1` otherwise. */
  readonly slotRow: Int32Array;
}

/** What a router-only call returns: slots, plus the values the losses and state updates read. */
export interface RoutingResultV1 extends TokenSlotsV1 {
  /** `[tokens, numExperts + Z]` the logits after residual (before std-normalisation): MoE++'s gate residual. */
  readonly logits: Float64Array | Float32Array;
  /** `[tokens, numExperts + Z]` scores (softmax probabilities, sigmoid, ReLU, RMS-normalised ReLU). */
  readonly scores: Float64Array | Float32Array;
  /**
   * `[tokens, S]` the weight of every shared expert per token: on router-only calls when the spec has
   * `sharedExperts` (`softmax-mixed` gates, Uni-MoE-2.0); on a layer forward whenever the layer has shared
   * experts (`none` gives 1, `sigmoid` the per-token gate), so every gate is observable the same way.
   */
  readonly sharedWeight?: Float64Array | Float32Array | undefined;
}
