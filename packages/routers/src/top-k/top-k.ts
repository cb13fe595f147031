import type { RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireNumber, requireObject, requireOneOf } from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface TopKConfig {
  /** Number of experts E. */
  readonly numExperts: number;
  /** Experts per token (Switch 1, GShard/Mixtral 2). */
  readonly k: number;
  /**
   * `renorm`: `p_e / sum_{S} p` (Mixtral / Megatron "post-softmax"); `raw`: `p_e` (Switch, flaxformer).
   * Default `renorm`, the Mixtral baseline the dynamic families compare against.
   */
  readonly weights?: 'renorm' | 'raw';
  /** Optional Megatron capacity `C = ceil(T k factor / E)`, "probs" drop policy. Off by default (dropless). */
  readonly capacityFactor?: number | undefined;
}

export type TopKRouter = RouterFamily<
  'top-k',
  Required<Omit<TopKConfig, 'capacityFactor'>> & Pick<TopKConfig, 'capacityFactor'>
>;

/**
 * Classic top-k softmax routing (Switch / GShard / Mixtral; apps/docs/site/guide/algorithms.md): the k
 * largest
 * `softmax(x W^T)`, ties to the lower expert id.
 *
 * @example
 * ```ts
 * import { createReferenceBackend } from '@anyk/core';
 * import { topK } from '@anyk/routers/top-k';
 *
 * const router = topK({ numExperts: 8, k: 2 }); // Mixtral: softmax over the top 2, renormalised
 * const backend = await createReferenceBackend();
 * const result = await backend.route(router.spec(), {
 *   tokens: 1,
 *   logits: Float64Array.of(3, 1, 0, 0, 0, 0, 0, 2),
 * });
 * result.kCount; // Int32Array [2]
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function topK(config: TopKConfig): TopKRouter {
  const family = 'top-k';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const k = requireInteger('k', config.k, { min: 1, max: numExperts }, family);
  const weights = requireOneOf('weights', config.weights ?? 'renorm', ['renorm', 'raw'] as const, family);
  const capacityFactor =
    config.capacityFactor === undefined
      ? undefined
      : requireNumber(
          'capacityFactor',
          config.capacityFactor,
          { min: 0, minOpen: true, notation: 'interval' },
          family,
        );
  const resolved = { numExperts, k, weights, capacityFactor };
  return {
    family,
    config: resolved,
    numExperts,
    totalExperts: numExperts,
    spec(): RouterSpecV1 {
      return {
        specificationVersion: 'v1',
        family,
        numExperts,
        zeroComputation: [],
        logits: { kind: 'linear' },
        gatingResidual: false,
        scoring: { kind: 'softmax' },
        selection: { kind: 'top-k', k },
        weighting:
          weights === 'renorm'
            ? { kind: 'renormalise', scale: 1, excludeZeroExperts: false }
            : { kind: 'score', scale: 1, gain: false },
        capacityFactor,
      };
    },
    parameters: (d) => [{ name: 'router', shape: [numExperts, d], init: 'normal' }],
  };
}
