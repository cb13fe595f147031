import type { RouteInputV1 } from '../contracts/layer-v1.ts';
import type { RouterSpecV1 } from '../contracts/router-spec-v1.ts';
import { InvalidArgumentError } from '../errors/anyk-error.ts';
import { requireInteger, requireObject, requireTensor } from '../util/validate.ts';

/**
 * Checks a router-only call's inputs against its spec (argument name, expected vs actual). Every backend
 * calls this before touching its device, so a bad input fails identically everywhere. `total` is
 * `numExperts + Z`.
 */
export function validateRouteInput(spec: RouterSpecV1, input: RouteInputV1, total: number): void {
  requireObject('input', input);
  requireInteger('tokens', input.tokens, { min: 0 });
  const tokens = input.tokens;
  if (input.logits !== undefined) {
    if (input.x !== undefined) {
      throw new InvalidArgumentError('input', 'either logits or x (with router), not both', 'both');
    }
    requireTensor('logits', input.logits, [tokens, total]);
  } else {
    if (input.x === undefined || input.router === undefined || input.d === undefined) {
      throw new InvalidArgumentError('input', 'logits, or x with router and d', 'neither');
    }
    requireInteger('d', input.d, { min: 1 });
    requireTensor('x', input.x, [tokens, input.d]);
    if (spec.logits.kind === 'cosine') requireTensor('router', input.router, [input.d, spec.numExperts]);
    else requireTensor('router', input.router, [total, input.d]);
  }
  validateRouterExtras(spec, input, total);
}

/** The checks shared by route and layer calls: residual, router parameters, predicted k. */
export function validateRouterExtras(
  spec: RouterSpecV1,
  input: Pick<RouteInputV1, 'tokens' | 'prevLogits' | 'gateMap' | 'k' | 'params'>,
  total: number,
): void {
  const tokens = input.tokens;
  if (spec.gatingResidual) {
    if (input.prevLogits !== undefined || input.gateMap !== undefined) {
      requireTensor('prevLogits', input.prevLogits, [tokens, total]);
      requireTensor('gateMap', input.gateMap, [total, total]);
    }
  } else if (input.prevLogits !== undefined) {
    throw new InvalidArgumentError('prevLogits', 'absent unless the spec has gatingResidual', 'given');
  }
  const params = input.params ?? {};
  if (params.selectionBias !== undefined)
    requireTensor('params.selectionBias', params.selectionBias, [total]);
  if (params.mask !== undefined) requireTensor('params.mask', params.mask, [spec.numExperts]);
  if (params.gain !== undefined) requireTensor('params.gain', params.gain, [spec.numExperts]);
  if (params.thresholds !== undefined)
    requireTensor('params.thresholds', params.thresholds, [spec.numExperts]);
  if (spec.selection.kind === 'threshold') {
    requireTensor('params.thresholds', params.thresholds, [spec.numExperts]);
  }
  if (spec.weighting.kind === 'score' && spec.weighting.gain && params.gain === undefined) {
    throw new InvalidArgumentError(
      'params.gain',
      `a [${spec.numExperts}] gain vector (weighting uses gain)`,
      undefined,
    );
  }
  if (spec.selection.kind === 'predicted-k') {
    requireTensor('k', input.k, [tokens]);
    const kMax = spec.selection.kMax;
    for (let t = 0; t < tokens; t++) requireInteger(`k[${t}]`, input.k?.[t], { min: 0, max: kMax });
  }
}
