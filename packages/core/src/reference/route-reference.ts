import type { FloatArray, RouteInputV1, RouterGradsV1 } from '../contracts/layer-v1.ts';
import type { RouterSpecV1 } from '../contracts/router-spec-v1.ts';
import type { RoutingResultV1 } from '../contracts/routing-v1.ts';
import { InvalidArgumentError } from '../errors/anyk-error.ts';
import { assertTensor, toFloat64 } from '../util/validate.ts';
import { validateRouteInput } from './validate-route-input.ts';
import { validateRouterSpec } from './validate-spec.ts';

/** Norms below this are clamped (as `F.normalize` does), so a zero vector has cosine 0, not NaN. */
const cosineNormFloor = 1e-12;

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
  readonly result: RoutingResultV1;
}

/** Indices `0..n-1` sorted by `key` descending, ties to the lower index (a stable descending sort). */
function sortDescending(keys: Float64Array, offset: number, n: number, candidates?: Uint8Array): number[] {
  const order: number[] = [];
  for (let e = 0; e < n; e++) if (!candidates || candidates[e]) order.push(e);
  order.sort((a, b) => {
    const difference = (keys[offset + b] as number) - (keys[offset + a] as number);
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
        for (let i = 0; i < d; i++) sum += (x[t * d + i] as number) * (router[e * d + i] as number);
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
      for (let i = 0; i < d; i++) dot += (x[t * d + i] as number) * (router[i * experts + e] as number);
      logits[t * total + e] = (scale * dot) / (rowNorm * (columnNorms[e] as number));
    }
  }
  return logits;
}

function cosineRowNorm(x: ArrayLike<number>, t: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < d; i++) sum += (x[t * d + i] as number) ** 2;
  return Math.sqrt(sum);
}

