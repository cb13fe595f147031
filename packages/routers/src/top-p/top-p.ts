import type { RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireNumber, requireObject } from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface TopPConfig {
  readonly numExperts: number;
  /**
   * Cumulative threshold, > 0; default 0.4 (Dynamic_MoE `top_p_threshold` [cfg]). p >= 1 keeps every expert,
   * as the authors' code does when no cumulative sum exceeds p.
   */
  readonly p?: number;
  /** Optional cap on experts per token (anyk extension; the authors' code has none). */
  readonly maxK?: number | undefined;
}

export type TopPRouter = RouterFamily<'top-p', { numExperts: number; p: number; maxK: number | undefined }>;

/**
 * Top-P / "MoE-Dynamic" routing (Huang et al. 2024; apps/docs/site/guide/algorithms.md): sort `softmax(x
 * W^T)` descending and
 * keep the prefix up to and including the first expert whose cumulative probability is strictly greater
 * than p. Weights are the raw probabilities (not renormalised), as in the released code.
 *
 * @example
 * ```ts
 * import { createReferenceBackend } from '@anyk/core';
 * import { topP } from '@anyk/routers/top-p';
 *
 * const router = topP({ numExperts: 4, p: 0.5 });
 * const backend = await createReferenceBackend();
 * const result = await backend.route(router.spec(), { tokens: 1, logits: Float64Array.of(0, 0, 0, 0) });
 * result.kCount; // Int32Array [3]: a flat token needs three experts to pass p = 0.5
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function topP(config: TopPConfig): TopPRouter {
  const family = 'top-p';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const p = requireNumber('p', config.p ?? 0.4, { min: 0, minOpen: true, notation: 'interval' }, family);
  const maxK =
    config.maxK === undefined
      ? undefined
      : requireInteger('maxK', config.maxK, { min: 1, max: numExperts }, family);
  return {
    family,
    config: { numExperts, p, maxK },
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
        selection: { kind: 'top-p', p, maxK },
        weighting: { kind: 'score', scale: 1, gain: false },
      };
    },
    parameters: (d) => [{ name: 'router', shape: [numExperts, d], init: 'normal' }],
  };
}
