import type { FloatArray, RouteInputV1 } from '../contracts/layer-v1.ts';
import type { RouterParamsV1, RouterSpecV1 } from '../contracts/router-spec-v1.ts';
import type { RoutingResultV1 } from '../contracts/routing-v1.ts';
import { UnsupportedError } from '../errors/anyk-error.ts';
import { toFloat64 } from '../util/validate.ts';
import { logScoreKind, renormaliseRatios, stdNormaliseRowStd } from './stable-renormalise.ts';
import { type UniMoeTrace, uniMoeRoute } from './uni-moe-routing.ts';
import { validateRouteInput } from './validate-route-input.ts';
import { dynamicExperts, validateRouterSpec } from './validate-spec.ts';

/** Norms below this are clamped (as `F.normalize` does), so a zero vector has cosine 0, not NaN. */
export const cosineNormFloor = 1e-12;

/**
 * Every intermediate of one reference routing, kept so the backward pass and the losses can read them.
 * All `[T, N]` arrays are row-major with `N = numExperts + Z`.
 */
export interface RoutingTrace {
  readonly spec: RouterSpecV1;
  readonly tokens: number;
  readonly totalExperts: number;
  readonly kMax: number;
  /** `[T, N]` logits before the gating residual (`x W^T`, or `s cos`, or the given logits). */
  readonly rawLogits: Float64Array;
  /** `[T, N]` logits after the gating residual (MoE++ gate residual). */
  readonly logits: Float64Array;
  /** `[T, N]` scoring input after std-normalisation (= `logits` without it). */
  readonly normalisedLogits: Float64Array;
  /** `[T]` std of each token's logits when std-normalising. */
  readonly logitStd?: Float64Array | undefined;
  /** `[T, N]` scores. */
  readonly scores: Float64Array;
  /** `[T, N]` sigmoid before the mask (DynMoE), for the sigmoid derivative. */
  readonly unmaskedSigmoid?: Float64Array | undefined;
  /** `[E]` DynMoE thresholds `sigmoid(scale * theta)`. */
  readonly thresholds?: Float64Array | undefined;
  /** `[T, N]` 1 where selected before capacity dropping. */
  readonly selected: Uint8Array;
  /** `[T]` 1 where a DynMoE inference fallback chose the argmax expert. */
  readonly fallback: Uint8Array;
  /** `[T]` selected count before dropping (the k of uniform weights). */
  readonly selectedCount: Int32Array;
  /** `[T, N]` combine weights before dropping. */
  readonly denseWeights: Float64Array;
  /** `[T, N]` 1 where kept after capacity dropping. */
  readonly kept: Uint8Array;
  /** Uni-MoE-2.0's picks, windows, rates and joint softmax (`uni-moe-top-p` selection only). */
  readonly uniMoe?: UniMoeTrace | undefined;
  readonly result: RoutingResultV1;
}

/** Indices `0..n-1` sorted by `key` descending, ties to the lower index (a stable descending sort). */
function sortDescending(keys: Float64Array, offset: number, n: number, candidates?: Uint8Array): number[] {
  const order: number[] = [];
  for (let e = 0; e < n; e++) if (!candidates || candidates[e]) order.push(e);
  order.sort((a, b) => {
    const difference = keys[offset + b]! - keys[offset + a]!;
    return difference !== 0 ? difference : a - b;
  });
  return order;
}

/** Forms `[T, N]` raw logits from x and the router matrix (or copies the given logits). */
function formRawLogits(spec: RouterSpecV1, input: RouteInputV1, total: number): Float64Array {
  const tokens = input.tokens;
  if (input.logits !== undefined) return toFloat64(input.logits);
  const x = input.x as FloatArray;
  const router = input.router as FloatArray;
  const d = input.d as number;
  const logits = new Float64Array(tokens * total);
  if (spec.logits.kind === 'linear') {
    for (let t = 0; t < tokens; t++) {
      for (let e = 0; e < total; e++) {
        let sum = 0;
        for (let i = 0; i < d; i++) sum += x[t * d + i]! * router[e * d + i]!;
        logits[t * total + e] = sum;
      }
    }
    return logits;
  }
  const scale = spec.logits.logitScale;
  const experts = spec.numExperts;
  const columnNorms = cosineColumnNorms(router, d, experts);
  for (let t = 0; t < tokens; t++) {
    const rowNorm = Math.max(cosineRowNorm(x, t, d), cosineNormFloor);
    for (let e = 0; e < experts; e++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += x[t * d + i]! * router[i * experts + e]!;
      logits[t * total + e] = (scale * dot) / (rowNorm * columnNorms[e]!);
    }
  }
  return logits;
}