function cosineColumnNorms(router: ArrayLike<number>, d: number, experts: number): Float64Array {
  const norms = new Float64Array(experts);
  for (let e = 0; e < experts; e++) {
    let sum = 0;
    for (let i = 0; i < d; i++) sum += (router[i * experts + e] as number) ** 2;
    norms[e] = Math.max(Math.sqrt(sum), cosineNormFloor);
  }
  return norms;
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

/**
 * Float64 reference routing: plain loops written to be obviously right. This is the oracle every other
 * backend is compared with; speed is not a goal.
 */
export function routeReference(spec: RouterSpecV1, input: RouteInputV1): RoutingTrace {
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
        for (let j = 0; j < total; j++)
          sum += (previous[t * total + j] as number) * (gateMap[i * total + j] as number);
        logits[t * total + i] = (logits[t * total + i] as number) + sum;
      }
    }
  }

  const normalisedLogits = Float64Array.from(logits);
  let logitStd: Float64Array | undefined;
  if (spec.stdNormalise) {
    logitStd = new Float64Array(tokens);
    for (let t = 0; t < tokens; t++) {
      let mean = 0;
      for (let e = 0; e < total; e++) mean += logits[t * total + e] as number;
      mean /= total;
      let variance = 0;
      for (let e = 0; e < total; e++) variance += ((logits[t * total + e] as number) - mean) ** 2;
      const std = Math.sqrt(variance / (total - 1));
      if (!(std > 0)) {
        throw new InvalidArgumentError(
          `logits[${t}]`,
          'not all equal (std-normalisation divides by their std)',
          'a constant row',
        );
      }
      logitStd[t] = std;
      for (let e = 0; e < total; e++) {
        normalisedLogits[t * total + e] =
          ((logits[t * total + e] as number) * spec.stdNormalise.normStd) / std;
      }
    }
  }

  const scores = new Float64Array(tokens * total);
  let unmaskedSigmoid: Float64Array | undefined;
  const scoring = spec.scoring;
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    if (scoring.kind === 'softmax') {
      let max = Number.NEGATIVE_INFINITY;
      for (let e = 0; e < total; e++) max = Math.max(max, normalisedLogits[row + e] as number);
      let sum = 0;
      for (let e = 0; e < total; e++) sum += Math.exp((normalisedLogits[row + e] as number) - max);
      for (let e = 0; e < total; e++)
        scores[row + e] = Math.exp((normalisedLogits[row + e] as number) - max) / sum;
    } else if (scoring.kind === 'sigmoid') {
      unmaskedSigmoid ??= new Float64Array(tokens * total);
      for (let e = 0; e < total; e++) {
        const value = sigmoid(normalisedLogits[row + e] as number);
        unmaskedSigmoid[row + e] = value;
        scores[row + e] =
          params.mask !== undefined && e < experts ? value * (params.mask[e] as number) : value;
      }
    } else if (scoring.kind === 'relu') {
      for (let e = 0; e < total; e++) scores[row + e] = Math.max(normalisedLogits[row + e] as number, 0);
    } else {
      let meanSquare = 0;
      for (let e = 0; e < total; e++) meanSquare += Math.max(normalisedLogits[row + e] as number, 0) ** 2;
      meanSquare /= total;
      const denominator = Math.sqrt(meanSquare + scoring.eps);
      for (let e = 0; e < total; e++) {
        const active = Math.max(normalisedLogits[row + e] as number, 0);
        scores[row + e] = active === 0 ? 0 : active / denominator;
      }
    }
  }

  // Selection keys: scores plus the selection-only bias.
  const keys = Float64Array.from(scores);
  if (params.selectionBias !== undefined) {
    for (let t = 0; t < tokens; t++) {
      for (let e = 0; e < total; e++)
        keys[t * total + e] = (keys[t * total + e] as number) + (params.selectionBias[e] as number);
    }
  }

  const selected = new Uint8Array(tokens * total);
  const fallback = new Uint8Array(tokens);
  let thresholds: Float64Array | undefined;
  const selection = spec.selection;
  if (selection.kind === 'expert-choice') {
    const capacity = Math.min(selection.capacity, tokens);
    const column = new Float64Array(tokens);
    for (let e = 0; e < total; e++) {
      for (let t = 0; t < tokens; t++) column[t] = keys[t * total + e] as number;
      const order = sortDescending(column, 0, tokens);
      for (let rank = 0; rank < capacity; rank++) selected[(order[rank] as number) * total + e] = 1;
    }
  } else if (selection.kind === 'threshold') {
    const theta = params.thresholds as ArrayLike<number>;
    thresholds = new Float64Array(experts);
    for (let e = 0; e < experts; e++)
      thresholds[e] = sigmoid(selection.thresholdScale * (theta[e] as number));
    for (let t = 0; t < tokens; t++) {
      let count = 0;
      for (let e = 0; e < experts; e++) {
        if ((scores[t * total + e] as number) > (thresholds[e] as number)) {
          selected[t * total + e] = 1;
          count++;
        }
      }
      if (count === 0 && selection.fallback === 'argmax') {
        let best = 0;
        for (let e = 1; e < experts; e++)
          if ((scores[t * total + e] as number) > (scores[t * total + best] as number)) best = e;
        selected[t * total + best] = 1;
        fallback[t] = 1;
      }
    }
  } else if (selection.kind === 'positive') {
    for (let index = 0; index < tokens * total; index++)
      selected[index] = (normalisedLogits[index] as number) > 0 ? 1 : 0;
  } else {
    for (let t = 0; t < tokens; t++) {
      let candidates: Uint8Array | undefined;
      if (selection.kind === 'top-k' && selection.groups) {
        candidates = keptGroups(keys, t * total, total, selection.groups);
      }
      const order = sortDescending(keys, t * total, total, candidates);
      let take: number;
      if (selection.kind === 'top-k') take = selection.k;
      else if (selection.kind === 'predicted-k') take = input.k?.[t] as number;
      else {
        // p >= 1 keeps every expert (the authors' code); testing the sum would drop experts whose
        // probability underflows to 0 once the float64 prefix sum rounds to just above 1.
        take = total;
        let cumulative = 0;
        for (let rank = 0; rank < total && selection.p < 1; rank++) {
          cumulative += keys[t * total + (order[rank] as number)] as number;
          if (cumulative > selection.p) {
            take = rank + 1;
            break;
          }
        }
        if (selection.maxK !== undefined) take = Math.min(take, selection.maxK);
      }
      for (let rank = 0; rank < take; rank++) selected[t * total + (order[rank] as number)] = 1;
    }
  }

  const selectedCount = new Int32Array(tokens);
  for (let t = 0; t < tokens; t++) {
    for (let e = 0; e < total; e++)
      selectedCount[t] = (selectedCount[t] as number) + (selected[t * total + e] as number);
  }

  const denseWeights = new Float64Array(tokens * total);
  const weighting = spec.weighting;
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    if (weighting.kind === 'score') {
      for (let e = 0; e < total; e++) {
        if (!selected[row + e]) continue;
        const gain = weighting.gain && e < experts ? ((params.gain as ArrayLike<number>)[e] as number) : 1;
        denseWeights[row + e] = (scores[row + e] as number) * weighting.scale * gain;
      }
    } else if (weighting.kind === 'renormalise') {
      let denominator = 0;
      for (let e = 0; e < total; e++)
        if (renormalised(spec, selected, row, e)) denominator += scores[row + e] as number;
      if (denominator > 0) {
        for (let e = 0; e < total; e++) {
          if (renormalised(spec, selected, row, e))
            denseWeights[row + e] = (weighting.scale * (scores[row + e] as number)) / denominator;
        }
      }
    } else {
      const count = selectedCount[t] as number;
      for (let e = 0; e < total; e++)
        if (selected[row + e]) denseWeights[row + e] = fallback[t] ? 1 : 1 / count;
    }
  }

  const kept = Uint8Array.from(selected);
  if (spec.capacityFactor !== undefined && selection.kind === 'top-k') {
    const capacity = Math.min(tokens, Math.ceil((tokens * selection.k * spec.capacityFactor) / experts));
    for (let e = 0; e < experts; e++) {
      const chosen: number[] = [];
      for (let t = 0; t < tokens; t++) if (selected[t * total + e]) chosen.push(t);
      chosen.sort((a, b) => {
        const difference = (denseWeights[b * total + e] as number) - (denseWeights[a * total + e] as number);
        return difference !== 0 ? difference : a - b;
      });
      for (let rank = capacity; rank < chosen.length; rank++) kept[(chosen[rank] as number) * total + e] = 0;
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
      slotWeight[t * kMax + slot] = denseWeights[t * total + e] as number;
      slot++;
    }
    kCount[t] = slot;
  }

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
    result: { tokens, kMax, slotExpert, slotWeight, kCount, logits, scores },
  };
}

