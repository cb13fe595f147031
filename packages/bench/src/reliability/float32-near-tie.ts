import type { LayerInputV1, MoeLayerV1, RoutingResultV1, TokenSlotsV1 } from '@anyk/core';

/**
 * The float32 resolution of a selection decision: two float64 keys `a`, `b` are a float32 near tie when
 * `|a - b| <= nearTieRelative * max(|a|, |b|)`. 2^-20 is 16 float32 units in the last place: a float32
 * score carries the rounding of its logit's dot product, the exponential, the row sum over up to 16
 * candidates and the division, each a unit or so, so keys closer than this can come out of float32
 * arithmetic in either order (or equal, and then ordered by the documented tie rule).
 */
export const nearTieRelative = 2 ** -20;

/** `[tokens, total]` 1 where a slot of the routing names the expert (before capacity dropping). */
export function selectionMask(routing: TokenSlotsV1, total: number): Uint8Array {
  const mask = new Uint8Array(routing.tokens * total);
  for (let t = 0; t < routing.tokens; t++) {
    for (let slot = 0; slot < routing.kCount[t]!; slot++) {
      mask[t * total + routing.slotExpert[t * routing.kMax + slot]!] = 1;
    }
  }
  return mask;
}

/**
 * Whether the backend's selection differs from the reference's only by float32 near ties at the
 * reference's decision boundary, judged on the reference's float64 keys (`score + selectionBias`):
 * - ranked rules (top-k, predicted k, top-p's order) within a token, and expert-choice within an
 *   expert's column: every expert (token) one side took and the other did not is paired with one the
 *   other side took instead whose key is a near tie with it (`nearTieRelative`; equal keys of equal
 *   logits are exact ties and must follow the documented rule); a top-p selection of
 *   another size needs a prefix sum of the reference's sorted keys within the same bound of p;
 * - thresholds (DynMoE): the score is a near tie with its threshold, or (the argmax fallback) pairs with
 *   another expert of the token as above;
 * - positive (ReMoE, BlockFFN): the logit is within `nearTieRelative` of the sum of its dot product's
 *   `|x_i r_i|` terms from 0 (a float32 logit's rounding bound).
 * Returns `undefined` when it is a near tie, else why not (for the mismatch report).
 */
export function float32NearTie(
  layer: MoeLayerV1,
  input: LayerInputV1,
  reference: RoutingResultV1,
  backend: TokenSlotsV1,
): string | undefined {
  const spec = layer.spec;
  const total = spec.numExperts + spec.zeroComputation.length;
  const want = selectionMask(reference, total);
  const got = selectionMask(backend, total);
  const keys = referenceKeys(layer, reference, total);
  const selection = spec.selection;
  const tokens = input.tokens;
  switch (selection.kind) {
    case 'top-k':
    case 'predicted-k':
    case 'top-p':
      for (let t = 0; t < tokens; t++) {
        const members = Array.from({ length: total }, (_, e) => t * total + e);
        const reason = pairedNearTies(members, want, got, keys, reference.logits);
        if (reason === undefined) continue;
        if (selection.kind === 'top-p' && topPBoundaryNearTie(members, keys, selection.p)) continue;
        return `token ${t}: ${reason}`;
      }
      return undefined;
    case 'expert-choice':
      for (let e = 0; e < total; e++) {
        const members = Array.from({ length: tokens }, (_, t) => t * total + e);
        const reason = pairedNearTies(members, want, got, keys, reference.logits);
        if (reason !== undefined) return `expert ${e}: ${reason}`;
      }
      return undefined;
    case 'threshold':
      return thresholdNearTies(layer, reference, want, got, tokens, total);
    case 'positive':
      return positiveNearTies(layer, input, reference, want, got, total);
    default:
      return `a ${selection.kind} selection has no near-tie rule`;
  }
}

/** The reference's selection keys: its float64 scores plus the selection-only bias. */
function referenceKeys(layer: MoeLayerV1, reference: RoutingResultV1, total: number): Float64Array {
  const bias = layer.params?.selectionBias;
  return Float64Array.from(reference.scores, (score, index) => score + (bias?.[index % total] ?? 0));
}

