import type { RouterSpecV1, UniMoeSelectionV1 } from '../contracts/router-spec-v1.ts';
import { dynamicExperts, totalExperts } from './validate-spec.ts';

/** One sequential pick of Uni-MoE-2.0: the column, its near-tie window and its multiplier. */
export interface UniMoePick {
  readonly column: number;
  /** Available columns inside the pick's window (the pick included), ascending. */
  readonly window: readonly number[];
  /** `softmax over the window of z`, taken at the pick (1 when the window is the pick alone). */
  readonly multiplier: number;
}

/** Every Uni-MoE-2.0 intermediate the weights and the backward pass read. `[T, N]` arrays span every column. */
export interface UniMoeTrace {
  /** `[T]` the count of step 1 (`D + 1` when the cumulative probability never reaches p). */
  readonly count: Int32Array;
  /** Per token, its picks in pick order. */
  readonly picks: readonly (readonly UniMoePick[])[];
  /** `[T, N]` 1 on picked columns (before capacity). */
  readonly selected: Uint8Array;
  /** `[T, N]` 1 on picks that survive capacity. */
  readonly kept: Uint8Array;
  /** `[T, N]` `r = mu / (sum mu + eps)` on picks. */
  readonly rates: Float64Array;
  /** `[T, N]` after the capacity drop and second renormalisation (= `rates` without capacity). */
  readonly keptRates: Float64Array;
  /** `[T, N]` the joint softmax `g` over surviving picks and shared columns (0 elsewhere; zeros when S = 0). */
  readonly mixture: Float64Array;
  /** `[T]` dynamic mass `M = sum of g over surviving picks` (1 when S = 0). */
  readonly dynamicMass: Float64Array;
  /** `[T, N]` the final combine weights (routed picks, shared columns; null picks 0). */
  readonly weights: Float64Array;
}

/**
 * Step 1: how many dynamic experts a token picks. `probabilities` are `softmax(z)` over the D dynamic
 * columns at `offset`. With `p > 0` the smallest k whose descending cumulative sum is `>= p`, or `D + 1`
 * (no pick) when none is; with `p == 0` the fixed `k`.
 */
export function uniMoeCount(
  probabilities: ArrayLike<number>,
  offset: number,
  dynamic: number,
  p: number,
  k: number,
): number {
  if (p === 0) return k;
  const sorted: number[] = [];
  for (let e = 0; e < dynamic; e++) sorted.push(probabilities[offset + e]!);
  sorted.sort((a, b) => b - a);
  let count = 1;
  let cumulative = 0;
  for (const probability of sorted) {
    cumulative += probability;
    if (cumulative < p) count++;
  }
  return count;
}

/**
 * Step 2: `count` sequential picks over the D dynamic logits at `offset` (none when `count > D`). Each
 * pick is the largest available logit (ties: lower column); its window holds the available columns whose
 * relative gap `(m - z_e) / max(|z_e|, |m|)` is not above `2 windowEps` (0/0 is inside).
 */
export function uniMoePicks(
  logits: ArrayLike<number>,
  offset: number,
  dynamic: number,
  count: number,
  windowEps: number,
): UniMoePick[] {
  const picks: UniMoePick[] = [];
  if (count > dynamic) return picks;
  const available = new Uint8Array(dynamic).fill(1);
  for (let step = 0; step < count; step++) {
    let best = -1;
    for (let e = 0; e < dynamic; e++) {
      if (available[e] && (best < 0 || logits[offset + e]! > logits[offset + best]!)) best = e;
    }
    const max = logits[offset + best]!;
    const window: number[] = [];
    let sum = 0;
    for (let e = 0; e < dynamic; e++) {
      if (!available[e]) continue;
      const value = logits[offset + e]!;
      const gap = (max - value) / Math.max(Math.abs(value), Math.abs(max));
      if (gap > 2 * windowEps) continue;
      window.push(e);
      sum += Math.exp(value - max);
    }
    picks.push({ column: best, window, multiplier: 1 / sum });
    available[best] = 0;
  }
  return picks;
}

/** Step 3's per-column capacity: `min(T, max(ceil(T / D * factor), minCapacity))`. */
export function uniMoeCapacity(tokens: number, dynamic: number, factor: number, minCapacity: number): number {
  return Math.min(tokens, Math.max(Math.ceil((tokens / dynamic) * factor), minCapacity));
}