export function cosineRowNorm(x: ArrayLike<number>, t: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) sum += x[t * d + i]! ** 2;
  return Math.sqrt(sum);
}

export function cosineColumnNorms(router: ArrayLike<number>, d: number, experts: number): Float64Array {
  const norms = new Float64Array(experts);
  for (let e = 0; e < experts; e++) {
    let sum = 0;
    for (let i = 0; i < d; i++) sum += router[i * experts + e]! ** 2;
    norms[e] = Math.max(Math.sqrt(sum), cosineNormFloor);
  }
  return norms;
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

/**
 * Float64 reference routing: plain loops written to be obviously right. This is the oracle every other
 * backend is compared with; speed is not a goal.
 *
 * `selectionOverride` (`[T, N]` 1/0, testing only) replaces the selection rule's choice: scores, weights, capacity
 * and gradients are then the reference's for that selection. The differential fuzzer uses it to evaluate
 * the reference on a float32 backend's selection where the two differ only by a float32 near tie.
 */
export function routeReference(
  spec: RouterSpecV1,
  input: RouteInputV1,
  selectionOverride?: Uint8Array | undefined,
): RoutingTrace {
  const { kMax, totalExperts: total } = validateRouterSpec(spec);
  validateRouteInput(spec, input, total);
  const tokens = input.tokens;
  const experts = spec.numExperts;
  const params = input.params ?? {};

  const rawLogits = formRawLogits(spec, input, total);
  const logits = Float64Array.from(rawLogits);
  if (spec.gatingResidual && input.prevLogits !== undefined && input.gateMap !== undefined) {
    const previous = input.prevLogits;
    const gateMap = input.gateMap;
    for (let t = 0; t < tokens; t++) {
      for (let i = 0; i < total; i++) {
        let sum = 0;
        for (let j = 0; j < total; j++) sum += previous[t * total + j]! * gateMap[i * total + j]!;
        logits[t * total + i] = logits[t * total + i]! + sum;
      }
    }
  }

  const normalisedLogits = Float64Array.from(logits);
  let logitStd: Float64Array | undefined;
  if (spec.stdNormalise) {
    logitStd = new Float64Array(tokens);
    for (let t = 0; t < tokens; t++) {
      const std = stdNormaliseRowStd(logits, t * total, total, t);
      logitStd[t] = std;
      for (let e = 0; e < total; e++) {
        normalisedLogits[t * total + e] = (logits[t * total + e]! * spec.stdNormalise.normStd) / std;
      }
    }
  }

  const scores = new Float64Array(tokens * total);
  const scored = dynamicExperts(spec);
  let unmaskedSigmoid: Float64Array | undefined;
  const scoring = spec.scoring;
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    if (scoring.kind === 'softmax') {
      // Over the dynamic columns: shared columns (Uni-MoE-2.0) never compete and score 0.
      let max = Number.NEGATIVE_INFINITY;
      for (let e = 0; e < scored; e++) max = Math.max(max, normalisedLogits[row + e]!);
      let sum = 0;
      for (let e = 0; e < scored; e++) sum += Math.exp(normalisedLogits[row + e]! - max);
      for (let e = 0; e < scored; e++) scores[row + e] = Math.exp(normalisedLogits[row + e]! - max) / sum;
    } else if (scoring.kind === 'sigmoid') {
      unmaskedSigmoid ??= new Float64Array(tokens * total);
      for (let e = 0; e < total; e++) {
        const value = sigmoid(normalisedLogits[row + e]!);
        unmaskedSigmoid[row + e] = value;
        scores[row + e] = params.mask !== undefined && e < experts ? value * params.mask[e]! : value;
      }
    } else if (scoring.kind === 'relu') {
      for (let e = 0; e < total; e++) scores[row + e] = Math.max(normalisedLogits[row + e]!, 0);
    } else {
      let meanSquare = 0;
      for (let e = 0; e < total; e++) meanSquare += Math.max(normalisedLogits[row + e]!, 0) ** 2;
      meanSquare /= total;
      const denominator = Math.sqrt(meanSquare + scoring.eps);
      for (let e = 0; e < total; e++) {
        const active = Math.max(normalisedLogits[row + e]!, 0);
        scores[row + e] = active === 0 ? 0 : active / denominator;
      }
    }
  }

  // Selection keys: scores plus the selection-only bias.
  const keys = Float64Array.from(scores);
  if (params.selectionBias !== undefined) {
    for (let t = 0; t < tokens; t++) {
      for (let e = 0; e < total; e++) keys[t * total + e] = keys[t * total + e]! + params.selectionBias[e]!;
    }
  }
  // Ranks: the keys, or for softmax without a bias the log-probabilities, which order the same way without
  // the ties of probabilities that underflow (a logit gap above ~745 in float64, ~104 in float32).
  const orderKeys = rankByLogSoftmax(spec, params) ? logSoftmaxRows(normalisedLogits, tokens, total) : keys;

  const selected = new Uint8Array(tokens * total);
  const fallback = new Uint8Array(tokens);
  let thresholds: Float64Array | undefined;
  const selection = spec.selection;
  let uniMoe: UniMoeTrace | undefined;
  if (selection.kind === 'uni-moe-top-p') {
    // Selection, capacity and weights are one rule here (the window multipliers weigh the picks).
    uniMoe = uniMoeRoute(spec, logits, scores, tokens);
    selected.set(uniMoe.selected);
  } else if (selection.kind === 'expert-choice') {
    // Each expert takes the tokens with the largest probabilities (keys), ties to the lower token; tokens
    // whose probabilities underflowed to 0 are first ordered by their log-probabilities.
    const capacity = Math.min(selection.capacity, tokens);
    const tieBreak = expertChoiceTieBreak(spec, params, normalisedLogits, tokens, total);
    for (let e = 0; e < total; e++) {
      const order = Array.from({ length: tokens }, (_, t) => t);
      order.sort((a, b) => {
        const keyA = keys[a * total + e]!;
        const first = keys[b * total + e]! - keyA;
        if (first !== 0) return first;
        const underflowed = tieBreak !== undefined && keyA === 0;
        const second = underflowed ? tieBreak[b * total + e]! - tieBreak[a * total + e]! : 0;
        return second !== 0 ? second : a - b;
      });
      for (let rank = 0; rank < capacity; rank++) selected[order[rank]! * total + e] = 1;
    }
  } else if (selection.kind === 'threshold') {
    const theta = params.thresholds as ArrayLike<number>;
    thresholds = new Float64Array(experts);
    for (let e = 0; e < experts; e++) thresholds[e] = sigmoid(selection.thresholdScale * theta[e]!);
    for (let t = 0; t < tokens; t++) {
      let count = 0;
      for (let e = 0; e < experts; e++) {
        if (scores[t * total + e]! > thresholds[e]!) {
          selected[t * total + e] = 1;
          count++;
        }
      }
      if (count === 0 && selection.fallback === 'argmax') {
        let best = 0;
        for (let e = 1; e < experts; e++) if (scores[t * total + e]! > scores[t * total + best]!) best = e;
        selected[t * total + best] = 1;
        fallback[t] = 1;
      }
    }
  } else if (selection.kind === 'positive') {
    for (let index = 0; index < tokens * total; index++)
      selected[index] = normalisedLogits[index]! > 0 ? 1 : 0;
  } else {
    for (let t = 0; t < tokens; t++) {
      let order: number[];
      if (selection.kind === 'top-k' && selection.groups) {
        const candidates = keptGroups(keys, t * total, total, selection.groups);
        order =
          selection.groups.dropped === 'zero'
            ? sortDescending(zeroDroppedKeys(keys, t * total, total, candidates), 0, total)
            : sortDescending(keys, t * total, total, candidates);
      } else {
        order = sortDescending(orderKeys, t * total, total);
      }
      let take: number;
      if (selection.kind === 'top-k') take = selection.k;
      else if (selection.kind === 'predicted-k') take = input.k?.[t] as number;
      else {
        // p >= 1 keeps every expert (the authors' code); testing the sum would drop experts whose
        // probability underflows to 0 once the float64 prefix sum rounds to just above 1.
        take = total;
        let cumulative = 0;
        for (let rank = 0; rank < total && selection.p < 1; rank++) {
          cumulative += keys[t * total + order[rank]!]!;
          if (cumulative > selection.p) {
            take = rank + 1;
            break;
          }
        }
        if (selection.maxK !== undefined) take = Math.min(take, selection.maxK);
      }
      for (let rank = 0; rank < take; rank++) selected[t * total + order[rank]!] = 1;
    }
  }

  if (selectionOverride !== undefined) {
    if (uniMoe)
      throw new UnsupportedError(
        'a selection override',
        'uni-moe-top-p decides selection and weights together',
      );
    selected.set(selectionOverride);
  }
  const selectedCount = new Int32Array(tokens);
  for (let t = 0; t < tokens; t++) {
    for (let e = 0; e < total; e++) selectedCount[t] = selectedCount[t]! + selected[t * total + e]!;
  }

  const denseWeights = new Float64Array(tokens * total);
  const weighting = spec.weighting;
  const logKind = logScoreKind(spec, params);
  const ratios = new Float64Array(total);
  for (let t = 0; t < tokens && !uniMoe; t++) {
    const row = t * total;
    if (weighting.kind === 'score') {
      for (let e = 0; e < total; e++) {
        if (!selected[row + e]) continue;
        const gain = weighting.gain && e < experts ? ((params.gain as ArrayLike<number>)[e] as number) : 1;
        denseWeights[row + e] = scores[row + e]! * weighting.scale * gain;
      }
    } else if (weighting.kind === 'renormalise') {
      const members = (e: number): boolean => renormalised(spec, selected, row, e);
      if (renormaliseRatios(logKind, normalisedLogits, scores, row, total, members, ratios)) {
        for (let e = 0; e < total; e++) if (members(e)) denseWeights[row + e] = weighting.scale * ratios[e]!;
      }
    } else if (weighting.kind === 'uniform') {
      const count = selectedCount[t]!;
      for (let e = 0; e < total; e++)
        if (selected[row + e]) denseWeights[row + e] = fallback[t] ? 1 : 1 / count;
    }
  }

  const kept = Uint8Array.from(uniMoe ? uniMoe.kept : selected);
  if (uniMoe) denseWeights.set(uniMoe.weights);
  if (spec.capacityFactor !== undefined && selection.kind === 'top-k') {
    const capacity = Math.min(tokens, Math.ceil((tokens * selection.k * spec.capacityFactor) / experts));
    for (let e = 0; e < experts; e++) {
      const chosen: number[] = [];
      for (let t = 0; t < tokens; t++) if (selected[t * total + e]) chosen.push(t);
      chosen.sort((a, b) => {
        const difference = denseWeights[b * total + e]! - denseWeights[a * total + e]!;
        return difference !== 0 ? difference : a - b;
      });
      for (let rank = capacity; rank < chosen.length; rank++) kept[chosen[rank]! * total + e] = 0;
    }
  }

  const slotExpert = new Int32Array(tokens * kMax).fill(-1);
  const slotWeight = new Float64Array(tokens * kMax);
  const kCount = new Int32Array(tokens);
  for (let t = 0; t < tokens; t++) {
    let slot = 0;
    for (let e = 0; e < total; e++) {
      if (!kept[t * total + e]) continue;
      slotExpert[t * kMax + slot] = e;
      slotWeight[t * kMax + slot] = denseWeights[t * total + e]!;
      slot++;
    }
    kCount[t] = slot;
  }
  const sharedWeight = sharedColumnWeights(spec, denseWeights, tokens);

  return {
    spec,
    tokens,
    totalExperts: total,
    kMax,
    rawLogits,
    logits,
    normalisedLogits,
    logitStd,
    scores,
    unmaskedSigmoid,
    thresholds,
    selected,
    fallback,
    selectedCount,
    denseWeights,
    kept,
    uniMoe,
    result: { tokens, kMax, slotExpert, slotWeight, kCount, logits, scores, sharedWeight },
  };
}

