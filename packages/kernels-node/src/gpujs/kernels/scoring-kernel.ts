import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/** Codes of `ScoringSpecV1['kind']` as the scoring kernel reads them. */
export const scoringKindCode = { softmax: 0, sigmoid: 1, relu: 2, 'relu-rmsnorm': 3 } as const;

/**
 * Scores from the scoring input `z`, output `[total, tokens]`: softmax (max subtracted), sigmoid times
 * `mask` (1 for ids without a mask entry), ReLU, or ReLU / sqrt(mean relu^2 + eps) (a zero stays zero).
 */
export const scoringKernel: GpuJsKernelDefinition = {
  name: 'scoring',
  parameters: ['z', 'mask', 'total', 'kind', 'eps'],
  body: `
  const token = this.thread.y;
  const expert = this.thread.x;
  const value = z[token * total + expert];
  let score = 0.0;
  if (kind == 0) {
    let maximum = z[token * total];
    for (let maximumIndex = 1; maximumIndex < total; maximumIndex++) {
      maximum = Math.max(maximum, z[token * total + maximumIndex]);
    }
    let sum = 0.0;
    for (let sumIndex = 0; sumIndex < total; sumIndex++) {
      sum += Math.exp(z[token * total + sumIndex] - maximum);
    }
    score = Math.exp(value - maximum) / sum;
  } else if (kind == 1) {
    score = (1.0 / (1.0 + Math.exp(-value))) * mask[expert];
  } else if (kind == 2) {
    score = Math.max(value, 0.0);
  } else {
    // Divided by the row's largest ReLU first: squares of logits near float32 max would overflow.
    let largest = 0.0;
    for (let largestIndex = 0; largestIndex < total; largestIndex++) {
      largest = Math.max(largest, z[token * total + largestIndex]);
    }
    const active = Math.max(value, 0.0);
    if (active > 0.0) {
      let meanSquare = 0.0;
      for (let squareIndex = 0; squareIndex < total; squareIndex++) {
        const other = Math.max(z[token * total + squareIndex], 0.0) / largest;
        meanSquare += other * other;
      }
      meanSquare = meanSquare / total;
      score = active / largest / Math.sqrt(meanSquare + eps / largest / largest);
    }
  }
  return score;`,
};
