import type { RouteInputV1, RouterGradsV1 } from '../contracts/layer-v1.ts';
import { requireTensor } from '../util/validate.ts';
import {
  cosineColumnNorms,
  cosineNormFloor,
  cosineRowNorm,
  type RoutingTrace,
  renormalised,
} from './route-reference.ts';
import { logScoreKind, renormaliseRatios } from './stable-renormalise.ts';
import { uniMoeBackward } from './uni-moe-routing.ts';

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

/** The public argument each cotangent arrives as (`routeBackward`'s third, `backward`'s options). */
const cotangentArgument: Record<string, string> = {
  weights: 'weightCotangent',
  scores: 'options.scoresGrad',
  logits: 'options.logitsGrad',
  normalisedLogits: 'cotangents.normalisedLogits',
  gate: 'cotangents.gate',
};

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
      requireTensor(
        cotangentArgument[name] ?? name,
        value,
        name === 'gate' ? [tokens, experts] : [tokens, total],
      );
  }

  const scoresGrad = new Float64Array(size);
  if (cotangents.scores)
    for (let index = 0; index < size; index++) scoresGrad[index] = cotangents.scores[index]!;
  let thresholdsGrad: Float64Array | undefined;
  let gainGrad: Float64Array | undefined;

  // Weights -> scores (and gains / thresholds).
  const weightsCotangent = cotangents.weights;
  const weighting = spec.weighting;
  const logKind = logScoreKind(spec, params);
  const ratios = new Float64Array(total);
  // Renormalised softmax / sigmoid weights send their gradient to the log-scores (see renormaliseBackwardRow).
  const logScoresGrad = new Float64Array(size);
  // (Uni-MoE-2.0's weights are functions of the logits, not the scores: see below.)
  if (weightsCotangent && !trace.uniMoe) {
    for (let t = 0; t < tokens; t++) {
      const row = t * total;
      if (weighting.kind === 'score') {
        for (let e = 0; e < total; e++) {
          if (!trace.kept[row + e]) continue;
          const upstream = weightsCotangent[row + e]!;
          const gain = weighting.gain && e < experts ? ((params.gain as ArrayLike<number>)[e] as number) : 1;
          scoresGrad[row + e] = scoresGrad[row + e]! + upstream * weighting.scale * gain;
          if (weighting.gain && e < experts) {
            gainGrad ??= new Float64Array(experts);
            gainGrad[e] = gainGrad[e]! + upstream * weighting.scale * trace.scores[row + e]!;
          }
        }
      } else if (weighting.kind === 'renormalise') {
        renormaliseBackwardRow(trace, row, weighting.scale, weightsCotangent, logKind, ratios, {
          scoresGrad,
          logScoresGrad,
        });
      } else if (!trace.fallback[t]) {
        const count = trace.selectedCount[t]!;
        for (let e = 0; e < experts; e++) {
          if (!trace.kept[row + e]) continue;
          const upstream = weightsCotangent[row + e]! / count;
          scoresGrad[row + e] = scoresGrad[row + e]! + upstream;
          thresholdsGrad ??= new Float64Array(experts);
          thresholdsGrad[e] = thresholdsGrad[e]! - upstream;
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
        const upstream = cotangents.gate[t * experts + e]!;
        scoresGrad[t * total + e] = scoresGrad[t * total + e]! + upstream;
        thresholdsGrad ??= new Float64Array(experts);
        thresholdsGrad[e] = thresholdsGrad[e]! - upstream;
      }
    }
  }
  // Thresholds g = sigmoid(scale * theta) -> theta.
  if (thresholdsGrad && trace.thresholds && spec.selection.kind === 'threshold') {
    const scale = spec.selection.thresholdScale;
    for (let e = 0; e < experts; e++) {
      const g = trace.thresholds[e]!;
      thresholdsGrad[e] = thresholdsGrad[e]! * scale * g * (1 - g);
    }
  }

  // Scores -> scoring input.
  const normalisedGrad = new Float64Array(size);
  if (cotangents.normalisedLogits) {
    for (let index = 0; index < size; index++) normalisedGrad[index] = cotangents.normalisedLogits[index]!;
  }
  const scoring = spec.scoring;
  for (let t = 0; t < tokens; t++) {
    const row = t * total;
    if (scoring.kind === 'softmax') {
      let dot = 0;
      let logDot = 0;
      for (let e = 0; e < total; e++) {
        dot += scoresGrad[row + e]! * trace.scores[row + e]!;
        logDot += logScoresGrad[row + e]!;
      }
      // log p_e = z_e - logsumexp(z): d/dz_j = g_j - p_j sum_e g_e (the sum is 0 up to rounding for
      // renormalised weights, whose ratios sum to 1).
      for (let e = 0; e < total; e++) {
        const probability = trace.scores[row + e]!;
        normalisedGrad[row + e] =
          normalisedGrad[row + e]! +
          probability * (scoresGrad[row + e]! - dot) +
          logScoresGrad[row + e]! -
          probability * logDot;
      }
    } else if (scoring.kind === 'sigmoid') {
      for (let e = 0; e < total; e++) {
        const value = (trace.unmaskedSigmoid as Float64Array)[row + e] as number;
        const mask = params.mask !== undefined && e < experts ? params.mask[e]! : 1;
        // d log sigmoid(z) / dz = sigmoid(-z), exact where 1 - sigmoid(z) rounds to 0.
        const complement = 1 / (1 + Math.exp(trace.normalisedLogits[row + e]!));
        normalisedGrad[row + e] =
          normalisedGrad[row + e]! +
          scoresGrad[row + e]! * mask * value * (1 - value) +
          logScoresGrad[row + e]! * complement;
      }
    } else if (scoring.kind === 'relu') {
      for (let e = 0; e < total; e++) {
        if (trace.normalisedLogits[row + e]! > 0) {
          normalisedGrad[row + e] = normalisedGrad[row + e]! + scoresGrad[row + e]!;
        }
      }
    } else {
      let meanSquare = 0;
      let dot = 0;
      for (let e = 0; e < total; e++) {
        const active = Math.max(trace.normalisedLogits[row + e]!, 0);
        meanSquare += active * active;
        dot += scoresGrad[row + e]! * active;
      }
      meanSquare /= total;
      const denominator = Math.sqrt(meanSquare + scoring.eps);
      for (let e = 0; e < total; e++) {
        const active = Math.max(trace.normalisedLogits[row + e]!, 0);
        if (active <= 0) continue;
        const activeGrad = scoresGrad[row + e]! / denominator - (active * dot) / (total * denominator ** 3);
        normalisedGrad[row + e] = normalisedGrad[row + e]! + activeGrad;
      }
    }
  }

  // Scoring input -> logits (std-normalisation).
  const logitsGrad = new Float64Array(size);
  if (cotangents.logits)
    for (let index = 0; index < size; index++) logitsGrad[index] = cotangents.logits[index]!;
  if (spec.stdNormalise && trace.logitStd) {
    const normStd = spec.stdNormalise.normStd;
    for (let t = 0; t < tokens; t++) {
      const row = t * total;
      const std = trace.logitStd[t]!;
      // Written with z / std so nothing is cubed: std^3 overflows float64 for logits near 1e103.
      let mean = 0;
      let dot = 0;
      for (let e = 0; e < total; e++) {
        mean += trace.logits[row + e]!;
        dot += normalisedGrad[row + e]! * (trace.logits[row + e]! / std);
      }
      mean /= total;
      for (let e = 0; e < total; e++) {
        const centred = (trace.logits[row + e]! - mean) / std;
        logitsGrad[row + e] =
          logitsGrad[row + e]! + (normStd * (normalisedGrad[row + e]! - (dot * centred) / (total - 1))) / std;
      }
    }
  } else {
    for (let index = 0; index < size; index++)
      logitsGrad[index] = logitsGrad[index]! + normalisedGrad[index]!;
  }

  if (trace.uniMoe && weightsCotangent)
    uniMoeBackward(spec, trace.uniMoe, trace.logits, tokens, weightsCotangent, logitsGrad);

  // Gating residual: logits = raw + prev M^T.
  let prevLogitsGrad: Float64Array | undefined;
  let gateMapGrad: Float64Array | undefined;
  if (spec.gatingResidual && input.prevLogits !== undefined && input.gateMap !== undefined) {
    prevLogitsGrad = new Float64Array(size);
    gateMapGrad = new Float64Array(total * total);
    for (let t = 0; t < tokens; t++) {
      for (let i = 0; i < total; i++) {
        const upstream = logitsGrad[t * total + i]!;
        for (let j = 0; j < total; j++) {
          prevLogitsGrad[t * total + j] =
            prevLogitsGrad[t * total + j]! + upstream * input.gateMap[i * total + j]!;
          gateMapGrad[i * total + j] =
            gateMapGrad[i * total + j]! + upstream * input.prevLogits[t * total + j]!;
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
          const upstream = logitsGrad[t * total + e]!;
          if (upstream === 0) continue;
          for (let i = 0; i < d; i++) {
            xGrad[t * d + i] = xGrad[t * d + i]! + upstream * router[e * d + i]!;
            routerGrad[e * d + i] = routerGrad[e * d + i]! + upstream * x[t * d + i]!;
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
    for (let i = 0; i < d; i++) sum += router[i * experts + e]! ** 2;
    rawColumnNorms[e] = Math.sqrt(sum);
  }
  for (let t = 0; t < tokens; t++) {
    const rawRowNorm = cosineRowNorm(x, t, d);
    const rowNorm = Math.max(rawRowNorm, cosineNormFloor);
    const rowClamped = rawRowNorm < cosineNormFloor;
    for (let e = 0; e < experts; e++) {
      const upstream = logitsGrad[t * total + e]! * scale;
      if (upstream === 0) continue;
      const columnNorm = columnNorms[e]!;
      const columnClamped = rawColumnNorms[e]! < cosineNormFloor;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += x[t * d + i]! * router[i * experts + e]!;
      const cosine = dot / (rowNorm * columnNorm);
      for (let i = 0; i < d; i++) {
        const unitX = x[t * d + i]! / rowNorm;
        const unitW = router[i * experts + e]! / columnNorm;
        const dX = rowClamped ? unitW / rowNorm : (unitW - cosine * unitX) / rowNorm;
        const dW = columnClamped ? unitX / columnNorm : (unitX - cosine * unitW) / columnNorm;
        xGrad[t * d + i] = xGrad[t * d + i]! + upstream * dX;
        routerGrad[i * experts + e] = routerGrad[i * experts + e]! + upstream * dW;
      }
    }
  }
}

/**
 * One row of the renormalised weights' VJP, `W_e = scale r_e` with `r_e = s_e / sum_{S'} s`, written with
 * the ratios so nothing divides by a squared sum that underflows (AdaMoE logits `[0, -1, -2, 400]` made the
 * old `1 / D^2` form NaN and Inf). With `u` the weight cotangent (0 where dropped) and `ubar = sum_k r_k u_k`:
 * - log-score scorings: `dS/d log s_e = scale r_e (u_e - ubar)`, into `logScoresGrad`;
 * - plain scores (ReLU families): `dS/ds_e = scale (u_e - ubar) / D`, into `scoresGrad` (ReLU scores do
 *   not underflow, so `D` is an ordinary number or exactly 0).
 */
function renormaliseBackwardRow(
  trace: RoutingTrace,
  row: number,
  scale: number,
  weightsCotangent: ArrayLike<number>,
  logKind: 'softmax' | 'sigmoid' | undefined,
  ratios: Float64Array,
  targets: { readonly scoresGrad: Float64Array; readonly logScoresGrad: Float64Array },
): void {
  const { spec, totalExperts: total } = trace;
  const members = (e: number): boolean => renormalised(spec, trace.selected, row, e);
  if (!renormaliseRatios(logKind, trace.normalisedLogits, trace.scores, row, total, members, ratios)) return;
  const upstream = (e: number): number => (trace.kept[row + e] ? weightsCotangent[row + e]! : 0);
  let meanUpstream = 0;
  for (let e = 0; e < total; e++) if (members(e)) meanUpstream += ratios[e]! * upstream(e);
  if (logKind !== undefined) {
    for (let e = 0; e < total; e++) {
      if (!members(e)) continue;
      targets.logScoresGrad[row + e] = scale * ratios[e]! * (upstream(e) - meanUpstream);
    }
    return;
  }
  let denominator = 0;
  for (let e = 0; e < total; e++) if (members(e)) denominator += trace.scores[row + e]!;
  for (let e = 0; e < total; e++) {
    if (!members(e)) continue;
    targets.scoresGrad[row + e] =
      targets.scoresGrad[row + e]! + (scale * (upstream(e) - meanUpstream)) / denominator;
  }
}
