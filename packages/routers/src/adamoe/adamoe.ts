import type { RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireObject } from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface AdaMoEConfig {
  /** Real (FFN) experts E. */
  readonly numExperts: number;
  /** Null experts Z (zero-computation, output 0); ids E..E+Z-1. 16 in the Mixtral experiment [cfg]. */
  readonly nullExperts: number;
  /** Candidates per token over E + Z (4 in the Mixtral experiment [cfg]). */
  readonly k: number;
}

export type AdaMoERouter = RouterFamily<'adamoe', { numExperts: number; nullExperts: number; k: number }>;

/**
 * AdaMoE null experts (Zeng et al. 2024; apps/docs/site/guide/algorithms.md): top-k of `softmax` over
 * E real + Z null candidates; null experts cost nothing and get weight 0; real experts are renormalised
 * over the selected real ones (all 0 when none was selected). A token thus uses between max(0, k - Z) and
 * min(k, E) FFNs.
 *
 * @example
 * ```ts
 * import { adaMoE } from '@anyk/routers/adamoe';
 *
 * // Top-4 over 8 real and 4 null experts: a token that picks null experts runs fewer FFNs.
 * const spec = adaMoE({ numExperts: 8, nullExperts: 4, k: 4 }).spec();
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function adaMoE(config: AdaMoEConfig): AdaMoERouter {
  const family = 'adamoe';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const nullExperts = requireInteger('nullExperts', config.nullExperts, { min: 0 }, family);
  const k = requireInteger('k', config.k, { min: 1, max: numExperts + nullExperts }, family);
  const zeroComputation = Array.from({ length: nullExperts }, () => 'zero' as const);
  return {
    family,
    config: { numExperts, nullExperts, k },
    numExperts,
    totalExperts: numExperts + nullExperts,
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
        weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
      };
    },
    parameters: (d) => [{ name: 'router', shape: [numExperts + nullExperts, d], init: 'tile-router' }],
  };
}