/**
 * Uni-MoE-2.0's selection and weights (`uni-moe-top-p` + `window-renormalise`) on `[T, N]` logits, with
 * `probabilities` the dynamic-column softmax (the spec's scores).
 */
export function uniMoeRoute(
  spec: RouterSpecV1,
  logits: Float64Array,
  probabilities: Float64Array,
  tokens: number,
): UniMoeTrace {
  const selection = spec.selection as UniMoeSelectionV1;
  const epsilon = spec.weighting.kind === 'window-renormalise' ? spec.weighting.epsilon : 0;
  const total = totalExperts(spec);
  const dynamic = dynamicExperts(spec);
  const count = new Int32Array(tokens);
  const picks: UniMoePick[][] = [];
  const selected = new Uint8Array(tokens * total);
  const rates = new Float64Array(tokens * total);
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    count[t] = uniMoeCount(probabilities, row, dynamic, selection.p, selection.k);
    const tokenPicks = uniMoePicks(logits, row, dynamic, count[t]!, selection.windowEps);
    picks.push(tokenPicks);
    let sum = 0;
    for (const pick of tokenPicks) sum += pick.multiplier;
    for (const pick of tokenPicks) {
      selected[row + pick.column] = 1;
      rates[row + pick.column] = pick.multiplier / (sum + epsilon);
    }
  }
  const kept = Uint8Array.from(selected);
  let keptRates = rates;
  if (selection.capacity !== undefined) {
    dropOverCapacity(logits, selected, kept, tokens, total, dynamic, selection.capacity);
    keptRates = new Float64Array(tokens * total);
    for (let t = 0; t < tokens; t++) {
      const row = t * total;
      let sum = 0;
      for (let e = 0; e < dynamic; e++) if (kept[row + e]) sum += rates[row + e]!;
      for (let e = 0; e < dynamic; e++)
        if (kept[row + e]) keptRates[row + e] = rates[row + e]! / (sum + epsilon);
    }
  }
  const { mixture, dynamicMass } = jointSoftmax(spec, logits, kept, tokens);
  const weights = new Float64Array(tokens * total);
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    for (let e = 0; e < spec.numExperts; e++)
      if (kept[row + e]) weights[row + e] = keptRates[row + e]! * dynamicMass[t]!;
    for (let e = dynamic; e < total; e++) weights[row + e] = mixture[row + e]!;
  }
  return { count, picks, selected, kept, rates, keptRates, mixture, dynamicMass, weights };
}

/** Every dynamic column keeps the `C` picking tokens with the largest raw logit (ties: lower token). */
function dropOverCapacity(
  logits: Float64Array,
  selected: Uint8Array,
  kept: Uint8Array,
  tokens: number,
  total: number,
  dynamic: number,
  capacitySpec: { readonly factor: number; readonly minCapacity: number },
): void {
  const capacity = uniMoeCapacity(tokens, dynamic, capacitySpec.factor, capacitySpec.minCapacity);
  for (let e = 0; e < dynamic; e++) {
    const chosen: number[] = [];
    for (let t = 0; t < tokens; t++) if (selected[t * total + e]) chosen.push(t);
    chosen.sort((a, b) => {
      const difference = logits[b * total + e]! - logits[a * total + e]!;
      return difference !== 0 ? difference : a - b;
    });
    for (let rank = capacity; rank < chosen.length; rank++) kept[chosen[rank]! * total + e] = 0;
  }
}

/**
 * Step 5 (`cal_global_weight`): softmax of the logits over each token's surviving picks plus every shared
 * column. Without shared columns the code skips it: the dynamic mass is 1 and the mixture stays 0.
 */
function jointSoftmax(
  spec: RouterSpecV1,
  logits: Float64Array,
  kept: Uint8Array,
  tokens: number,
): { mixture: Float64Array; dynamicMass: Float64Array } {
  const total = totalExperts(spec);
  const dynamic = dynamicExperts(spec);
  const mixture = new Float64Array(tokens * total);
  const dynamicMass = new Float64Array(tokens).fill(1);
  if (total === dynamic) return { mixture, dynamicMass };
  const member = (row: number, e: number): boolean => e >= dynamic || kept[row + e] === 1;
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    let max = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < total; e++) if (member(row, e)) max = Math.max(max, logits[row + e]!);
    let sum = 0;
    for (let e = 0; e < total; e++) if (member(row, e)) sum += Math.exp(logits[row + e]! - max);
    let mass = 0;
    for (let e = 0; e < total; e++) {
      if (!member(row, e)) continue;
      const share = Math.exp(logits[row + e]! - max) / sum;
      mixture[row + e] = share;
      if (e < dynamic) mass += share;
    }
    dynamicMass[t] = mass;
  }
  return { mixture, dynamicMass };
}