/** `[T, S]` the shared columns of the dense weights, or undefined when the spec has none. */
function sharedColumnWeights(
  spec: RouterSpecV1,
  denseWeights: Float64Array,
  tokens: number,
): Float64Array | undefined {
  const count = spec.sharedExperts?.count ?? 0;
  if (count === 0) return undefined;
  const dynamic = dynamicExperts(spec);
  const total = dynamic + count;
  const sharedWeight = new Float64Array(tokens * count);
  for (let t = 0; t < tokens; t++)
    sharedWeight.set(denseWeights.subarray(t * total + dynamic, (t + 1) * total), t * count);
  return sharedWeight;
}

/**
 * Whether selection may rank log-probabilities instead of probabilities: softmax is strictly increasing in
 * its log, so the order (and the tie rules) are the same, without the ties of underflow. Not with a
 * non-zero selection bias (keys are `score + bias`), nor with groups (group scores add probabilities), nor for
 * expert-choice, which compares probabilities across tokens (the log of each rounds differently). Top-p
 * still sums probabilities; only its order comes from the log-probabilities.
 */
export function rankByLogSoftmax(spec: RouterSpecV1, params: RouterParamsV1): boolean {
  const selection = spec.selection;
  return (
    spec.scoring.kind === 'softmax' &&
    !hasNonZeroBias(params) &&
    selection.kind !== 'expert-choice' &&
    (selection.kind !== 'top-k' || selection.groups === undefined)
  );
}

