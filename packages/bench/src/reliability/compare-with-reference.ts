import { AnykError, type KernelBackendV1, type LayerForwardResultV1, type LayerGradsV1 } from '@anyk/core';
import { compareWithTolerance } from '@anyk/core/testing';
import type { LayerCase } from './random-layer-case.ts';

/** The full-layer fixtures' tolerance (`../shared/fixtures`, README §5), used for every float compared. */
export const differentialTolerance = { abs: 1e-5, rel: 1e-4 } as const;

/** `undefined` when the backend agrees with the reference on the case, else what differs, in words. */
export type Disagreement = string | undefined;

type Outcome<T> = { readonly value: T } | { readonly error: unknown };

async function attempt<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

/** A short, comparable name for an error: its code and argument for `AnykError`s, its class otherwise. */
export function describeError(error: unknown): string {
  if (AnykError.isInstance(error)) {
    const argument = (error as { argument?: unknown }).argument;
    return argument === undefined ? error.code : `${error.code} (${String(argument)})`;
  }
  return `untyped ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

/**
 * Runs one case's forward (and backward, where the backend implements it) on `backend` and on the float64
 * reference, and says where they differ: the same typed error (code and argument) where the reference
 * throws; otherwise exactly the same selections (`kCount`, `slotExpert`, ties by the lower id) and slot
 * weights, output and every gradient within {@link differentialTolerance}.
 */
export async function compareWithReference(
  backend: KernelBackendV1,
  reference: KernelBackendV1,
  testCase: LayerCase,
): Promise<Disagreement> {
  const { layer, input, gradOutput } = testCase;
  const backward = backend.capabilities.backward;
  const options = { retainForBackward: backward };
  const expected = await attempt(() => reference.forward(layer, input, { retainForBackward: backward }));
  const actual = await attempt(() => backend.forward(layer, input, options));
  const forwardDifference = compareOutcomes(actual, expected, compareForward);
  if (forwardDifference !== undefined) return `forward: ${forwardDifference}`;
  if (!backward || !('value' in expected) || !('value' in actual)) return undefined;
  const expectedGrads = await attempt(() => reference.backward(layer, input, expected.value, gradOutput));
  const actualGrads = await attempt(() => backend.backward(layer, input, actual.value, gradOutput));
  const backwardDifference = compareOutcomes(actualGrads, expectedGrads, compareGrads);
  return backwardDifference === undefined ? undefined : `backward: ${backwardDifference}`;
}

function compareOutcomes<T>(
  actual: Outcome<T>,
  expected: Outcome<T>,
  compareValues: (actual: T, expected: T) => Disagreement,
): Disagreement {
  if ('error' in expected) {
    const want = describeError(expected.error);
    if (!AnykError.isInstance(expected.error)) return `the reference failed: ${want}`;
    if ('value' in actual) return `the reference throws ${want}, the backend returned a result`;
    const got = describeError(actual.error);
    return got === want ? undefined : `the reference throws ${want}, the backend ${got}`;
  }
  if ('error' in actual) return `the backend throws ${describeError(actual.error)}, the reference returned`;
  return compareValues(actual.value, expected.value);
}

function compareForward(actual: LayerForwardResultV1, expected: LayerForwardResultV1): Disagreement {
  const want = expected.routing;
  const got = actual.routing;
  for (let t = 0; t < want.tokens; t++) {
    const count = want.kCount[t]!;
    const wantExperts = Array.from(want.slotExpert.subarray(t * want.kMax, t * want.kMax + count));
    const gotExperts = Array.from(got.slotExpert.subarray(t * got.kMax, t * got.kMax + got.kCount[t]!));
    if (wantExperts.join() !== gotExperts.join()) {
      return `token ${t} selects [${gotExperts}], the reference [${wantExperts}]`;
    }
  }
  const wantWeights: number[] = [];
  const gotWeights: number[] = [];
  for (let t = 0; t < want.tokens; t++) {
    for (let slot = 0; slot < want.kCount[t]!; slot++) {
      wantWeights.push(want.slotWeight[t * want.kMax + slot]!);
      gotWeights.push(got.slotWeight[t * got.kMax + slot]!);
    }
  }
  return firstDifference([
    ['slot weights', gotWeights, wantWeights],
    ['y', actual.y, expected.y],
  ]);
}

function compareGrads(actual: LayerGradsV1, expected: LayerGradsV1): Disagreement {
  const pairs: [string, ArrayLike<number> | undefined, ArrayLike<number> | undefined][] = [
    ['x', actual.x, expected.x],
    ['router', actual.router, expected.router],
    ['wGate', actual.wGate, expected.wGate],
    ['wUp', actual.wUp, expected.wUp],
    ['wDown', actual.wDown, expected.wDown],
    ['constants.wc', actual.constants?.wc, expected.constants?.wc],
    ['constants.v', actual.constants?.v, expected.constants?.v],
    ['thresholds', actual.thresholds, expected.thresholds],
    ['gain', actual.gain, expected.gain],
    ['gateMap', actual.gateMap, expected.gateMap],
    ['prevLogits', actual.prevLogits, expected.prevLogits],
  ];
  return firstDifference(pairs);
}

function firstDifference(
  pairs: readonly [string, ArrayLike<number> | undefined, ArrayLike<number> | undefined][],
): Disagreement {
  for (const [name, got, want] of pairs) {
    if (want === undefined) continue;
    if (got === undefined) return `${name} is missing`;
    const comparison = compareWithTolerance(got, want, differentialTolerance);
    if (!comparison.ok) return `${name}: ${comparison.detail}`;
  }
  return undefined;
}
