import { routeReference } from '@anyk/core/internal';
import { topP } from '@anyk/routers/top-p';
import type { MoeProblem } from './measurement-cases.ts';

/** The chosen top-p threshold and the experts per token it gives on the inputs it was searched on. */
export interface TopPChoice {
  readonly p: number;
  readonly meanExperts: number;
}

/** Router logits `x W^T` of a problem in float64 (what every backend routes on, up to rounding). */
export function problemLogits(problem: MoeProblem): Float64Array {
  const { d, experts, router } = problem.weights;
  const logits = new Float64Array(problem.tokens * experts);
  for (let t = 0; t < problem.tokens; t++) {
    for (let e = 0; e < experts; e++) {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += problem.x[t * d + i]! * router[e * d + i]!;
      logits[t * experts + e] = sum;
    }
  }
  return logits;
}

/**
 * Finds p for top-p routing so the mean experts per token on *these* inputs is near `target`
 * (apps/docs/site/guide/kernels.md:
 * the dynamic-conversion ratio needs a top-p layer averaging 1.2-1.8 experts). Bisection on p: mean k
 * never decreases as p grows. The reference router decides, so the count is exact for the inputs timed.
 */
export function searchTopP(problem: MoeProblem, target = 1.5, iterations = 24): TopPChoice {
  const experts = problem.weights.experts;
  const logits = problemLogits(problem);
  const meanFor = (p: number): number => {
    const routing = routeReference(topP({ numExperts: experts, p }).spec(), {
      tokens: problem.tokens,
      logits,
    });
    let sum = 0;
    for (const count of routing.result.kCount) sum += count;
    return sum / problem.tokens;
  };
  let low = 0.01;
  let high = 0.99;
  let best: TopPChoice = { p: high, meanExperts: meanFor(high) };
  for (let iteration = 0; iteration < iterations; iteration++) {
    const p = (low + high) / 2;
    const meanExperts = meanFor(p);
    if (Math.abs(meanExperts - target) < Math.abs(best.meanExperts - target)) best = { p, meanExperts };
    if (meanExperts < target) low = p;
    else high = p;
  }
  return { p: Math.round(best.p * 1e4) / 1e4, meanExperts: meanFor(Math.round(best.p * 1e4) / 1e4) };
}