/**
 * Expert-choice's second key: the log-probabilities for softmax without a bias (they differ where float64
 * probabilities underflow to the same 0), else none.
 */
function expertChoiceTieBreak(
  spec: RouterSpecV1,
  params: RouterParamsV1,
  normalisedLogits: Float64Array,
  tokens: number,
  total: number,
): Float64Array | undefined {
  if (spec.scoring.kind !== 'softmax' || hasNonZeroBias(params)) return undefined;
  return logSoftmaxRows(normalisedLogits, tokens, total);
}

/** Whether a selection bias shifts any key (an all-zero bias ranks like none). */
function hasNonZeroBias(params: RouterParamsV1): boolean {
  const bias = params.selectionBias;
  if (bias === undefined) return false;
  for (let e = 0; e < bias.length; e++) if (bias[e] !== 0) return true;
  return false;
}

/** `z - logsumexp(z)` per row of `[tokens, total]` (max subtracted). */
export function logSoftmaxRows(z: ArrayLike<number>, tokens: number, total: number): Float64Array {
  const out = new Float64Array(tokens * total);
  for (let t = 0; t < tokens; t++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < total; e++) max = Math.max(max, z[t * total + e]!);
    let sum = 0;
    for (let e = 0; e < total; e++) sum += Math.exp(z[t * total + e]! - max);
    const logSum = max + Math.log(sum);
    for (let e = 0; e < total; e++) out[t * total + e] = z[t * total + e]! - logSum;
  }
  return out;
}

