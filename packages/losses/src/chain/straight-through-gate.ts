import { sigmoid } from './sigmoid.ts';

/** Gradients that DynMoE's straight-through gate sends to its scores and threshold values. */
export interface StraightThroughGateGrad {
  /** `[T, E]` gradient w.r.t. the scores `s_te`. */
  readonly scores: Float64Array;
  /** `[E]` gradient w.r.t. the threshold values `g_e = sigmoid(s * theta_e)`. */
  readonly thresholdValues: Float64Array;
}

/**
 * VJP of DynMoE's gate `a = STE_sign(relu(s - g))` (apps/docs/site/guide/algorithms.md, §3b): the gradient
 * reaches `s`
 * with factor 1 and `g` with factor -1, **only where the gate is on** (ReLU's derivative, relu'(0) = 0).
 */
export function straightThroughGateVjp(
  gate: ArrayLike<number>,
  gradGate: ArrayLike<number>,
  numTokens: number,
  numExperts: number,
): StraightThroughGateGrad {
  const scores = new Float64Array(numTokens * numExperts);
  const thresholdValues = new Float64Array(numExperts);
  for (let token = 0; token < numTokens; token++) {
    for (let expert = 0; expert < numExperts; expert++) {
      const index = token * numExperts + expert;
      if (gate[index]! === 0) continue;
      const upstream = gradGate[index]!;
      scores[index] = upstream;
      thresholdValues[expert] = thresholdValues[expert]! - upstream;
    }
  }
  return { scores, thresholdValues };
}

/** VJP of `g_e = sigmoid(s * theta_e)`: `dL/dtheta_e = s g_e (1 - g_e) dL/dg_e`. */
export function thresholdVjp(
  thresholds: ArrayLike<number>,
  logitScale: number,
  gradThresholdValues: ArrayLike<number>,
): Float64Array {
  const grad = new Float64Array(thresholds.length);
  for (let expert = 0; expert < thresholds.length; expert++) {
    const value = sigmoid(logitScale * thresholds[expert]!);
    grad[expert] = logitScale * value * (1 - value) * gradThresholdValues[expert]!;
  }
  return grad;
}
