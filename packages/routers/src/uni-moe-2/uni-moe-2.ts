import type { RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireNumber, uniMoeCount, uniMoePicks } from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface UniMoE2Config {
  /** Routed (FFN) experts E. */
  readonly numExperts: number;
  /** Null experts Z (output 0, weight 0, they only absorb probability mass); ids E..E+Z-1. */
  readonly nullExperts: number;
  /** Shared experts S: always on, weighed by the joint softmax; router columns E+Z..E+Z+S-1. */
  readonly sharedExperts: number;
  /** Cumulative-probability target (`>= 0`); a token takes the smallest k whose top-k mass is `>= p`. 0 = fixed k. */
  readonly p: number;
  /** Picks per token when `p == 0` (default 2). */
  readonly k?: number | undefined;
  /** Half the relative near-tie window of the sequential picks (the code's `router_jitter_noise`, default 0.01). */
  readonly windowEps?: number | undefined;
  /** Token dropping per dynamic column: `C = max(ceil(T / (E + Z) * capacityFactor), minCapacity)`. Off when absent. */
  readonly capacityFactor?: number | undefined;
  /** Lower bound of the capacity (default 4, the released code's `min_capacity`). */
  readonly minCapacity?: number | undefined;
}

type ResolvedConfig = {
  numExperts: number;
  nullExperts: number;
  sharedExperts: number;
  p: number;
  k: number;
  windowEps: number;
  capacityFactor?: number | undefined;
  minCapacity: number;
};

export type UniMoE2Router = RouterFamily<'uni-moe-2', ResolvedConfig> & {
  /** Routed plus null columns D = E + Z: the columns selection may pick. */
  readonly dynamicExperts: number;
  /** `[T]` each token's count of step 1 (`D + 1` = no dynamic pick, when p > 1) from `[T, E+Z+S]` logits. */
  counts(logits: ArrayLike<number>, tokens: number): Int32Array;
  /** `[T, D]` 1 where a token picked the dynamic column (before capacity): the balance loss's `m`. */
  picks(logits: ArrayLike<number>, tokens: number): Uint8Array;
};

/** The renormalisation epsilon of the released code (`+ 1e-6` in both renormalisations). */
const renormaliseEpsilon = 1e-6;

/**
 * Uni-MoE-2.0-Omni's dynamic-capacity MoE (HITsz-TMG, 2025): routed, null and shared experts. Each token
 * takes the smallest number of dynamic (routed + null) experts whose softmax mass reaches `p`, picked one
 * by one with SparseMixer's near-tie window (inference rule); weights `mu / (sum mu + 1e-6)`; optional
 * per-column capacity by raw logit with a second renormalisation; with shared experts a joint softmax over
 * the surviving picks and the shared columns splits each token's mass between them. Null picks weigh 0.
 * The gradients are autograd of this deterministic rule (not GRIN's SparseMixer training estimator).
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function uniMoE2(config: UniMoE2Config): UniMoE2Router {
  const family = 'uni-moe-2';
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const nullExperts = requireInteger('nullExperts', config.nullExperts, { min: 0 }, family);
  const sharedExperts = requireInteger('sharedExperts', config.sharedExperts, { min: 0 }, family);
  const dynamicExperts = numExperts + nullExperts;
  const p = requireNumber('p', config.p, { min: 0, notation: 'interval' }, family);
  const k = requireInteger('k', config.k ?? 2, { min: 1, max: dynamicExperts }, family);
  const windowEps = requireNumber(
    'windowEps',
    config.windowEps ?? 0.01,
    { min: 0, notation: 'interval' },
    family,
  );
  const capacityFactor =
    config.capacityFactor === undefined
      ? undefined
      : requireNumber(
          'capacityFactor',
          config.capacityFactor,
          { min: 0, minOpen: true, notation: 'interval' },
          family,
        );
  const minCapacity = requireInteger('minCapacity', config.minCapacity ?? 4, { min: 0 }, family);
  const totalExperts = dynamicExperts + sharedExperts;
  const zeroComputation = Array.from({ length: nullExperts }, () => 'zero' as const);
  const spec: RouterSpecV1 = {
    specificationVersion: 'v1',
    family,
    numExperts,
    zeroComputation,
    logits: { kind: 'linear' },
    gatingResidual: false,
    scoring: { kind: 'softmax' },
    selection: {
      kind: 'uni-moe-top-p',
      p,
      k,
      windowEps,
      capacity: capacityFactor === undefined ? undefined : { factor: capacityFactor, minCapacity },
    },
    weighting: { kind: 'window-renormalise', epsilon: renormaliseEpsilon },
    sharedExperts: sharedExperts > 0 ? { count: sharedExperts } : undefined,
  };
  const dynamicSoftmax = (logits: ArrayLike<number>, t: number): Float64Array => {
    const row = t * totalExperts;
    let max = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < dynamicExperts; e++) max = Math.max(max, logits[row + e]!);
    const probabilities = new Float64Array(dynamicExperts);
    let sum = 0;
    for (let e = 0; e < dynamicExperts; e++) {
      probabilities[e] = Math.exp(logits[row + e]! - max);
      sum += probabilities[e]!;
    }
    for (let e = 0; e < dynamicExperts; e++) probabilities[e] = probabilities[e]! / sum;
    return probabilities;
  };
  const counts = (logits: ArrayLike<number>, tokens: number): Int32Array => {
    const result = new Int32Array(tokens);
    for (let t = 0; t < tokens; t++)
      result[t] = uniMoeCount(dynamicSoftmax(logits, t), 0, dynamicExperts, p, k);
    return result;
  };
  return {
    family,
    config: { numExperts, nullExperts, sharedExperts, p, k, windowEps, capacityFactor, minCapacity },
    numExperts,
    totalExperts,
    dynamicExperts,
    spec: () => spec,
    parameters: (d) => [{ name: 'router', shape: [totalExperts, d], init: 'tile-router' }],
    counts,
    picks(logits, tokens) {
      const count = counts(logits, tokens);
      const picked = new Uint8Array(tokens * dynamicExperts);
      for (let t = 0; t < tokens; t++) {
        for (const pick of uniMoePicks(logits, t * totalExperts, dynamicExperts, count[t]!, windowEps))
          picked[t * dynamicExperts + pick.column] = 1;
      }
      return picked;
    },
  };
}
