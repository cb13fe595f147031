import {
  InvalidArgumentError,
  type RouterSpecV1,
  type RoutingResultV1,
  type ZeroExpertKind,
} from '@anyk/core';
import {
  requireBoolean,
  requireInteger,
  requireListOf,
  requireNumber,
  requireObject,
  zeroExpertKinds,
} from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface MoEPlusPlusConfig {
  /** FFN experts (16 in the released 7B model). */
  readonly numExperts: number;
  /** Zero-computation experts; the 7B model: `['constant', 'constant', 'copy', 'zero']` (default). */
  readonly zeroComputation?: readonly ZeroExpertKind[];
  /** Candidates per token (2). */
  readonly k?: number;
  /** Divide logits by their unbiased std over candidates (`moe_use_logits_norm`, true in 7B). */
  readonly logitsNorm?: boolean;
  /** Target std of the normalised logits (1.0). */
  readonly normStd?: number;
  /** Mixtral gating: renormalise over the selection with no zero-expert rule (off in 7B). */
  readonly mixtralGating?: boolean;
  /** Feed `k * x` to every expert (`moe_feature_no_mul_topk = false`); the 7B config disables it. */
  readonly scaleInputByK?: boolean;
}

export type MoEPlusPlusRouter = RouterFamily<'moe-plus-plus', Required<MoEPlusPlusConfig>> & {
  /** The expert input scale a layer must use (`k` with `scaleInputByK`, else 1). */
  readonly expertInputScale: number;
  /** The gating residual this layer passes to the next one: its logits after its own residual. */
  gateResidual(routing: RoutingResultV1): Float64Array | Float32Array;
};

/**
 * MoE++ (Jin et al., ICLR 2025; apps/docs/site/guide/algorithms.md): FFN experts plus zero (0), copy (x) and
 * constant
 * (`a1 x + a2 v`) experts; logits get the previous layer's gating residual `prev M^T`, are std-normalised,
 * softmaxed, and the top-k taken. By default a selected zero expert gets weight 0 and the other gates are
 * renormalised (so {zero, X} gives X weight 1).
 *
 * @example
 * ```ts
 * import { moePlusPlus } from '@anyk/routers/moe-plus-plus';
 *
 * // 8 FFN experts plus one zero, one copy and one constant expert, top-2 with the gating residual.
 * const spec = moePlusPlus({ numExperts: 8, zeroComputation: ['zero', 'copy', 'constant'], k: 2 }).spec();
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function moePlusPlus(config: MoEPlusPlusConfig): MoEPlusPlusRouter {
  const family = 'moe-plus-plus';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const zeroComputation = requireListOf(
    'zeroComputation',
    config.zeroComputation ?? ['constant', 'constant', 'copy', 'zero'],
    zeroExpertKinds,
    family,
  );
  const total = numExperts + zeroComputation.length;
  const k = requireInteger('k', config.k ?? 2, { min: 1, max: total }, family);
  const logitsNorm = requireBoolean('logitsNorm', config.logitsNorm ?? true, family);
  if (logitsNorm && total < 2) {
    // The unbiased std of a single logit is undefined; fail here rather than on the first routing call.
    throw new InvalidArgumentError(
      'logitsNorm',
      `false when there is a single candidate (numExperts + zeroComputation.length = ${total})`,
      logitsNorm,
      family,
    );
  }
  const normStd = requireNumber(
    'normStd',
    config.normStd ?? 1,
    { min: 0, minOpen: true, notation: 'interval' },
    family,
  );
  const mixtralGating = requireBoolean('mixtralGating', config.mixtralGating ?? false, family);
  const scaleInputByK = requireBoolean('scaleInputByK', config.scaleInputByK ?? false, family);
  return {
    family,
    config: { numExperts, zeroComputation, k, logitsNorm, normStd, mixtralGating, scaleInputByK },
    numExperts,
    totalExperts: total,
    expertInputScale: scaleInputByK ? k : 1,
    spec(): RouterSpecV1 {
      return {
        specificationVersion: 'v1',
        family,
        numExperts,
        zeroComputation,
        logits: { kind: 'linear' },
        gatingResidual: true,
        stdNormalise: logitsNorm ? { normStd } : undefined,
        scoring: { kind: 'softmax' },
        selection: { kind: 'top-k', k },
        weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: !mixtralGating },
      };
    },
    parameters: (d) => {
      const constants = zeroComputation.filter((kind) => kind === 'constant').length;
      return [
        { name: 'router', shape: [total, d], init: 'normal' },
        { name: 'gateMap', shape: [total, total], init: 'zeros' },
        ...(constants > 0
          ? [
              { name: 'constantMix', shape: [constants, 2, d], init: 'normal' as const },
              { name: 'constantVector', shape: [constants, d], init: 'normal' as const },
            ]
          : []),
      ];
    },
    gateResidual: (routing) => routing.logits,
  };
}
