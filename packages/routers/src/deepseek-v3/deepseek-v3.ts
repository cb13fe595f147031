import { InvalidArgumentError, type RouterSpecV1 } from '@anyk/core';
import {
  requireBoolean,
  requireInteger,
  requireNumber,
  requireObject,
  requireOneOf,
} from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface DeepSeekV3Config {
  readonly numExperts: number;
  /** Experts per token (8). */
  readonly k: number;
  /** Contiguous expert groups (8 in V3); must divide numExperts. Default 1 (no group limit). */
  readonly nGroups?: number;
  /** Groups kept per token (4 in V3). Default nGroups. */
  readonly topkGroups?: number;
  /** Weight scale (2.5 [code]). */
  readonly routeScale?: number;
  /** `sigmoid` (V3) or `softmax`. */
  readonly scoreFunc?: 'sigmoid' | 'softmax';
  /** Group score: sum of the two largest biased scores (`top2-sum`, used with a bias) or `max`. */
  readonly groupScore?: 'top2-sum' | 'max';
  /**
   * What happens to the experts of dropped groups: `exclude` (default; DeepSeek's official `Gate`, -inf)
   * or `zero` (Hugging Face transformers, biased score 0.0, still competing). Use `zero` to reproduce a
   * transformers checkpoint exactly (fixtures README `hf/`, "DeepSeek-V3 quirk").
   */
  readonly droppedGroups?: 'exclude' | 'zero';
  /**
   * Sigmoid scoring only: renormalise the weights over the selection (`norm_topk_prob`, default true as in
   * V3); false keeps `routeScale * s_e`.
   */
  readonly normalizeWeights?: boolean;
}

export type DeepSeekV3Router = RouterFamily<'deepseek-v3', Required<DeepSeekV3Config>>;

/**
 * DeepSeek-V3 auxiliary-loss-free routing (apps/docs/site/guide/algorithms.md): sigmoid scores, selection on
 * `s + b` with
 * the bias b steered by the sign controller (`@anyk/losses`), group-limited top-k, weights
 * `2.5 s_e / sum_S s` on the unbiased scores (softmax scoring: `2.5 s_e`, not renormalised).
 *
 * @example
 * ```ts
 * import { deepSeekV3 } from '@anyk/routers/deepseek-v3';
 *
 * // Sigmoid scores, 8 experts in 4 groups, the best 2 groups, top-2 inside them, weights scaled by 2.5.
 * const router = deepSeekV3({ numExperts: 8, k: 2, nGroups: 4, topkGroups: 2, routeScale: 2.5 });
 * const spec = router.spec();
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function deepSeekV3(config: DeepSeekV3Config): DeepSeekV3Router {
  const family = 'deepseek-v3';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const nGroups = requireInteger('nGroups', config.nGroups ?? 1, { min: 1, max: numExperts }, family);
  if (numExperts % nGroups !== 0) {
    throw new InvalidArgumentError('nGroups', `a divisor of numExperts (${numExperts})`, nGroups, family);
  }
  const topkGroups = requireInteger(
    'topkGroups',
    config.topkGroups ?? nGroups,
    { min: 1, max: nGroups },
    family,
  );
  // Dropped groups still compete under `zero`, so k is bounded by E, not by the kept groups.
  const kLimit = config.droppedGroups === 'zero' ? numExperts : topkGroups * (numExperts / nGroups);
  const k = requireInteger('k', config.k, { min: 1, max: kLimit }, family);
  const routeScale = requireNumber(
    'routeScale',
    config.routeScale ?? 2.5,
    { min: 0, minOpen: true, notation: 'interval' },
    family,
  );
  const scoreFunc = requireOneOf(
    'scoreFunc',
    config.scoreFunc ?? 'sigmoid',
    ['sigmoid', 'softmax'] as const,
    family,
  );
  const groupScore = requireOneOf(
    'groupScore',
    config.groupScore ?? 'top2-sum',
    ['top2-sum', 'max'] as const,
    family,
  );
  if (groupScore === 'top2-sum' && nGroups > 1 && numExperts / nGroups < 2) {
    throw new InvalidArgumentError(
      'nGroups',
      'groups of at least 2 experts for groupScore "top2-sum"',
      nGroups,
      family,
    );
  }
  const droppedGroups = requireOneOf(
    'droppedGroups',
    config.droppedGroups ?? 'exclude',
    ['exclude', 'zero'] as const,
    family,
  );
  const normalizeWeights = requireBoolean('normalizeWeights', config.normalizeWeights ?? true, family);
  return {
    family,
    config: {
      numExperts,
      k,
      nGroups,
      topkGroups,
      routeScale,
      scoreFunc,
      groupScore,
      droppedGroups,
      normalizeWeights,
    },
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
        scoring: { kind: scoreFunc },
        selection: {
          kind: 'top-k',
          k,
          groups:
            nGroups > 1
              ? {
                  count: nGroups,
                  keep: topkGroups,
                  score: groupScore,
                  ...(droppedGroups === 'zero' ? { dropped: droppedGroups } : {}),
                }
              : undefined,
        },
        weighting:
          scoreFunc === 'sigmoid' && normalizeWeights
            ? { kind: 'renormalise', scale: routeScale, excludeZeroExperts: false }
            : { kind: 'score', scale: routeScale, gain: false },
      };
    },
    parameters: (d) => [{ name: 'router', shape: [numExperts, d], init: 'normal' }],
  };
}