/** Whether a selected expert takes part in renormalisation (zero experts may be excluded). */
function renormalised(spec: RouterSpecV1, selected: Uint8Array, row: number, expert: number): boolean {
  if (!selected[row + expert]) return false;
  if (spec.weighting.kind !== 'renormalise' || !spec.weighting.excludeZeroExperts) return true;
  return expert < spec.numExperts || spec.zeroComputation[expert - spec.numExperts] !== 'zero';
}

/** DeepSeek-V3 group limit: marks the experts of the `keep` best groups as candidates. */
function keptGroups(
  keys: Float64Array,
  offset: number,
  total: number,
  groups: { count: number; keep: number; score: 'top2-sum' | 'max' },
): Uint8Array {
  const size = total / groups.count;
  const groupScores = new Float64Array(groups.count);
  for (let group = 0; group < groups.count; group++) {
    const order = sortDescending(keys, offset + group * size, size);
    const first = keys[offset + group * size + (order[0] as number)] as number;
    groupScores[group] =
      groups.score === 'max' ? first : first + (keys[offset + group * size + (order[1] as number)] as number);
  }
  const groupOrder = sortDescending(groupScores, 0, groups.count);
  const candidates = new Uint8Array(total);
  for (let rank = 0; rank < groups.keep; rank++) {
    const group = groupOrder[rank] as number;
    candidates.fill(1, group * size, (group + 1) * size);
  }
  return candidates;
}

/**
 * Cotangents of one routing, all optional, all `[T, N]` unless stated:
 * - `weights`: of the final (post-drop) dense combine weights;
 * - `scores`: of the scores (auxiliary losses on probabilities);
 * - `normalisedLogits`: of the scoring input;
 * - `logits`: of the logits after the gating residual (e.g. the z-loss);
 * - `gate`: `[T, E]` of DynMoE's straight-through gate `a` (1 where selected by threshold).
 */
export interface RouteCotangents {
  readonly weights?: ArrayLike<number> | undefined;
  readonly scores?: ArrayLike<number> | undefined;
  readonly normalisedLogits?: ArrayLike<number> | undefined;
  readonly logits?: ArrayLike<number> | undefined;
  readonly gate?: ArrayLike<number> | undefined;
}

