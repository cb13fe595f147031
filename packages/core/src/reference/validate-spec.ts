import type { RouterSpecV1, UniMoeSelectionV1, ZeroExpertKind } from '../contracts/router-spec-v1.ts';
import { InvalidArgumentError, UnsupportedError } from '../errors/anyk-error.ts';
import { requireInteger, requireListOf, requireNumber, requireObject } from '../util/validate.ts';

/** Every zero-computation expert kind, in the order messages list them (router configs check against it). */
export const zeroExpertKinds: readonly ZeroExpertKind[] = ['zero', 'copy', 'constant'];

/**
 * Router columns: real experts, zero-computation experts, then Uni-MoE-2.0's shared columns (the width of
 * logits, scores and per-expert vectors).
 */
export function totalExperts(spec: RouterSpecV1): number {
  return dynamicExperts(spec) + (spec.sharedExperts?.count ?? 0);
}

/** Columns that selection may pick: real plus zero-computation experts (every column but shared ones). */
export function dynamicExperts(spec: RouterSpecV1): number {
  return spec.numExperts + spec.zeroComputation.length;
}

/**
 * Validates a router spec and returns `kMax`, the slot stride of its token-major output. Every backend
 * calls this first, so an invalid spec fails the same way everywhere.
 */
export function validateRouterSpec(spec: RouterSpecV1): { kMax: number; totalExperts: number } {
  const context = `router spec (${typeof spec?.family === 'string' ? spec.family : 'unknown family'})`;
  requireObject('spec', spec);
  if (spec.specificationVersion !== 'v1') {
    throw new UnsupportedError(
      `router spec version ${String(spec.specificationVersion)}`,
      'this build reads v1',
    );
  }
  requireInteger('numExperts', spec.numExperts, { min: 1, max: 1 << 20 }, context);
  requireListOf('zeroComputation', spec.zeroComputation, zeroExpertKinds, context);
  const total = totalExperts(spec);
  if (spec.logits?.kind === 'cosine') {
    requireNumber('logits.logitScale', spec.logits.logitScale, { min: 0, minOpen: true }, context);
    if (spec.scoring.kind !== 'sigmoid') {
      throw new InvalidArgumentError('scoring', '"sigmoid" with cosine logits', spec.scoring.kind, context);
    }
  } else if (spec.logits?.kind !== 'linear') {
    throw new InvalidArgumentError(
      'logits.kind',
      '"linear" or "cosine"',
      (spec.logits as { kind?: unknown } | undefined)?.kind,
      context,
    );
  }
  if (spec.stdNormalise) {
    requireNumber('stdNormalise.normStd', spec.stdNormalise.normStd, { min: 0, minOpen: true }, context);
    if (total < 2)
      throw new InvalidArgumentError('numExperts + Z', '>= 2 for std-normalisation', total, context);
  }
  switch (spec.scoring?.kind) {
    case 'softmax':
    case 'sigmoid':
    case 'relu':
      break;
    case 'relu-rmsnorm':
      requireNumber('scoring.eps', spec.scoring.eps, { min: 0 }, context);
      break;
    default:
      throw new InvalidArgumentError(
        'scoring.kind',
        'one of "softmax", "sigmoid", "relu", "relu-rmsnorm"',
        (spec.scoring as { kind?: unknown } | undefined)?.kind,
        context,
      );
  }
  let kMax: number;
  const selection = spec.selection;
  switch (selection?.kind) {
    case 'top-k': {
      requireInteger('selection.k', selection.k, { min: 1, max: total }, context);
      if (selection.groups) {
        const { count, keep, score, dropped } = selection.groups;
        requireInteger('selection.groups.count', count, { min: 1, max: total }, context);
        if (total % count !== 0) {
          throw new InvalidArgumentError(
            'selection.groups.count',
            `a divisor of ${total} experts`,
            count,
            context,
          );
        }
        requireInteger('selection.groups.keep', keep, { min: 1, max: count }, context);
        if (score !== 'top2-sum' && score !== 'max') {
          throw new InvalidArgumentError('selection.groups.score', '"top2-sum" or "max"', score, context);
        }
        if (score === 'top2-sum' && total / count < 2) {
          throw new InvalidArgumentError(
            'selection.groups.count',
            'groups of >= 2 experts for "top2-sum"',
            count,
            context,
          );
        }
        if (dropped !== undefined && dropped !== 'exclude' && dropped !== 'zero') {
          throw new InvalidArgumentError('selection.groups.dropped', '"exclude" or "zero"', dropped, context);
        }
        // With `zero`, dropped experts still compete (at biased score 0), so any k <= total can be filled.
        if (dropped !== 'zero')
          requireInteger('selection.k', selection.k, { min: 1, max: keep * (total / count) }, context);
      }
      kMax = selection.k;
      break;
    }
    case 'top-p':
      // p >= 1 keeps every expert (the authors' code behaviour; fixture top-p/p-above-1).
      requireNumber('selection.p', selection.p, { min: 0, minOpen: true }, context);
      if (selection.maxK !== undefined)
        requireInteger('selection.maxK', selection.maxK, { min: 1, max: total }, context);
      kMax = selection.maxK ?? total;
      break;
    case 'threshold':
      requireNumber('selection.thresholdScale', selection.thresholdScale, { min: 0, minOpen: true }, context);
      if (selection.fallback !== 'none' && selection.fallback !== 'argmax') {
        throw new InvalidArgumentError(
          'selection.fallback',
          '"none" or "argmax"',
          selection.fallback,
          context,
        );
      }
      if (spec.zeroComputation.length > 0) {
        throw new UnsupportedError('threshold selection with zero-computation experts', 'DynMoE has none');
      }
      kMax = spec.numExperts;
      break;
    case 'positive':
      kMax = total;
      break;
    case 'predicted-k':
      requireInteger('selection.kMax', selection.kMax, { min: 1, max: total }, context);
      kMax = selection.kMax;
      break;
    case 'expert-choice':
      requireInteger('selection.capacity', selection.capacity, { min: 0 }, context);
      kMax = total;
      break;
    case 'uni-moe-top-p':
      kMax = validateUniMoeSelection(spec, context);
      break;
    default:
      throw new InvalidArgumentError(
        'selection.kind',
        'one of "top-k", "top-p", "threshold", "positive", "predicted-k", "expert-choice", "uni-moe-top-p"',
        (selection as { kind?: unknown } | undefined)?.kind,
        context,
      );
  }
  const weighting = spec.weighting;
  switch (weighting?.kind) {
    case 'score':
      requireNumber('weighting.scale', weighting.scale, {}, context);
      break;
    case 'renormalise':
      requireNumber('weighting.scale', weighting.scale, {}, context);
      break;
    case 'uniform':
      break;
    case 'window-renormalise':
      requireNumber('weighting.epsilon', weighting.epsilon, { min: 0 }, context);
      break;
    default:
      throw new InvalidArgumentError(
        'weighting.kind',
        'one of "score", "renormalise", "uniform", "window-renormalise"',
        (weighting as { kind?: unknown } | undefined)?.kind,
        context,
      );
  }
  if ((selection.kind === 'uni-moe-top-p') !== (weighting.kind === 'window-renormalise')) {
    throw new InvalidArgumentError(
      'weighting.kind',
      '"window-renormalise" exactly with "uni-moe-top-p" selection',
      weighting.kind,
      context,
    );
  }
  if (spec.sharedExperts !== undefined) {
    requireInteger('sharedExperts.count', spec.sharedExperts?.count, { min: 0, max: 1 << 20 }, context);
    if (selection.kind !== 'uni-moe-top-p') {
      throw new UnsupportedError(
        `shared router columns with ${selection.kind} selection`,
        'only uni-moe-top-p has them',
      );
    }
  }
  if (spec.capacityFactor !== undefined) {
    requireNumber('capacityFactor', spec.capacityFactor, { min: 0, minOpen: true }, context);
    if (selection.kind !== 'top-k') {
      throw new InvalidArgumentError(
        'capacityFactor',
        'only set with top-k selection',
        spec.capacityFactor,
        context,
      );
    }
  }
  return { kMax, totalExperts: total };
}

