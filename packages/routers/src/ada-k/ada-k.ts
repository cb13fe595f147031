import { InvalidArgumentError, type RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireObject, requireOneOf, requireTensor } from '@anyk/core/internal';
import type { RouterFamily, RouterMode } from '../shared/router-family.ts';

export interface AdaKConfig {
  readonly numExperts: number;
  /** Largest k the allocator may choose (its action space is 1..kMax). */
  readonly kMax: number;
  /** `infer`: k = argmax of the allocator; `train`: k sampled outside (PPO). Default `infer`. */
  readonly mode?: RouterMode;
  /** The frozen backbone's weight rule: `renorm` (Mixtral) or `raw` (Switch). Default `renorm`. */
  readonly weights?: 'renorm' | 'raw';
}

export type AdaKRouter = RouterFamily<
  'ada-k',
  { numExperts: number; kMax: number; mode: RouterMode; weights: 'renorm' | 'raw' }
> & {
  /**
   * Per-token k from allocator logits `[T, kMax]` (column j means k = j + 1): argmax in inference (ties to
   * the smaller k), the given `sampledK` in training; with `logProb[t] = log softmax(alloc)[k_t - 1]`.
   */
  chooseK(
    allocLogits: ArrayLike<number>,
    tokens: number,
    options?: { readonly mode?: RouterMode; readonly sampledK?: ArrayLike<number> },
  ): { k: Int32Array; logProb: Float64Array };
  /**
   * Samples k from the allocator policy with a uniform random source (`random()` in [0, 1)), for PPO
   * rollouts.
   */
  sampleK(allocLogits: ArrayLike<number>, tokens: number, random: () => number): Int32Array;
};

function logSoftmaxRow(logits: ArrayLike<number>, offset: number, n: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) max = Math.max(max, logits[offset + j]!);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(logits[offset + j]! - max);
  const logSum = max + Math.log(sum);
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = logits[offset + j]! - logSum;
  return out;
}

/**
 * Ada-K routing (Yue et al., ICLR 2025; apps/docs/site/guide/algorithms.md): a per-layer allocator picks k
 * for each token,
 * then the frozen backbone router takes its k largest softmax probabilities with its own weight rule.
 * Only the deterministic parts are specified (no official code exists).
 *
 * @example
 * ```ts
 * import { createReferenceBackend } from '@anyk/core';
 * import { adaK } from '@anyk/routers/ada-k';
 *
 * const router = adaK({ numExperts: 4, kMax: 3 });
 * // The allocator chose k = 1 for token 0 and k = 3 for token 1.
 * const backend = await createReferenceBackend();
 * const result = await backend.route(router.spec(), {
 *   tokens: 2,
 *   logits: Float64Array.of(2, 1, 0, -1, 0, 1, 2, 3),
 *   k: Int32Array.of(1, 3),
 * });
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function adaK(config: AdaKConfig): AdaKRouter {
  const family = 'ada-k';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const kMax = requireInteger('kMax', config.kMax, { min: 1, max: numExperts }, family);
  const mode = requireOneOf('mode', config.mode ?? 'infer', ['train', 'infer'] as const, family);
  const weights = requireOneOf('weights', config.weights ?? 'renorm', ['renorm', 'raw'] as const, family);
  return {
    family,
    config: { numExperts, kMax, mode, weights },
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
        selection: { kind: 'predicted-k', kMax },
        weighting:
          weights === 'renorm'
            ? { kind: 'renormalise', scale: 1, excludeZeroExperts: false }
            : { kind: 'score', scale: 1, gain: false },
      };
    },
    parameters: (d) => [
      { name: 'router', shape: [numExperts, d], init: 'normal' },
      { name: 'allocator', shape: [kMax, d], init: 'normal' },
    ],
    chooseK(allocLogits, tokens, options = {}) {
      requireInteger('tokens', tokens, { min: 0 });
      requireTensor('allocLogits', allocLogits, [tokens, kMax]);
      const callMode = options.mode ?? mode;
      const k = new Int32Array(tokens);
      const logProb = new Float64Array(tokens);
      if (callMode === 'train') {
        if (!options.sampledK)
          throw new InvalidArgumentError(
            'sampledK',
            'the sampled k per token in train mode',
            undefined,
            family,
          );
        requireTensor('sampledK', options.sampledK, [tokens]);
      }
      for (let t = 0; t < tokens; t++) {
        const logs = logSoftmaxRow(allocLogits, t * kMax, kMax);
        let chosen: number;
        if (callMode === 'train') {
          chosen = requireInteger(`sampledK[${t}]`, options.sampledK?.[t], { min: 1, max: kMax }, family);
        } else {
          let best = 0;
          for (let j = 1; j < kMax; j++)
            if (allocLogits[t * kMax + j]! > allocLogits[t * kMax + best]!) best = j;
          chosen = best + 1;
        }
        k[t] = chosen;
        logProb[t] = logs[chosen - 1]!;
      }
      return { k, logProb };
    },
    sampleK(allocLogits, tokens, random) {
      requireTensor('allocLogits', allocLogits, [tokens, kMax]);
      const k = new Int32Array(tokens);
      for (let t = 0; t < tokens; t++) {
        const logs = logSoftmaxRow(allocLogits, t * kMax, kMax);
        let draw = random();
        let chosen = kMax;
        for (let j = 0; j < kMax; j++) {
          draw -= Math.exp(logs[j]!);
          if (draw < 0) {
            chosen = j + 1;
            break;
          }
        }
        k[t] = chosen;
      }
      return k;
    },
  };
}
