import type { ExpertPlanV1, LayerForwardResultV1, LayerGradsV1, RoutingResultV1 } from '@anyk/core';

/** Largest `|actual - expected| / (1 + |expected|)`: an absolute error for O(1) values, relative above. */
export function maxScaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    const want = expected[index]!;
    const error = Math.abs(actual[index]! - want) / (1 + Math.abs(want));
    if (!(error <= worst)) worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
  }
  return worst;
}

function sameIntegers(
  name: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  out: string[],
): void {
  const a = Array.from(actual);
  const b = Array.from(expected);
  if (a.length !== b.length || a.some((value, index) => value !== b[index])) {
    out.push(`${name}: [${a.join(',')}] != expected [${b.join(',')}]`);
  }
}

function closeFloats(
  name: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  out: string[],
): void {
  const error = maxScaledError(actual, expected);
  if (!(error <= tolerance)) out.push(`${name}: max scaled error ${error} > ${tolerance}`);
}

/**
 * Mismatches between two routings: decisions (slot experts, counts) must be identical, floats within
 * `tolerance`. Returns an empty list when they agree, so a test asserts `toEqual([])` and sees every
 * difference at once.
 */
export function routingMismatches(
  actual: RoutingResultV1,
  expected: RoutingResultV1,
  tolerance = 1e-4,
): string[] {
  const out: string[] = [];
  if (actual.tokens !== expected.tokens) out.push(`tokens ${actual.tokens} != ${expected.tokens}`);
  if (actual.kMax !== expected.kMax) out.push(`kMax ${actual.kMax} != ${expected.kMax}`);
  sameIntegers('slotExpert', actual.slotExpert, expected.slotExpert, out);
  sameIntegers('kCount', actual.kCount, expected.kCount, out);
  closeFloats('slotWeight', actual.slotWeight, expected.slotWeight, tolerance, out);
  closeFloats('logits', actual.logits, expected.logits, tolerance, out);
  closeFloats('scores', actual.scores, expected.scores, tolerance, out);
  if (actual.sharedWeight !== undefined || expected.sharedWeight !== undefined) {
    closeFloats('sharedWeight', actual.sharedWeight ?? [], expected.sharedWeight ?? [], tolerance, out);
  }
  return out;
}

/** Mismatches between two plans, which must be bit-identical. */
export function planMismatches(actual: ExpertPlanV1, expected: ExpertPlanV1): string[] {
  const out: string[] = [];
  if (actual.numExperts !== expected.numExperts) out.push('numExperts differs');
  sameIntegers('expertOffset', actual.expertOffset, expected.expertOffset, out);
  sameIntegers('rowToken', actual.rowToken, expected.rowToken, out);
  sameIntegers('rowSlot', actual.rowSlot, expected.rowSlot, out);
  sameIntegers('slotRow', actual.slotRow, expected.slotRow, out);
  return out;
}

/** Mismatches of a whole layer forward: routing, plan and output. */
export function layerMismatches(
  actual: LayerForwardResultV1,
  expected: LayerForwardResultV1,
  tolerance = 1e-4,
): string[] {
  const out = [...routingMismatches(actual.routing, expected.routing, tolerance)];
  out.push(...planMismatches(actual.plan, expected.plan));
  closeFloats('y', actual.y, expected.y, tolerance, out);
  return out;
}

/** Every gradient the reference returns, compared key by key (float32 device vs float64 reference). */
export function gradMismatches(actual: LayerGradsV1, expected: LayerGradsV1, tolerance = 1e-4): string[] {
  const out: string[] = [];
  const pairs: [string, ArrayLike<number> | undefined, ArrayLike<number> | undefined][] = [
    ['x', actual.x, expected.x],
    ['router', actual.router, expected.router],
    ['wGate', actual.wGate, expected.wGate],
    ['wUp', actual.wUp, expected.wUp],
    ['wDown', actual.wDown, expected.wDown],
    ['logits', actual.logits, expected.logits],
    ['prevLogits', actual.prevLogits, expected.prevLogits],
    ['gateMap', actual.gateMap, expected.gateMap],
    ['thresholds', actual.thresholds, expected.thresholds],
    ['gain', actual.gain, expected.gain],
    ['constants.wc', actual.constants?.wc, expected.constants?.wc],
    ['constants.v', actual.constants?.v, expected.constants?.v],
    ['shared.wGate', actual.shared?.wGate, expected.shared?.wGate],
    ['shared.wUp', actual.shared?.wUp, expected.shared?.wUp],
    ['shared.wDown', actual.shared?.wDown, expected.shared?.wDown],
    ['shared.gateWeight', actual.shared?.gateWeight, expected.shared?.gateWeight],
  ];
  for (const [name, got, want] of pairs) {
    if (want === undefined) {
      if (got !== undefined) out.push(`${name}: unexpected`);
      continue;
    }
    if (got === undefined) {
      out.push(`${name}: missing`);
      continue;
    }
    const error = maxScaledError(got, want);
    if (!(error <= tolerance)) out.push(`${name}: scaled error ${error}`);
  }
  return out;
}
