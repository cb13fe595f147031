import type { RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireNumber, requireObject } from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface ReMoEConfig {
  readonly numExperts: number;
  /**
   * Target average number of active experts (Megatron `--moe-router-topk`, 1 in the released scripts). It
   * sets the sparsity target `1 - targetK / E` of the lambda controller and scales the balanced L1; it is
   * not a selection count.
   */
  readonly targetK?: number;
}

export type ReMoERouter = RouterFamily<'remoe', { numExperts: number; targetK: number }> & {
  /** Target sparsity `S* = 1 - targetK / E` for the lambda controller (`@anyk/losses`). */
  readonly targetSparsity: number;
};

/**
 * ReMoE ReLU routing (Wang et al., ICLR 2025; apps/docs/site/guide/algorithms.md): weights `G = relu(x W^T)`,
 * expert e
 * active iff its logit is > 0, no normalisation, no cap; a token may use 0..E experts. Sparsity comes
 * from the adaptive L1 loss and its lambda controller.
 *
 * @example
 * ```ts
 * import { reMoE } from '@anyk/routers/remoe';
 *
 * // ReLU gates; the L1 loss (`@anyk/losses`) steers the mean active experts towards targetK.
 * const spec = reMoE({ numExperts: 8, targetK: 2 }).spec();
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function reMoE(config: ReMoEConfig): ReMoERouter {
  const family = 'remoe';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const targetK = requireNumber(
    'targetK',
    config.targetK ?? 1,
    { min: 0, max: numExperts, minOpen: true, notation: 'interval' },
    family,
  );
  return {
    family,
    config: { numExperts, targetK },
    numExperts,
    totalExperts: numExperts,
    targetSparsity: 1 - targetK / numExperts,
    spec(): RouterSpecV1 {
      return {
        specificationVersion: 'v1',
        family,
        numExperts,
        zeroComputation: [],
        logits: { kind: 'linear' },
        gatingResidual: false,
        scoring: { kind: 'relu' },
        selection: { kind: 'positive' },
        weighting: { kind: 'score', scale: 1, gain: false },
      };
    },
    parameters: (d) => [{ name: 'router', shape: [numExperts, d], init: 'normal' }],
  };
}
