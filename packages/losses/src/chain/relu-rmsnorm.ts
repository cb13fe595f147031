/** `1e-5`, the denominator guard of BlockFFN's loss distribution `q = r / (sum r + 1e-5)`. */
export const BLOCKFFN_Q_EPSILON = 1e-5;

/** BlockFFN router quantities for one layer (apps/docs/site/guide/algorithms.md). */
export interface ReluRmsnormRouting {
  /** `[T, E]` `r = relu(u) / sqrt(mean_e relu(u)^2 + eps)` (a zero row stays zero). */
  readonly normalised: Float64Array;
  /** `[T, E]` the losses' distribution `q = r / (sum_e r + 1e-5)` (no gain). */
  readonly distribution: Float64Array;
}

/** Forward of BlockFFN's ReLU + RMSNorm scoring and its loss distribution q, from logits `u [T, E]`. */
export function reluRmsnormRouting(
  logits: ArrayLike<number>,
  numTokens: number,
  numExperts: number,
  eps: number,
): ReluRmsnormRouting {
  const normalised = new Float64Array(numTokens * numExperts);
  const distribution = new Float64Array(numTokens * numExperts);
  for (let token = 0; token < numTokens; token++) {
    const base = token * numExperts;
    let squares = 0;
    for (let expert = 0; expert < numExperts; expert++) {
      const active = Math.max(logits[base + expert]!, 0);
      squares += active * active;
    }
    const inverseRms = 1 / Math.sqrt(squares / numExperts + eps);
    let total = 0;
    for (let expert = 0; expert < numExperts; expert++) {
      const value = Math.max(logits[base + expert]!, 0) * inverseRms;
      normalised[base + expert] = value;
      total += value;
    }
    for (let expert = 0; expert < numExperts; expert++) {
      distribution[base + expert] = normalised[base + expert]! / (total + BLOCKFFN_Q_EPSILON);
    }
  }
  return { normalised, distribution };
}

/**
 * VJP of BlockFFN's `u -> a = relu(u) -> r -> q` chain: given `dL/dq` (and optionally `dL/dr`), returns
 * `dL/du`. With `rho = (mean a^2 + eps)^(-1/2)`, `D = sum r + 1e-5`:
 * `dL/dr_j += g_q_j / D - sum_i g_q_i r_i / D^2`, `dL/da_j = rho g_r_j - rho^3 a_j / E * sum_i g_r_i a_i`,
 * `dL/du_j = 1{u_j > 0} dL/da_j` (relu'(0) = 0).
 */
export function reluRmsnormVjp(
  logits: ArrayLike<number>,
  numTokens: number,
  numExperts: number,
  eps: number,
  gradDistribution: ArrayLike<number> | undefined,
  gradNormalised?: ArrayLike<number>,
): Float64Array {
  const { normalised } = reluRmsnormRouting(logits, numTokens, numExperts, eps);
  const gradLogits = new Float64Array(numTokens * numExperts);
  const gradR = new Float64Array(numExperts);
  for (let token = 0; token < numTokens; token++) {
    const base = token * numExperts;
    let total = 0;
    let squares = 0;
    for (let expert = 0; expert < numExperts; expert++) {
      total += normalised[base + expert]!;
      const active = Math.max(logits[base + expert]!, 0);
      squares += active * active;
    }
    const denominator = total + BLOCKFFN_Q_EPSILON;
    let qDot = 0;
    if (gradDistribution) {
      for (let expert = 0; expert < numExperts; expert++) {
        qDot += gradDistribution[base + expert]! * normalised[base + expert]!;
      }
    }
    for (let expert = 0; expert < numExperts; expert++) {
      let value = gradNormalised ? gradNormalised[base + expert]! : 0;
      if (gradDistribution) {
        value += gradDistribution[base + expert]! / denominator - qDot / (denominator * denominator);
      }
      gradR[expert] = value;
    }
    const inverseRms = 1 / Math.sqrt(squares / numExperts + eps);
    let aDot = 0;
    for (let expert = 0; expert < numExperts; expert++) {
      aDot += gradR[expert]! * Math.max(logits[base + expert]!, 0);
    }
    const cubic = inverseRms * inverseRms * inverseRms;
    for (let expert = 0; expert < numExperts; expert++) {
      const logit = logits[base + expert]!;
      if (logit <= 0) continue;
      gradLogits[base + expert] = inverseRms * gradR[expert]! - (cubic * logit * aDot) / numExperts;
    }
  }
  return gradLogits;
}
