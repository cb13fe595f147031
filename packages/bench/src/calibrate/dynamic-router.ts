import { type FloatArray, type MoeLayerV1, type RouterSpecV1, UnsupportedError } from '@anyk/core';
import { routeReference } from '@anyk/core/internal';

/** The training-free dynamic routers `anyk calibrate` fits on a top-k checkpoint. */
export const calibratedFamilies = ['top-p', 'threshold'] as const;
export type CalibratedFamily = (typeof calibratedFamilies)[number];

/**
 * The native layer with its top-k selection replaced, scoring, bias and weighting kept:
 * - `top-p`: cumulative top-p with `p = parameter` over the native selection keys (score, + bias);
 * - `threshold`: every expert whose score exceeds `tau = sigmoid(parameter)` (one global threshold on the
 *   native probabilities, the argmax when none does), run through the contract's threshold selection with
 *   `thresholdScale` 1 and `theta_e = parameter` for every expert.
 * Threshold selection has no zero-computation experts (LongCat-Flash): `UnsupportedError`.
 */
export function dynamicLayer(native: MoeLayerV1, family: CalibratedFamily, parameter: number): MoeLayerV1 {
  const spec: RouterSpecV1 =
    family === 'top-p'
      ? { ...native.spec, family: `${native.spec.family}+top-p`, selection: { kind: 'top-p', p: parameter } }
      : {
          ...native.spec,
          family: `${native.spec.family}+threshold`,
          selection: { kind: 'threshold', thresholdScale: 1, fallback: 'argmax' },
        };
  if (family === 'threshold' && native.spec.zeroComputation.length > 0)
    throw new UnsupportedError(
      `a threshold router on ${native.spec.family}`,
      'threshold selection has no zero-computation experts',
    );
  return {
    ...native,
    spec,
    params: {
      ...native.params,
      ...(family === 'threshold'
        ? { thresholds: new Float64Array(native.spec.numExperts).fill(parameter) }
        : {}),
    },
  };
}

/** Mean selected experts per token (zero-computation experts included) of `layer` on given logits. */
export function meanExperts(layer: MoeLayerV1, logits: FloatArray, tokens: number): number {
  const { result } = routeReference(layer.spec, { tokens, logits, params: layer.params });
  let sum = 0;
  for (let token = 0; token < tokens; token++) sum += result.kCount[token]!;
  return sum / tokens;
}

/** A fitted parameter and the mean k it gives. */
export interface FittedParameter {
  readonly parameter: number;
  readonly meanK: number;
}

/**
 * Fits the family's parameter so the mean experts per token on `logits` comes closest to `targetK`, by
 * bisection (mean k is a non-decreasing step function of top-p's p, non-increasing in the threshold),
 * keeping whichever end of the final bracket is closer. The native router's own logits are reused, so
 * each step is a routing, not a layer forward.
 */
export function fitToMeanK(
  native: MoeLayerV1,
  family: CalibratedFamily,
  logits: FloatArray,
  tokens: number,
  targetK: number,
  iterations = 48,
): FittedParameter {
  const measure = (parameter: number) => meanExperts(dynamicLayer(native, family, parameter), logits, tokens);
  // For top-p, k grows with p: search p in (0, high], doubling high until it keeps enough experts (sigmoid
  // scores plus a bias can sum past 1). For the threshold, k falls as theta grows: search theta in [-40, 40].
  let low = family === 'top-p' ? 1e-9 : -40;
  let high = family === 'top-p' ? 1 : 40;
  if (family === 'top-p') {
    const total = native.spec.numExperts + native.spec.zeroComputation.length;
    while (measure(high) < targetK && high < 4 * total) high *= 2;
  }
  const increasing = family === 'top-p';
  for (let step = 0; step < iterations; step++) {
    const middle = (low + high) / 2;
    const tooMany = measure(middle) > targetK;
    if (tooMany === increasing) high = middle;
    else low = middle;
  }
  const candidates = [low, high].map((parameter) => ({ parameter, meanK: measure(parameter) }));
  candidates.sort((a, b) => Math.abs(a.meanK - targetK) - Math.abs(b.meanK - targetK));
  return candidates[0] as FittedParameter;
}