/** Checks Uni-MoE-2.0's selection (and what it cannot combine with) and returns its slot stride. */
function validateUniMoeSelection(spec: RouterSpecV1, context: string): number {
  const selection = spec.selection as UniMoeSelectionV1;
  const dynamic = dynamicExperts(spec);
  requireNumber('selection.p', selection.p, { min: 0 }, context);
  requireNumber('selection.windowEps', selection.windowEps, { min: 0 }, context);
  if (selection.p === 0) requireInteger('selection.k', selection.k, { min: 1, max: dynamic }, context);
  if (selection.capacity !== undefined) {
    requireNumber('selection.capacity.factor', selection.capacity.factor, { min: 0, minOpen: true }, context);
    requireInteger('selection.capacity.minCapacity', selection.capacity.minCapacity, { min: 0 }, context);
  }
  if (spec.scoring.kind !== 'softmax') {
    throw new InvalidArgumentError(
      'scoring.kind',
      '"softmax" with uni-moe-top-p selection',
      spec.scoring.kind,
      context,
    );
  }
  if (spec.logits.kind !== 'linear' || spec.gatingResidual || spec.stdNormalise !== undefined) {
    throw new UnsupportedError(
      'uni-moe-top-p with cosine logits, a gating residual or std-normalisation',
      'Uni-MoE-2.0 has none',
    );
  }
  if (spec.zeroComputation.some((kind) => kind !== 'zero')) {
    throw new InvalidArgumentError(
      'zeroComputation',
      'only "zero" (null) experts with uni-moe-top-p',
      spec.zeroComputation,
      context,
    );
  }
  if (spec.capacityFactor !== undefined) {
    throw new InvalidArgumentError(
      'capacityFactor',
      'absent with uni-moe-top-p (use selection.capacity)',
      spec.capacityFactor,
      context,
    );
  }
  return selection.p === 0 ? selection.k : dynamic;
}