/**
 * Reverse pass of `uniMoeRoute`: adds to `logitsGrad [T, N]` the gradient of `sum(weights * cotangent)`
 * through the joint softmax, both renormalisations and the window softmaxes (picks, counts and drops
 * constant; null picks weigh 0 whatever their rate, so their cotangent is ignored).
 */
export function uniMoeBackward(
  spec: RouterSpecV1,
  trace: UniMoeTrace,
  logits: Float64Array,
  tokens: number,
  cotangent: ArrayLike<number>,
  logitsGrad: Float64Array,
): void {
  const epsilon = spec.weighting.kind === 'window-renormalise' ? spec.weighting.epsilon : 0;
  const total = totalExperts(spec);
  const dynamic = dynamicExperts(spec);
  const experts = spec.numExperts;
  const hasShared = total > dynamic;
  const keptRatesGrad = new Float64Array(dynamic);
  const ratesGrad = new Float64Array(dynamic);
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    const mass = trace.dynamicMass[t]!;
    // Final weights -> kept rates and the dynamic mass (routed picks only).
    let massGrad = 0;
    keptRatesGrad.fill(0);
    for (let e = 0; e < experts; e++) {
      if (!trace.kept[row + e]) continue;
      const upstream = cotangent[row + e]!;
      massGrad += upstream * trace.keptRates[row + e]!;
      keptRatesGrad[e] = upstream * mass;
    }
    if (hasShared) {
      // Joint softmax: picks share the mass gradient, shared columns have their own cotangent.
      let dot = 0;
      for (let e = 0; e < total; e++) {
        if (e < dynamic && !trace.kept[row + e]) continue;
        const shareGrad = e < dynamic ? massGrad : cotangent[row + e]!;
        dot += trace.mixture[row + e]! * shareGrad;
      }
      for (let e = 0; e < total; e++) {
        if (e < dynamic && !trace.kept[row + e]) continue;
        const shareGrad = e < dynamic ? massGrad : cotangent[row + e]!;
        const share = trace.mixture[row + e]!;
        logitsGrad[row + e] = logitsGrad[row + e]! + share * (shareGrad - dot);
      }
    }
    // Second renormalisation (capacity): kept rates -> rates.
    ratesGrad.fill(0);
    if (trace.keptRates !== trace.rates) {
      let sum = 0;
      let weighted = 0;
      for (let e = 0; e < dynamic; e++) {
        if (!trace.kept[row + e]) continue;
        sum += trace.rates[row + e]!;
        weighted += keptRatesGrad[e]! * trace.rates[row + e]!;
      }
      const denominator = sum + epsilon;
      for (let e = 0; e < dynamic; e++) {
        if (trace.kept[row + e])
          ratesGrad[e] = keptRatesGrad[e]! / denominator - weighted / (denominator * denominator);
      }
    } else {
      ratesGrad.set(keptRatesGrad);
    }
    // First renormalisation: rates -> multipliers; then each window softmax -> logits.
    const picks = trace.picks[t] as readonly UniMoePick[];
    let sum = 0;
    let weighted = 0;
    for (const pick of picks) {
      sum += pick.multiplier;
      weighted += ratesGrad[pick.column]! * pick.multiplier;
    }
    const denominator = sum + epsilon;
    for (const pick of picks) {
      const multiplierGrad = ratesGrad[pick.column]! / denominator - weighted / (denominator * denominator);
      if (pick.window.length < 2 || multiplierGrad === 0) continue;
      const max = logits[row + pick.column]!;
      let windowSum = 0;
      for (const e of pick.window) windowSum += Math.exp(logits[row + e]! - max);
      for (const e of pick.window) {
        const share = Math.exp(logits[row + e]! - max) / windowSum;
        const indicator = e === pick.column ? 1 : 0;
        logitsGrad[row + e] = logitsGrad[row + e]! + multiplierGrad * pick.multiplier * (indicator - share);
      }
    }
  }
}
