import { InvalidArgumentError, type RouterSpecV1 } from '@anyk/core';
import { requireInteger, requireNumber, requireObject } from '@anyk/core/internal';
import type { RouterFamily } from '../shared/router-family.ts';

export interface ExpertChoiceConfig {
  readonly numExperts: number;
  /** c in `C = round(c T / E)`; 2 in the paper [recall]. */
  readonly capacityFactor?: number;
  /** Lower bound on C (flaxformer: 4). */
  readonly minCapacity?: number;
  /** A fixed capacity; overrides the factor. */
  readonly capacity?: number | undefined;
}

export type ExpertChoiceRouter = RouterFamily<
  'expert-choice',
  { numExperts: number; capacityFactor: number; minCapacity: number; capacity: number | undefined }
> & {
  /** `C = min(T, max(minCapacity, round(capacityFactor T / E)))`, or the fixed capacity (at most T). */
  capacityFor(tokens: number): number;
};

/**
 * Expert-Choice routing (Zhou et al. 2022; apps/docs/site/guide/algorithms.md): every expert takes the C
 * tokens with the
 * largest softmax probability (ties to the lower token), so every expert is exactly full; a token may get
 * 0..E experts with weights `P[t, e]`. Not causal: it needs the whole batch.
 *
 * @example
 * ```ts
 * import { expertChoice } from '@anyk/routers/expert-choice';
 *
 * // Each of 8 experts takes its top tokens, capacity = tokens x 2 / 8.
 * const spec = expertChoice({ numExperts: 8, capacityFactor: 2 }).spec({ tokens: 64 });
 * ```
 * @throws {InvalidArgumentError} when a config value is missing, of the wrong type or out of range (the error names the key)
 */
export function expertChoice(config: ExpertChoiceConfig): ExpertChoiceRouter {
  const family = 'expert-choice';
  requireObject('config', config, family);
  const numExperts = requireInteger('numExperts', config.numExperts, { min: 1 }, family);
  const capacityFactor = requireNumber(
    'capacityFactor',
    config.capacityFactor ?? 2,
    { min: 0, minOpen: true, notation: 'interval' },
    family,
  );
  const minCapacity = requireInteger('minCapacity', config.minCapacity ?? 4, { min: 0 }, family);
  const capacity =
    config.capacity === undefined
      ? undefined
      : requireInteger('capacity', config.capacity, { min: 0 }, family);
  const capacityFor = (tokens: number): number => {
    requireInteger('tokens', tokens, { min: 0 }, family);
    if (capacity !== undefined) return Math.min(capacity, tokens);
    return Math.min(tokens, Math.max(minCapacity, Math.round((capacityFactor * tokens) / numExperts)));
  };
  return {
    family,
    config: { numExperts, capacityFactor, minCapacity, capacity },
    numExperts,
    totalExperts: numExperts,
    capacityFor,
    spec(options): RouterSpecV1 {
      if (capacity === undefined && options?.tokens === undefined) {
        throw new InvalidArgumentError(
          'tokens',
          'the batch size (capacity depends on it)',
          undefined,
          family,
        );
      }
      return {
        specificationVersion: 'v1',
        family,
        numExperts,
        zeroComputation: [],
        logits: { kind: 'linear' },
        gatingResidual: false,
        scoring: { kind: 'softmax' },
        selection: { kind: 'expert-choice', capacity: capacityFor(options?.tokens ?? (capacity as number)) },
        weighting: { kind: 'score', scale: 1, gain: false },
      };
    },
    parameters: (d) => [{ name: 'router', shape: [numExperts, d], init: 'normal' }],
  };
}
