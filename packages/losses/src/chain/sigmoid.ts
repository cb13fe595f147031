/** Numerically stable logistic function (no overflow for large |x|). */
export function sigmoid(value: number): number {
  if (value >= 0) return 1 / (1 + Math.exp(-value));
  const exponential = Math.exp(value);
  return exponential / (1 + exponential);
}

/** Elementwise `sigmoid` of a tensor. */
export function sigmoidElementwise(logits: ArrayLike<number>): Float64Array {
  const scores = new Float64Array(logits.length);
  for (let index = 0; index < logits.length; index++) scores[index] = sigmoid(logits[index]!);
  return scores;
}

/**
 * VJP of the elementwise sigmoid from its output: `dL/dz = s (1 - s) dL/ds`. Used by DeepSeek-V3's
 * sigmoid scoring to take the sequence-balance gradient back to the logits.
 */
export function sigmoidVjp(scores: ArrayLike<number>, gradScores: ArrayLike<number>): Float64Array {
  const gradLogits = new Float64Array(scores.length);
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index]!;
    gradLogits[index] = score * (1 - score) * gradScores[index]!;
  }
  return gradLogits;
}