function nearTie(a: number, b: number): boolean {
  return Math.abs(a - b) <= nearTieRelative * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Two selection keys a float32 backend may order either way: a near tie, but not an exact tie of equal
 * logits (those follow the documented tie rule exactly, in any precision). Equal keys from different
 * logits (float64 probabilities saturated at 1 or both 0) are near ties.
 */
function ambiguous(keys: Float64Array, logits: ArrayLike<number>, a: number, b: number): boolean {
  if (keys[a] === keys[b] && logits[a] === logits[b]) return false;
  return nearTie(keys[a]!, keys[b]!);
}

/**
 * Within one decision group (`members`: flat `[T, N]` indices), pairs each index only the reference took
 * with a distinct one only the backend took, keys a near tie; `undefined` when every one pairs.
 */
function pairedNearTies(
  members: readonly number[],
  want: Uint8Array,
  got: Uint8Array,
  keys: Float64Array,
  logits: ArrayLike<number>,
): string | undefined {
  const referenceOnly = members.filter((index) => want[index] === 1 && got[index] === 0);
  const backendOnly = members.filter((index) => want[index] === 0 && got[index] === 1);
  if (referenceOnly.length !== backendOnly.length) {
    return `${referenceOnly.length} taken only by the reference, ${backendOnly.length} only by the backend`;
  }
  const unpaired = [...backendOnly];
  for (const index of referenceOnly) {
    const partner = unpaired.findIndex((other) => ambiguous(keys, logits, index, other));
    if (partner < 0) return `key ${keys[index]} has no near tie among the backend's other picks`;
    unpaired.splice(partner, 1);
  }
  return undefined;
}

/** Top-p: some prefix sum of the reference's keys (sorted, descending) is a near tie with p. */
function topPBoundaryNearTie(members: readonly number[], keys: Float64Array, p: number): boolean {
  const sorted = members.map((index) => keys[index]!).sort((a, b) => b - a);
  let cumulative = 0;
  for (const key of sorted) {
    cumulative += key;
    if (nearTie(cumulative, p)) return true;
  }
  return false;
}

/** DynMoE: each differing expert's score is a near tie with its threshold, or pairs (argmax fallback). */
function thresholdNearTies(
  layer: MoeLayerV1,
  reference: RoutingResultV1,
  want: Uint8Array,
  got: Uint8Array,
  tokens: number,
  total: number,
): string | undefined {
  const selection = layer.spec.selection;
  if (selection.kind !== 'threshold') return 'not a threshold selection';
  const theta = layer.params?.thresholds ?? [];
  for (let t = 0; t < tokens; t++) {
    const members = Array.from({ length: total }, (_, e) => t * total + e);
    const differing = members.filter((index) => want[index] !== got[index]);
    const atThreshold = differing.every((index) => {
      const threshold = 1 / (1 + Math.exp(-selection.thresholdScale * theta[index % total]!));
      return nearTie(reference.scores[index]!, threshold);
    });
    if (atThreshold) continue;
    const reason = pairedNearTies(members, want, got, Float64Array.from(reference.scores), reference.logits);
    if (reason !== undefined) return `token ${t}: ${reason}`;
  }
  return undefined;
}

/** ReMoE / BlockFFN: each differing logit is within its float32 rounding bound of 0. */
function positiveNearTies(
  layer: MoeLayerV1,
  input: LayerInputV1,
  reference: RoutingResultV1,
  want: Uint8Array,
  got: Uint8Array,
  total: number,
): string | undefined {
  if (layer.spec.logits.kind !== 'linear' || layer.spec.stdNormalise || layer.spec.gatingResidual) {
    return 'a positive selection on other than plain linear logits has no near-tie rule';
  }
  const d = layer.weights.d;
  for (let index = 0; index < want.length; index++) {
    if (want[index] === got[index]) continue;
    const t = Math.floor(index / total);
    const e = index % total;
    let terms = 0;
    for (let i = 0; i < d; i++) terms += Math.abs(input.x[t * d + i]! * layer.weights.router[e * d + i]!);
    const logit = reference.logits[index]!;
    if (Math.abs(logit) > nearTieRelative * terms) {
      return `token ${t}, expert ${e}: logit ${logit} is not within the float32 bound ${nearTieRelative * terms} of 0`;
    }
  }
  return undefined;
}
