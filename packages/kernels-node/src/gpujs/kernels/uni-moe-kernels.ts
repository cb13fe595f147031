import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * Uni-MoE-2.0 routing on gpu.js, one kernel per step of the rule (`UniMoeSelectionV1`), each over
 * `[total, tokens]` cells reading the `[T, total]` logits `z`; the D dynamic columns come first. The
 * sequential picks are the top-`k_t` columns by z (ties: lower column), so a cell finds its own pick step
 * as its rank among the token's dynamic logits, and the step's window as the columns ranked at or after it.
 */

/** Softmax over the dynamic columns (shared columns score 0). */
export const uniMoeScoresKernel: GpuJsKernelDefinition = {
  name: 'uni-moe-scores',
  parameters: ['z', 'total', 'dynamic'],
  body: `
  const token = this.thread.y;
  const column = this.thread.x;
  let score = 0.0;
  if (column < dynamic) {
    let maximum = -3.0e38;
    for (let maximumIndex = 0; maximumIndex < dynamic; maximumIndex++) {
      maximum = Math.max(maximum, z[token * total + maximumIndex]);
    }
    let sum = 0.0;
    for (let sumIndex = 0; sumIndex < dynamic; sumIndex++) {
      sum += Math.exp(z[token * total + sumIndex] - maximum);
    }
    score = Math.exp(z[token * total + column] - maximum) / sum;
  }
  return score;`,
};

/**
 * The window multiplier `mu` of a picked dynamic column, 0 elsewhere. Count: `p > 0` gives
 * `1 + #{ranks whose descending cumulative probability is < p}` (a count above D picks nothing), `p == 0`
 * gives `k`. A column is picked iff its rank is below the count; its window holds the columns ranked at or
 * after it whose relative gap to it is not above `2 windowEps` (0/0 inside).
 */
export const uniMoeMultiplierKernel: GpuJsKernelDefinition = {
  name: 'uni-moe-multiplier',
  parameters: ['z', 'scores', 'total', 'dynamic', 'p', 'k', 'windowEps'],
  body: `
  const token = this.thread.y;
  const column = this.thread.x;
  const row = token * total;
  let multiplier = 0.0;
  if (column < dynamic) {
    let count = k;
    if (p > 0.0) {
      count = 1.0;
      for (let a = 0; a < dynamic; a++) {
        const qa = scores[row + a];
        let cumulative = 0.0;
        for (let b = 0; b < dynamic; b++) {
          const qb = scores[row + b];
          if (qb > qa || (qb == qa && b <= a)) {
            cumulative += qb;
          }
        }
        if (cumulative < p) {
          count += 1.0;
        }
      }
    }
    const value = z[row + column];
    let rank = 0.0;
    for (let c = 0; c < dynamic; c++) {
      const other = z[row + c];
      if (other > value || (other == value && c < column)) {
        rank += 1.0;
      }
    }
    if (count <= dynamic && rank < count) {
      let sum = 0.0;
      for (let w = 0; w < dynamic; w++) {
        const candidate = z[row + w];
        let candidateRank = 0.0;
        for (let v = 0; v < dynamic; v++) {
          const rival = z[row + v];
          if (rival > candidate || (rival == candidate && v < w)) {
            candidateRank += 1.0;
          }
        }
        if (candidateRank >= rank) {
          const gap = (value - candidate) / Math.max(Math.abs(candidate), Math.abs(value));
          if (!(gap > 2.0 * windowEps)) {
            sum += Math.exp(candidate - value);
          }
        }
      }
      multiplier = 1.0 / sum;
    }
  }
  return multiplier;`,
};

/**
 * Capacity: 1 where a picked dynamic column keeps the token (among the tokens that picked the column, the
 * `capacity` with the largest raw logit, ties to the lower token), 0 where it drops it or nothing was
 * picked. Without capacity (`capacity >= tokens`) every pick is kept.
 */
export const uniMoeKeepKernel: GpuJsKernelDefinition = {
  name: 'uni-moe-keep',
  parameters: ['z', 'multipliers', 'total', 'tokens', 'capacity'],
  body: `
  const token = this.thread.y;
  const column = this.thread.x;
  let keep = 0.0;
  if (multipliers[token * total + column] > 0.0) {
    const value = z[token * total + column];
    let ahead = 0.0;
    for (let other = 0; other < tokens; other++) {
      if (multipliers[other * total + column] > 0.0) {
        const rival = z[other * total + column];
        if (rival > value || (rival == value && other < token)) {
          ahead += 1.0;
        }
      }
    }
    if (ahead < capacity) {
      keep = 1.0;
    }
  }
  return keep;`,
};

/**
 * Final weights: `r = mu / (sum mu + epsilon)`, renormalised again over the kept picks when capacity is on
 * (`renormaliseKept`); with shared columns (`shared > 0`) the joint softmax `g` over the kept picks and the
 * shared columns gives routed picks `r * sum_{kept} g` and shared columns `g`; null picks weigh 0.
 */
export const uniMoeWeightKernel: GpuJsKernelDefinition = {
  name: 'uni-moe-weight',
  parameters: ['z', 'multipliers', 'keep', 'total', 'dynamic', 'experts', 'epsilon', 'renormaliseKept'],
  body: `
  const token = this.thread.y;
  const column = this.thread.x;
  const row = token * total;
  let multiplierSum = 0.0;
  for (let a = 0; a < dynamic; a++) {
    multiplierSum += multipliers[row + a];
  }
  let keptRateSum = 0.0;
  for (let b = 0; b < dynamic; b++) {
    keptRateSum += keep[row + b] * multipliers[row + b] / (multiplierSum + epsilon);
  }
  let maximum = -3.0e38;
  for (let c = 0; c < total; c++) {
    if (c >= dynamic || keep[row + c] > 0.0) {
      maximum = Math.max(maximum, z[row + c]);
    }
  }
  let expSum = 0.0;
  let dynamicExp = 0.0;
  for (let e = 0; e < total; e++) {
    if (e >= dynamic || keep[row + e] > 0.0) {
      const share = Math.exp(z[row + e] - maximum);
      expSum += share;
      if (e < dynamic) {
        dynamicExp += share;
      }
    }
  }
  let weight = 0.0;
  if (column < experts && keep[row + column] > 0.0) {
    let rate = multipliers[row + column] / (multiplierSum + epsilon);
    if (renormaliseKept > 0.0) {
      rate = rate / (keptRateSum + epsilon);
    }
    let mass = 1.0;
    if (total > dynamic) {
      mass = dynamicExp / expSum;
    }
    weight = rate * mass;
  } else if (column >= dynamic) {
    weight = Math.exp(z[row + column] - maximum) / expSum;
  }
  return weight;`,
};