/** Whether a selected expert takes part in renormalisation (zero experts may be excluded). */
export function renormalised(spec: RouterSpecV1, selected: Uint8Array, row: number, expert: number): boolean {
  if (!selected[row + expert]) return false;
  if (spec.weighting.kind !== 'renormalise' || !spec.weighting.excludeZeroExperts) return true;
  return expert < spec.numExperts || spec.zeroComputation[expert - spec.numExperts] !== 'zero';
}

/**
 * Hugging Face's group drop (`groups.dropped: 'zero'`): one token's selection keys with the experts of
 * dropped groups set to 0.0 instead of removed, so they still compete when fewer than k kept experts have
 * a positive key (transformers' `DeepseekV3TopkRouter` fills with 0.0; DeepSeek's own `Gate` with -inf).
 */
function zeroDroppedKeys(keys: Float64Array, offset: number, total: number, kept: Uint8Array): Float64Array {
  const row = keys.slice(offset, offset + total);
  for (let e = 0; e < total; e++) if (!kept[e]) row[e] = 0;
  return row;
}

/** DeepSeek-V3 group limit: marks the experts of the `keep` best groups as candidates. */
function keptGroups(
  keys: Float64Array,
  offset: number,
  total: number,
  groups: { readonly count: number; readonly keep: number; readonly score: 'top2-sum' | 'max' },
): Uint8Array {
  const size = total / groups.count;
  const groupScores = new Float64Array(groups.count);
  for (let group = 0; group < groups.count; group++) {
    const order = sortDescending(keys, offset + group * size, size);
    const first = keys[offset + group * size + order[0]!]!;
    groupScores[group] = groups.score === 'max' ? first : first + keys[offset + group * size + order[1]!]!;
  }
  const groupOrder = sortDescending(groupScores, 0, groups.count);
  const candidates = new Uint8Array(total);
  for (let rank = 0; rank < groups.keep; rank++) {
    const group = groupOrder[rank]!;
    candidates.fill(1, group * size, (group + 1) * size);
  }
  return candidates;
}
