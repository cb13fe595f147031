import type { FloatArray, RouteInputV1, RouterParamsV1, RouterSpecV1, RoutingResultV1 } from '@anyk/core';
import {
  logScoreKind,
  logSoftmaxRows,
  rankByLogSoftmax,
  stdNormaliseRowStd,
  toFloat32,
  validateRouteInput,
  validateRouterSpec,
} from '@anyk/core/internal';
import type { GpuJsRuntime } from './gpujs-runtime.ts';
import { routeUniMoeGpuJs } from './gpujs-uni-moe-route.ts';
import {
  capacityKeepKernel,
  combineWeightKernel,
  cosineLogitsKernel,
  expertChoiceSelectionKernel,
  gatingResidualKernel,
  groupRankKernel,
  positiveSelectionKernel,
  rankSelectionKernel,
  rankSelectionKindCode,
  routerLogitsKernel,
  scoringKernel,
  scoringKindCode,
  stdNormaliseKernel,
  thresholdSelectionKernel,
  weightingKindCode,
} from './kernels/index.ts';

/** A length-`n` float32 array of `value`, for optional per-expert vectors. */
function filled(n: number, value: number): Float32Array {
  return new Float32Array(n).fill(value);
}

/**
 * Routing on gpu.js: logits, gating residual, std-normalisation, scoring, selection, weighting and
 * capacity dropping each run as one gpu.js kernel over `[total, tokens]` cells; the host only validates,
 * rejects constant rows before std-normalisation (as the reference does) and compacts the kept mask into
 * token-major slots. Decisions are taken on the float32 scores, so they equal the float64 reference's
 * except where two keys (or a top-p cumulative sum and p, or a score and a threshold) differ by less than
 * float32 rounding.
 */
export async function routeGpuJs(
  runtime: GpuJsRuntime,
  spec: RouterSpecV1,
  input: RouteInputV1,
): Promise<RoutingResultV1> {
  const { kMax, totalExperts: total } = validateRouterSpec(spec);
  validateRouteInput(spec, input, total);
  const selection = spec.selection;
  const weighting = spec.weighting;
  const tokens = input.tokens;
  const experts = spec.numExperts;
  const params = input.params ?? {};
  const grid = [total, tokens] as const;

  // Logits.
  let rawLogits: Float32Array;
  if (input.logits !== undefined) {
    rawLogits = toFloat32(input.logits);
  } else {
    const x = toFloat32(input.x as FloatArray);
    const router = toFloat32(input.router as FloatArray);
    const d = input.d as number;
    rawLogits =
      spec.logits.kind === 'linear'
        ? await runtime.run(routerLogitsKernel, grid, { x, router, d })
        : await runtime.run(cosineLogitsKernel, grid, {
            x,
            router,
            d,
            experts,
            logitScale: spec.logits.logitScale,
          });
  }
  if (selection.kind === 'uni-moe-top-p' || weighting.kind === 'window-renormalise')
    return routeUniMoeGpuJs(runtime, spec, rawLogits, tokens, total, kMax);
  let logits = rawLogits;
  if (spec.gatingResidual && input.prevLogits !== undefined && input.gateMap !== undefined) {
    logits = await runtime.run(gatingResidualKernel, grid, {
      rawLogits,
      previousLogits: toFloat32(input.prevLogits),
      gateMap: toFloat32(input.gateMap),
      total,
    });
  }
  let normalised = logits;
  if (spec.stdNormalise) {
    rejectConstantRows(logits, tokens, total);
    normalised = await runtime.run(stdNormaliseKernel, grid, {
      logits,
      total,
      normStd: spec.stdNormalise.normStd,
    });
  }

  // Scores.
  const mask = filled(total, 1);
  if (params.mask !== undefined) mask.set(toFloat32(params.mask));
  const scores = await runtime.run(scoringKernel, grid, {
    z: normalised,
    mask,
    total,
    kind: scoringKindCode[spec.scoring.kind],
    eps: spec.scoring.kind === 'relu-rmsnorm' ? spec.scoring.eps : 0,
  });

  // Selection (1 = selected, 2 = DynMoE fallback pick).
  const bias = params.selectionBias !== undefined ? toFloat32(params.selectionBias) : filled(total, 0);
  const order = rankKeys(spec, params, scores, normalised, bias, tokens, total);
  let selected: Float32Array;
  if (selection.kind === 'expert-choice') {
    selected = await runtime.run(expertChoiceSelectionKernel, grid, {
      scores,
      bias,
      ties: expertChoiceTies(spec, bias, normalised, tokens, total),
      tokens,
      total,
      capacity: Math.min(selection.capacity, tokens),
    });
  } else if (selection.kind === 'threshold') {
    selected = await runtime.run(thresholdSelectionKernel, grid, {
      scores,
      theta: toFloat32(params.thresholds as ArrayLike<number>),
      experts,
      thresholdScale: selection.thresholdScale,
      argmaxFallback: selection.fallback === 'argmax' ? 1 : 0,
    });
  } else if (selection.kind === 'positive') {
    selected = await runtime.run(positiveSelectionKernel, grid, { z: normalised, total });
  } else {
    const groups = selection.kind === 'top-k' ? selection.groups : undefined;
    const groupSize = groups ? total / groups.count : total;
    const groupRank = groups
      ? await runtime.run(groupRankKernel, [groups.count, tokens], {
          scores,
          bias,
          total,
          groupSize,
          groupCount: groups.count,
          useMax: groups.score === 'max' ? 1 : 0,
        })
      : filled(1, 0);
    const expertGroup = new Float32Array(total);
    for (let expert = 0; expert < total; expert++) expertGroup[expert] = Math.floor(expert / groupSize);
    const negativeMask = params.mask !== undefined && Array.from(params.mask).some((value) => value < 0);
    selected = await runtime.run(rankSelectionKernel, grid, {
      scores,
      order,
      bias,
      groupRank,
      expertGroup,
      tokenK: selection.kind === 'predicted-k' ? toFloat32(input.k as Int32Array) : filled(1, 0),
      total,
      kind: rankSelectionKindCode[selection.kind],
      k: selection.kind === 'top-k' ? selection.k : 0,
      p: selection.kind === 'top-p' ? selection.p : 0,
      maxK: selection.kind === 'top-p' ? (selection.maxK ?? total) : total,
      useGroups: groups ? 1 : 0,
      groupCount: groups ? groups.count : 1,
      keep: groups ? groups.keep : 1,
      dropZero: groups?.dropped === 'zero' ? 1 : 0,
      // Cumulative sums are monotone only for non-negative keys; a bias (or a negative mask) breaks that.
      exactPrefix: params.selectionBias !== undefined || negativeMask ? 1 : 0,
    });
  }

  // Weights, then capacity dropping.
  const gain = filled(total, 1);
  if (weighting.kind === 'score' && weighting.gain) gain.set(toFloat32(params.gain as ArrayLike<number>));
  const participates = filled(total, 1);
  if (weighting.kind === 'renormalise' && weighting.excludeZeroExperts) {
    spec.zeroComputation.forEach((kind, index) => {
      if (kind === 'zero') participates[experts + index] = 0;
    });
  }
  const logKind = logScoreKind(spec, params);
  const weights = await runtime.run(combineWeightKernel, grid, {
    selection: selected,
    scores,
    z: normalised,
    logKind: logKind === 'softmax' ? 1 : logKind === 'sigmoid' ? 2 : 0,
    gain,
    participates,
    total,
    kind: weightingKindCode[weighting.kind],
    scale: weighting.kind === 'uniform' ? 1 : weighting.scale,
  });
  let kept = selected;
  if (spec.capacityFactor !== undefined && selection.kind === 'top-k') {
    const capacity = Math.min(tokens, Math.ceil((tokens * selection.k * spec.capacityFactor) / experts));
    kept = await runtime.run(capacityKeepKernel, grid, {
      selection: selected,
      weights,
      tokens,
      total,
      experts,
      capacity,
    });
  }

  // Host: compact the kept mask into token-major slots (ascending expert id).
  const slotExpert = new Int32Array(tokens * kMax).fill(-1);
  const slotWeight = new Float32Array(tokens * kMax);
  const kCount = new Int32Array(tokens);
  for (let t = 0; t < tokens; t++) {
    let slot = 0;
    for (let e = 0; e < total; e++) {
      if (!(kept[t * total + e]! > 0)) continue;
      slotExpert[t * kMax + slot] = e;
      slotWeight[t * kMax + slot] = weights[t * total + e]!;
      slot++;
    }
    kCount[t] = slot;
  }
  return {
    tokens,
    kMax,
    slotExpert,
    slotWeight,
    kCount,
    logits: logits === input.logits ? Float32Array.from(logits) : logits,
    scores,
  };
}

