import type { RouteInputV1, RouterSpecV1 } from '@anyk/core';
import { assertInteger, assertTensor, InvalidArgumentError } from '@anyk/core';

/**
 * Checks a route input against a spec with the same rules (and the same typed errors) as core's
 * reference routing, so a bad input fails identically on every backend. `total` is `numExperts + Z`.
 */
export function validateRouteInput(spec: RouterSpecV1, input: RouteInputV1, total: number): void {
  if (input === null || typeof input !== 'object')
    throw new InvalidArgumentError('input', 'an object', input);
  assertInteger('tokens', input.tokens, 0);
  const tokens = input.tokens;
  if (input.logits !== undefined) {
    if (input.x !== undefined) {
      throw new InvalidArgumentError('input', 'either logits or x (with router), not both', 'both');
    }
    assertTensor('logits', input.logits, [tokens, total]);
  } else {
    if (input.x === undefined || input.router === undefined || input.d === undefined) {
      throw new InvalidArgumentError('input', 'logits, or x with router and d', 'neither');
    }
    assertInteger('d', input.d, 1);
    assertTensor('x', input.x, [tokens, input.d]);
    if (spec.logits.kind === 'cosine') assertTensor('router', input.router, [input.d, spec.numExperts]);
    else assertTensor('router', input.router, [total, input.d]);
  }
  if (spec.gatingResidual) {
    if (input.prevLogits !== undefined || input.gateMap !== undefined) {
      assertTensor('prevLogits', input.prevLogits, [tokens, total]);
      assertTensor('gateMap', input.gateMap, [total, total]);
    }
  } else if (input.prevLogits !== undefined) {
    throw new InvalidArgumentError('prevLogits', 'absent unless the spec has gatingResidual', 'given');
  }
  const params = input.params ?? {};
  if (params.selectionBias !== undefined) assertTensor('params.selectionBias', params.selectionBias, [total]);
  if (params.mask !== undefined) assertTensor('params.mask', params.mask, [spec.numExperts]);
  if (params.gain !== undefined) assertTensor('params.gain', params.gain, [spec.numExperts]);
  if (spec.selection.kind === 'threshold') {
    assertTensor('params.thresholds', params.thresholds, [spec.numExperts]);
  }
  if (spec.weighting.kind === 'score' && spec.weighting.gain && params.gain === undefined) {
    throw new InvalidArgumentError(
      'params.gain',
      `a [${spec.numExperts}] gain vector (weighting uses gain)`,
      undefined,
    );
  }
  if (spec.selection.kind === 'predicted-k') {
    assertTensor('k', input.k, [tokens]);
    const kMax = spec.selection.kMax;
    for (let t = 0; t < tokens; t++) assertInteger(`k[${t}]`, input.k?.[t], 0, kMax);
  }
}