/**
 * Reverse pass of `routeReference`: gradients w.r.t. the route inputs (logits, or x and router), the
 * gating residual's inputs, DynMoE thresholds (theta) and BlockFFN gains. Selection is constant;
 * renormalisation denominators are differentiable; DynMoE uses the straight-through estimator.
 */
export function routeBackwardReference(
  trace: RoutingTrace,
  input: RouteInputV1,
  cotangents: RouteCotangents,
): RouterGradsV1 {
  const { spec, tokens, totalExperts: total } = trace;
  const experts = spec.numExperts;
  const params = input.params ?? {};
  const size = tokens * total;
  for (const [name, value] of Object.entries(cotangents)) {
    if (value !== undefined)
      assertTensor(`cotangent ${name}`, value, name === 'gate' ? [tokens, experts] : [tokens, total]);
  }

  const scoresGrad = new Float64Array(size);
  if (cotangents.scores)
    for (let index = 0; index < size; index++) scoresGrad[index] = cotangents.scores[index] as number;
  let thresholdsGrad: Float64Array | undefined;
  let gainGrad: Float64Array | undefined;

  // Weights -> scores (and gains / thresholds).
  const weightsCotangent = cotangents.weights;
  const weighting = spec.weighting;
  if (weightsCotangent) {
    for (let t = 0; t < tokens; t++) {
      const row = t * total;
      if (weighting.kind === 'score') {
        for (let e = 0; e < total; e++) {
          if (!trace.kept[row + e]) continue;
          const upstream = weightsCotangent[row + e] as number;
          const gain = weighting.gain && e < experts ? ((params.gain as ArrayLike<number>)[e] as number) : 1;
          scoresGrad[row + e] = (scoresGrad[row + e] as number) + upstream * weighting.scale * gain;
          if (weighting.gain && e < experts) {
            gainGrad ??= new Float64Array(experts);
            gainGrad[e] =
              (gainGrad[e] as number) + upstream * weighting.scale * (trace.scores[row + e] as number);
          }
        }
      } else if (weighting.kind === 'renormalise') {
        let denominator = 0;
        let weightedSum = 0;
        for (let e = 0; e < total; e++) {
          if (!renormalised(spec, trace.selected, row, e)) continue;
          denominator += trace.scores[row + e] as number;
          if (trace.kept[row + e])
            weightedSum += (weightsCotangent[row + e] as number) * (trace.scores[row + e] as number);
        }
        if (denominator <= 0) continue;
        for (let e = 0; e < total; e++) {
          if (!renormalised(spec, trace.selected, row, e)) continue;
          const upstream = trace.kept[row + e] ? (weightsCotangent[row + e] as number) : 0;
          scoresGrad[row + e] =
            (scoresGrad[row + e] as number) +
            weighting.scale * (upstream / denominator - weightedSum / (denominator * denominator));
        }
      } else if (!trace.fallback[t]) {
        const count = trace.selectedCount[t] as number;
        for (let e = 0; e < experts; e++) {
          if (!trace.kept[row + e]) continue;
          const upstream = (weightsCotangent[row + e] as number) / count;
          scoresGrad[row + e] = (scoresGrad[row + e] as number) + upstream;
          thresholdsGrad ??= new Float64Array(experts);
          thresholdsGrad[e] = (thresholdsGrad[e] as number) - upstream;
        }
      }
    }
  }
  // DynMoE gate cotangent through the straight-through estimator (only threshold-selected entries).
  if (cotangents.gate && spec.selection.kind === 'threshold') {
    for (let t = 0; t < tokens; t++) {
      if (trace.fallback[t]) continue;
      for (let e = 0; e < experts; e++) {
        if (!trace.selected[t * total + e]) continue;
        const upstream = cotangents.gate[t * experts + e] as number;
        scoresGrad[t * total + e] = (scoresGrad[t * total + e] as number) + upstream;
        thresholdsGrad ??= new Float64Array(experts);
        thresholdsGrad[e] = (thresholdsGrad[e] as number) - upstream;
      }
    }
  }
  // Thresholds g = sigmoid(scale * theta) -> theta.
  if (thresholdsGrad && trace.thresholds && spec.selection.kind === 'threshold') {
    const scale = spec.selection.thresholdScale;
    for (let e = 0; e < experts; e++) {
      const g = trace.thresholds[e] as number;
      thresholdsGrad[e] = (thresholdsGrad[e] as number) * scale * g * (1 - g);
    }
  }

  // Scores -> scoring input.
  const normalisedGrad = new Float64Array(size);
  if (cotangents.normalisedLogits) {
    for (let index = 0; index < size; index++)
      normalisedGrad[index] = cotangents.normalisedLogits[index] as number;
  }
  const scoring = spec.scoring;
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    if (scoring.kind === 'softmax') {
      let dot = 0;
      for (let e = 0; e < total; e++)
        dot += (scoresGrad[row + e] as number) * (trace.scores[row + e] as number);
      for (let e = 0; e < total; e++) {
        normalisedGrad[row + e] =
          (normalisedGrad[row + e] as number) +
          (trace.scores[row + e] as number) * ((scoresGrad[row + e] as number) - dot);
      }
    } else if (scoring.kind === 'sigmoid') {
      for (let e = 0; e < total; e++) {
        const value = (trace.unmaskedSigmoid as Float64Array)[row + e] as number;
        const mask = params.mask !== undefined && e < experts ? (params.mask[e] as number) : 1;
        normalisedGrad[row + e] =
          (normalisedGrad[row + e] as number) + (scoresGrad[row + e] as number) * mask * value * (1 - value);
      }
    } else if (scoring.kind === 'relu') {
      for (let e = 0; e < total; e++) {
        if ((trace.normalisedLogits[row + e] as number) > 0) {
          normalisedGrad[row + e] = (normalisedGrad[row + e] as number) + (scoresGrad[row + e] as number);
        }
      }
    } else {
      let meanSquare = 0;
      let dot = 0;
      for (let e = 0; e < total; e++) {
        const active = Math.max(trace.normalisedLogits[row + e] as number, 0);
        meanSquare += active * active;
        dot += (scoresGrad[row + e] as number) * active;
      }
      meanSquare /= total;
      const denominator = Math.sqrt(meanSquare + scoring.eps);
      for (let e = 0; e < total; e++) {
        const active = Math.max(trace.normalisedLogits[row + e] as number, 0);
        if (active <= 0) continue;
        const activeGrad =
          (scoresGrad[row + e] as number) / denominator - (active * dot) / (total * denominator ** 3);
        normalisedGrad[row + e] = (normalisedGrad[row + e] as number) + activeGrad;
      }
    }
  }

  // Scoring input -> logits (std-normalisation).
  const logitsGrad = new Float64Array(size);
  if (cotangents.logits)
    for (let index = 0; index < size; index++) logitsGrad[index] = cotangents.logits[index] as number;
  if (spec.stdNormalise && trace.logitStd) {
    const normStd = spec.stdNormalise.normStd;
    for (let t = 0; t < tokens; t++) {
      const row = t * total;
      const std = trace.logitStd[t] as number;
      let mean = 0;
      let dot = 0;
      for (let e = 0; e < total; e++) {
        mean += trace.logits[row + e] as number;
        dot += (normalisedGrad[row + e] as number) * (trace.logits[row + e] as number);
      }
      mean /= total;
      for (let e = 0; e < total; e++) {
        const centred = (trace.logits[row + e] as number) - mean;
        logitsGrad[row + e] =
          (logitsGrad[row + e] as number) +
          normStd * ((normalisedGrad[row + e] as number) / std - (dot * centred) / ((total - 1) * std ** 3));
      }
    }
  } else {
    for (let index = 0; index < size; index++)
      logitsGrad[index] = (logitsGrad[index] as number) + (normalisedGrad[index] as number);
  }

  // Gating residual: logits = raw + prev M^T.
  let prevLogitsGrad: Float64Array | undefined;
  let gateMapGrad: Float64Array | undefined;
  if (spec.gatingResidual && input.prevLogits !== undefined && input.gateMap !== undefined) {
    prevLogitsGrad = new Float64Array(size);
    gateMapGrad = new Float64Array(total * total);
    for (let t = 0; t < tokens; t++) {
      for (let i = 0; i < total; i++) {
        const upstream = logitsGrad[t * total + i] as number;
        for (let j = 0; j < total; j++) {
          prevLogitsGrad[t * total + j] =
            (prevLogitsGrad[t * total + j] as number) + upstream * (input.gateMap[i * total + j] as number);
          gateMapGrad[i * total + j] =
            (gateMapGrad[i * total + j] as number) + upstream * (input.prevLogits[t * total + j] as number);
        }
      }
    }
  }

  const grads: {
    logits: Float64Array;
    x?: Float64Array;
    router?: Float64Array;
    prevLogits?: Float64Array;
    gateMap?: Float64Array;
    thresholds?: Float64Array;
    gain?: Float64Array;
  } = { logits: logitsGrad };
  if (prevLogitsGrad && gateMapGrad) {
    grads.prevLogits = prevLogitsGrad;
    grads.gateMap = gateMapGrad;
  }
  if (spec.selection.kind === 'threshold') grads.thresholds = thresholdsGrad ?? new Float64Array(experts);
  if (spec.weighting.kind === 'score' && spec.weighting.gain)
    grads.gain = gainGrad ?? new Float64Array(experts);

  // Raw logits -> x and router.
  if (
    input.logits === undefined &&
    input.x !== undefined &&
    input.router !== undefined &&
    input.d !== undefined
  ) {
    const { x, router, d } = input;
    const xGrad = new Float64Array(tokens * d);
    const routerGrad = new Float64Array(router.length);
    if (spec.logits.kind === 'linear') {
      for (let t = 0; t < tokens; t++) {
        for (let e = 0; e < total; e++) {
          const upstream = logitsGrad[t * total + e] as number;
          if (upstream === 0) continue;
          for (let i = 0; i < d; i++) {
            xGrad[t * d + i] = (xGrad[t * d + i] as number) + upstream * (router[e * d + i] as number);
            routerGrad[e * d + i] = (routerGrad[e * d + i] as number) + upstream * (x[t * d + i] as number);
          }
        }
      }
    } else {
      cosineBackward(
        spec.logits.logitScale,
        x,
        router,
        d,
        tokens,
        experts,
        total,
        logitsGrad,
        xGrad,
        routerGrad,
      );
    }
    grads.x = xGrad;
    grads.router = routerGrad;
  }
  return grads;
}