/**
 * The keys selection ranks, as the reference ranks them:
 * - per-token softmax selections where `rankByLogSoftmax` allows: the normalised logits themselves (the
 *   same order as log-probabilities; float32 probabilities tie at 0 beyond a logit gap of ~104, and float32
 *   log-probabilities near -log(E) lose the small gaps the logits keep);
 * - else `score + bias`.
 */
function rankKeys(
  spec: RouterSpecV1,
  params: RouterParamsV1,
  scores: Float32Array,
  normalised: Float32Array,
  bias: Float32Array,
  tokens: number,
  total: number,
): Float32Array {
  if (rankByLogSoftmax(spec, params)) return normalised;
  const keys = new Float32Array(tokens * total);
  for (let index = 0; index < keys.length; index++) keys[index] = scores[index]! + bias[index % total]!;
  return keys;
}

/**
 * Expert-choice's second key: the log-probabilities for softmax without a bias (equal float32
 * probabilities, saturated at 1 or underflowed to 0, are ordered by them as the reference's float64
 * probabilities order them), else zeros (ties to the lower token).
 */
function expertChoiceTies(
  spec: RouterSpecV1,
  bias: Float32Array,
  normalised: Float32Array,
  tokens: number,
  total: number,
): Float32Array {
  if (spec.scoring.kind !== 'softmax' || bias.some((value) => value !== 0)) return filled(tokens * total, 0);
  return Float32Array.from(logSoftmaxRows(normalised, tokens, total));
}

/** The reference's rule for std-normalisation: a (nearly) constant row is the same typed error. */
function rejectConstantRows(logits: Float32Array, tokens: number, total: number): void {
  for (let t = 0; t < tokens; t++) stdNormaliseRowStd(logits, t * total, total, t);
}
