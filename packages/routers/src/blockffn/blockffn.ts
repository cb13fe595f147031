import type { RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireNumber, requireObject } from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface BlockFFNConfig {
  readonly numExperts: number;
  /** RMSNorm epsilon; 1e-5 in the released configs [cfg]. */
  readonly eps?: number;
}

export type BlockFFNRouter = RouterFamily<'blockffn', { numExperts: number; eps: number }>;

/**
 * BlockFFN router (Song et al. 2025; apps/docs/site/guide/algorithms.md): `a = relu(x W^T)`,
 * `r = a / sqrt(mean_e a^2 + eps)`, weights `gamma * r` with a learnable per-expert gain gamma (init 1),
 * expert active iff its logit > 0. Experts are non-gated SiLU MLPs (`{ kind: 'mlp', activation: 'silu' }`).
 *
 * @example
 * ```ts
 * import { blockFFN } from '@anyk/routers/blockffn';
 *
 * // ReLU + RMSNorm scores over 16 experts: a token activates only the experts with a positive score.
 * const spec = blockFFN({ numExperts: 16 }).spec();
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function blockFFN(config: BlockFFNConfig): BlockFFNRouter {
  const family = 'blockffn';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const eps = requireNumber('eps', config.eps ?? 1e-5, { min: 0, notation: 'interval' }, family);
  return {
    family,
    config: { numExperts, eps },
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
        scoring: { kind: 'relu-rmsnorm', eps },
        selection: { kind: 'positive' },
        weighting: { kind: 'score', scale: 1, gain: true },
      };
    },
    parameters: (d) => [
      { name: 'router', shape: [numExperts, d], init: 'normal' },
      { name: 'gain', shape: [numExperts], init: 'ones' },
    ],
  };
}