/** VJP of `z_te = scale * <x_t/|x_t|, w_e/|w_e|>` with norms clamped at 1e-12 (a clamped norm is constant). */
function cosineBackward(
  scale: number,
  x: ArrayLike<number>,
  router: ArrayLike<number>,
  d: number,
  tokens: number,
  experts: number,
  total: number,
  logitsGrad: Float64Array,
  xGrad: Float64Array,
  routerGrad: Float64Array,
): void {
  const columnNorms = cosineColumnNorms(router, d, experts);
  const rawColumnNorms = new Float64Array(experts);
  for (let e = 0; e < experts; e++) {
    let sum = 0;
    for (let i = 0; i < d; i++) sum += (router[i * experts + e] as number) ** 2;
    rawColumnNorms[e] = Math.sqrt(sum);
  }
  for (let t = 0; t < tokens; t++) {
    const rawRowNorm = cosineRowNorm(x, t, d);
    const rowNorm = Math.max(rawRowNorm, cosineNormFloor);
    const rowClamped = rawRowNorm < cosineNormFloor;
    for (let e = 0; e < experts; e++) {
      const upstream = (logitsGrad[t * total + e] as number) * scale;
      if (upstream === 0) continue;
      const columnNorm = columnNorms[e] as number;
      const columnClamped = (rawColumnNorms[e] as number) < cosineNormFloor;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += (x[t * d + i] as number) * (router[i * experts + e] as number);
      const cosine = dot / (rowNorm * columnNorm);
      for (let i = 0; i < d; i++) {
        const unitX = (x[t * d + i] as number) / rowNorm;
        const unitW = (router[i * experts + e] as number) / columnNorm;
        const dX = rowClamped ? unitW / rowNorm : (unitW - cosine * unitX) / rowNorm;
        const dW = columnClamped ? unitX / columnNorm : (unitX - cosine * unitW) / columnNorm;
        xGrad[t * d + i] = (xGrad[t * d + i] as number) + upstream * dX;
        routerGrad[i * experts + e] = (routerGrad[i * experts + e] as number) + upstream * dW;
      }
    }
  }
}
