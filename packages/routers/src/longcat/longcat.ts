import type { RouterSpecV1, RoutingResultV1 } from '@anyk/core';
import { requireInteger, requireNumber, requireObject } from '@anyk/core/internal';
import { expertLoads, type RouterFamily } from '../shared/router-family.ts';

export interface LongCatConfig {
  /** FFN experts N (512 in LongCat-Flash). */
  readonly numExperts: number;
  /** Identity ("copy") experts Z (256 in LongCat-Flash). */
  readonly identityExperts: number;
  /** Candidates per token K (12). */
  readonly k: number;
  /** Weight scale (6.0 [cfg]). */
  readonly routedScalingFactor?: number;
}

export type LongCatRouter = RouterFamily<
  'longcat',
  { numExperts: number; identityExperts: number; k: number; routedScalingFactor: number }
> & {
  /** FFN loads `T_i` (tokens routed to FFN expert i < N) of a routing, for the bias controller. */
  ffnLoads(routing: RoutingResultV1): Float64Array;
};

/**
 * LongCat-Flash (Meituan 2025; apps/docs/site/guide/algorithms.md): softmax over N FFN + Z identity experts,
 * top-K of
 * `s + b` where the bias b only selects (steered by the bias controller in `@anyk/losses`), weights
 * `6.0 * s` not renormalised. Identity experts add `w x` at no cost; FFN experts per token vary 0..K.
 *
 * @example
 * ```ts
 * import { longCat } from '@anyk/routers/longcat';
 *
 * // 8 FFN experts plus 4 identity (zero-computation) experts, 2 picks per token among all 12.
 * const spec = longCat({ numExperts: 8, identityExperts: 4, k: 2 }).spec();
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function longCat(config: LongCatConfig): LongCatRouter {
  const family = 'longcat';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const identityExperts = requireInteger('identityExperts', config.identityExperts, { min: 0 }, family);
  const total = numExperts + identityExperts;
  const k = requireInteger('k', config.k, { min: 1, max: total }, family);
  const routedScalingFactor = requireNumber(
    'routedScalingFactor',
    config.routedScalingFactor ?? 6,
    { min: 0, minOpen: true, notation: 'interval' },
    family,
  );
  const zeroComputation = Array.from({ length: identityExperts }, () => 'copy' as const);
  return {
    family,
    config: { numExperts, identityExperts, k, routedScalingFactor },
    numExperts,
    totalExperts: total,
    spec(): RouterSpecV1 {
      return {
        specificationVersion: 'v1',
        family,
        numExperts,
        zeroComputation,
        logits: { kind: 'linear' },
        gatingResidual: false,
        scoring: { kind: 'softmax' },
        selection: { kind: 'top-k', k },
        weighting: { kind: 'score', scale: routedScalingFactor, gain: false },
      };
    },
    parameters: (d) => [{ name: 'router', shape: [total, d], init: 'normal' }],
    ffnLoads: (routing) => expertLoads(routing, total).slice(0, numExperts),
  };
}
