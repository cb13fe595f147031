import type { FloatArray } from '@anyk/core';

/**
 * Softmax cross-entropy per row of `logits [rows, vocab]` against `targets [rows]`. Returns the per-row
 * loss (natural log) and writes `dL/dlogits` for the *mean* loss (scaled by `gradScale / rows`) into
 * `gradLogits` when given.
 */
export function crossEntropy(
  logits: ArrayLike<number>,
  targets: ArrayLike<number>,
  rows: number,
  vocab: number,
  gradLogits?: FloatArray,
  gradScale = 1,
): Float64Array {
  const losses = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const base = row * vocab;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < vocab; i++) if (logits[base + i]! > max) max = logits[base + i]!;
    let sum = 0;
    for (let i = 0; i < vocab; i++) sum += Math.exp(logits[base + i]! - max);
    const logSum = Math.log(sum) + max;
    const target = targets[row]!;
    losses[row] = logSum - logits[base + target]!;
    if (gradLogits) {
      const factor = gradScale / rows;
      for (let i = 0; i < vocab; i++) gradLogits[base + i] = Math.exp(logits[base + i]! - logSum) * factor;
      gradLogits[base + target] = gradLogits[base + target]! - factor;
    }
  }
  return losses;
}
