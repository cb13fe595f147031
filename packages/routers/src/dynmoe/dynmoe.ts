import { InvalidArgumentError, type RouterSpecV1, type RoutingResultV1 } from '@anyk/core';
import {
  requireInteger,
  requireNumber,
  requireObject,
  requireOneOf,
  requireTensor,
} from '@anyk/core/internal';
import type { RouterFamily, RouterMode } from '../shared/router-family.ts';

export interface DynMoEConfig {
  /** Expert slots E_max (active ones are marked by the mask). */
  readonly numExperts: number;
  /** Cosine scale s; 1 in the DeepSpeed code (`tau_log` not trained), clamped at 100 there. */
  readonly logitScale?: number;
  /** `train` lets a token select nothing (output 0); `infer` falls back to its best expert. Default `train`. */
  readonly mode?: RouterMode;
}

/** Result of DynMoE's adaptive expert update (apps/docs/site/guide/algorithms.md). */
export interface DynMoEAdaptiveUpdate {
  /** `[E]` tokens that selected each slot during the window. */
  readonly routingRecords: Float64Array;
  /** `[d]` sum of x over tokens that selected nothing. */
  readonly uncoveredSum: Float64Array;
  readonly maskNext: Float64Array;
  /** `[d, E]` embeddings after the update (a new slot gets `U / |U|`). */
  readonly wGNext: Float64Array;
  readonly thetaNext: Float64Array;
  /** The slot activated by this update, or -1. */
  readonly addedExpert: number;
}

export type DynMoERouter = RouterFamily<
  'dynmoe',
  { numExperts: number; logitScale: number; mode: RouterMode }
> & {
  /**
   * DynMoE's adaptive process for one recording window routed in train mode: deactivate active slots
   * that received no token; if some tokens selected nothing (`sum(U) != 0`, the code's test) activate the
   * first inactive slot with embedding `U/|U|` and threshold 0 (at most one per update).
   */
  adaptiveUpdate(window: {
    readonly tokens: number;
    readonly d: number;
    readonly x: ArrayLike<number>;
    readonly wG: ArrayLike<number>;
    readonly theta: ArrayLike<number>;
    readonly mask: ArrayLike<number>;
    readonly routing: RoutingResultV1;
  }): DynMoEAdaptiveUpdate;
};

/**
 * DynMoE "Top-Any" gating (Guo et al., ICLR 2025; apps/docs/site/guide/algorithms.md): score
 * `sigmoid(s cos(x, w_e)) * mask_e`, expert e selected iff the score is strictly above its trainable
 * threshold `sigmoid(s theta_e)`, uniform weights `1/k_t` with the straight-through gradient. Inputs are
 * x and `W_g [d, E]` (cosine logits); per-call params: `thresholds` (theta) and `mask`.
 *
 * @example
 * ```ts
 * import { dynMoE } from '@anyk/routers/dynmoe';
 *
 * // Cosine-sigmoid gates against trainable per-expert thresholds; experts are added and removed in training.
 * const router = dynMoE({ numExperts: 8 });
 * const spec = router.spec({ mode: 'train' });
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function dynMoE(config: DynMoEConfig): DynMoERouter {
  const family = 'dynmoe';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const logitScale = requireNumber(
    'logitScale',
    config.logitScale ?? 1,
    { min: 0, max: 100, minOpen: true, notation: 'interval' },
    family,
  );
  const mode = requireOneOf('mode', config.mode ?? 'train', ['train', 'infer'] as const, family);
  const specFor = (callMode: RouterMode): RouterSpecV1 => ({
    specificationVersion: 'v1',
    family,
    numExperts,
    zeroComputation: [],
    logits: { kind: 'cosine', logitScale },
    gatingResidual: false,
    scoring: { kind: 'sigmoid' },
    selection: {
      kind: 'threshold',
      thresholdScale: logitScale,
      fallback: callMode === 'infer' ? 'argmax' : 'none',
    },
    weighting: { kind: 'uniform' },
  });
  return {
    family,
    config: { numExperts, logitScale, mode },
    numExperts,
    totalExperts: numExperts,
    spec: (options) => specFor(options?.mode ?? mode),
    parameters: (d) => [
      { name: 'wG', shape: [d, numExperts], init: 'orthogonal' },
      { name: 'theta', shape: [numExperts], init: 'zeros' },
    ],
    adaptiveUpdate({ tokens, d, x, wG, theta, mask, routing }): DynMoEAdaptiveUpdate {
      requireTensor('x', x, [tokens, d]);
      requireTensor('wG', wG, [d, numExperts]);
      requireTensor('theta', theta, [numExperts]);
      requireTensor('mask', mask, [numExperts]);
      if (routing.tokens !== tokens || routing.kMax !== numExperts) {
        // A routing of another batch (or another router) would be counted silently against this window.
        throw new InvalidArgumentError(
          'routing',
          `this window's routing (tokens ${tokens}, kMax ${numExperts})`,
          `tokens ${routing.tokens}, kMax ${routing.kMax}`,
          family,
        );
      }
      const routingRecords = new Float64Array(numExperts);
      const uncoveredSum = new Float64Array(d);
      for (let t = 0; t < tokens; t++) {
        const count = routing.kCount[t]!;
        for (let j = 0; j < count; j++) {
          const expert = routing.slotExpert[t * routing.kMax + j]!;
          routingRecords[expert] = routingRecords[expert]! + 1;
        }
        if (count === 0) for (let i = 0; i < d; i++) uncoveredSum[i] = uncoveredSum[i]! + x[t * d + i]!;
      }
      const maskNext = new Float64Array(numExperts);
      for (let e = 0; e < numExperts; e++) maskNext[e] = mask[e]! * Math.sign(routingRecords[e]!);
      const wGNext = Float64Array.from(wG);
      const thetaNext = Float64Array.from(theta);
      let addedExpert = -1;
      const uncoveredTotal = uncoveredSum.reduce((a, b) => a + b, 0);
      const firstInactive = maskNext.indexOf(0);
      if (uncoveredTotal !== 0 && firstInactive >= 0) {
        const norm = Math.sqrt(uncoveredSum.reduce((a, b) => a + b * b, 0));
        for (let i = 0; i < d; i++) wGNext[i * numExperts + firstInactive] = uncoveredSum[i]! / norm;
        thetaNext[firstInactive] = 0;
        maskNext[firstInactive] = 1;
        addedExpert = firstInactive;
      }
      return { routingRecords, uncoveredSum, maskNext, wGNext, thetaNext, addedExpert };
    },
  };
}
