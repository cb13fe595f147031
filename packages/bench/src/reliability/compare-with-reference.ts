import {
  AnykError,
  type KernelBackendV1,
  type LayerForwardResultV1,
  type LayerGradsV1,
  type TokenSlotsV1,
} from '@anyk/core';
import { compareWithTolerance, type ReferenceOnSelection, referenceOnSelection } from '@anyk/core/testing';
import { float32NearTie, selectionMask } from './float32-near-tie.ts';
import type { LayerCase } from './random-layer-case.ts';
import { type NamedTensors, referenceSpread } from './reference-spread.ts';

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
 * throws; otherwise the same selections (`kCount`, `slotExpert`, ties by the documented rule) and slot
 * weights, output and every gradient within {@link differentialTolerance}. Two float32 rules, both
 * documented in the bench README:
 * - **near ties**: a selection that differs only where the reference's float64 keys are closer than
 *   float32 separates (`float32NearTie`) is accepted, and the backend's numbers are then compared with the
 *   reference evaluated on the backend's selection (`referenceOnSelection`);
 * - **float32 conditioning**: a number that misses the tolerance is compared again with the reference's
 *   own spread under float32-level input noise added to its allowance (`referenceSpread`).
 */
export async function compareWithReference(
  backend: KernelBackendV1,
  reference: KernelBackendV1,
  testCase: LayerCase,
): Promise<Disagreement> {
  const { layer, input, gradOutput } = testCase;
  const backward = backend.capabilities.backward;
  const options = { retainForBackward: backward };
  const expected = await attempt(() => reference.forward(layer, input, options));
  const actual = await attempt(() => backend.forward(layer, input, options));
  const forwardError = compareErrors(actual, expected);
  if (forwardError !== undefined) return forwardError === '' ? undefined : `forward: ${forwardError}`;
  if (!('value' in expected) || !('value' in actual)) return undefined;

  const total = layer.spec.numExperts + layer.spec.zeroComputation.length;
  const selected = selectionMask(actual.value.routing, total);
  const want = expectationFor(reference, testCase, expected.value, actual.value.routing, selected);
  if (typeof want === 'string') return `forward: ${want}`;

  const forwardDifference = compareTensors(
    testCase,
    selected,
    forwardTensors(actual.value),
    forwardTensors(want.forward),
    (run) => forwardTensors(run.forward),
  );
  if (forwardDifference !== undefined) return `forward: ${forwardDifference}`;
  if (!backward) return undefined;
  const expectedGrads = await want.grads();
  const actualGrads = await attempt(() => backend.backward(layer, input, actual.value, gradOutput));
  const backwardError = compareErrors(actualGrads, expectedGrads);
  if (backwardError !== undefined) return backwardError === '' ? undefined : `backward: ${backwardError}`;
  if (!('value' in expectedGrads) || !('value' in actualGrads)) return undefined;
  const backwardDifference = compareTensors(
    testCase,
    selected,
    gradTensors(actualGrads.value),
    gradTensors(expectedGrads.value),
    (run) => gradTensors(run.grads),
  );
  return backwardDifference === undefined ? undefined : `backward: ${backwardDifference}`;
}

/** What the backend's numbers are compared with: the reference's forward, and its backward on demand. */
interface Expectation {
  readonly forward: LayerForwardResultV1;
  readonly grads: () => Promise<Outcome<LayerGradsV1>>;
}

/**
 * The reference's own run where the selections agree; where they differ by float32 near ties only, the
 * reference evaluated on the backend's selection `selected`; else the selection disagreement in words.
 */
function expectationFor(
  reference: KernelBackendV1,
  testCase: LayerCase,
  referenceForward: LayerForwardResultV1,
  backendRouting: TokenSlotsV1,
  selected: Uint8Array,
): Expectation | string {
  const { layer, input, gradOutput } = testCase;
  const selectionDifference = compareSelections(backendRouting, referenceForward.routing);
  if (selectionDifference === undefined) {
    return {
      forward: referenceForward,
      grads: () => attempt(() => reference.backward(layer, input, referenceForward, gradOutput)),
    };
  }
  const nearTie = float32NearTie(layer, input, referenceForward.routing, backendRouting);
  if (nearTie !== undefined) return `${selectionDifference} (not a float32 near tie: ${nearTie})`;
  const onSelection = referenceOnSelection(layer, input, selected, gradOutput);
  return { forward: onSelection.forward, grads: async () => ({ value: onSelection.grads }) };
}

/**
 * Where either side threw: `''` when both threw the same typed error (agreement, nothing to compare),
 * a disagreement in words otherwise; `undefined` when both returned (compare the values).
 */
function compareErrors<T>(actual: Outcome<T>, expected: Outcome<T>): string | undefined {
  if ('error' in expected) {
    const want = describeError(expected.error);
    if (!AnykError.isInstance(expected.error)) return `the reference failed: ${want}`;
    if ('value' in actual) return `the reference throws ${want}, the backend returned a result`;
    const got = describeError(actual.error);
    return got === want ? '' : `the reference throws ${want}, the backend ${got}`;
  }
  if ('error' in actual) return `the backend throws ${describeError(actual.error)}, the reference returned`;
  return undefined;
}

/** The first token whose selected experts differ, in words; `undefined` when every token agrees. */
function compareSelections(got: TokenSlotsV1, want: TokenSlotsV1): Disagreement {
  for (let t = 0; t < want.tokens; t++) {
    const wantExperts = Array.from(want.slotExpert.subarray(t * want.kMax, t * want.kMax + want.kCount[t]!));
    const gotExperts = Array.from(got.slotExpert.subarray(t * got.kMax, t * got.kMax + got.kCount[t]!));
    if (wantExperts.join() !== gotExperts.join()) {
      return `token ${t} selects [${gotExperts}], the reference [${wantExperts}]`;
    }
  }
  return undefined;
}

/** The forward's compared numbers: slot weights (in slot order) and the output. */
function forwardTensors(result: LayerForwardResultV1): NamedTensors {
  const routing = result.routing;
  const weights: number[] = [];
  for (let t = 0; t < routing.tokens; t++) {
    for (let slot = 0; slot < routing.kCount[t]!; slot++)
      weights.push(routing.slotWeight[t * routing.kMax + slot]!);
  }
  return [
    ['slot weights', weights],
    ['y', result.y],
  ];
}

/** Every gradient the reference computes, by name. */
function gradTensors(grads: LayerGradsV1): NamedTensors {
  return [
    ['x', grads.x],
    ['router', grads.router],
    ['wGate', grads.wGate],
    ['wUp', grads.wUp],
    ['wDown', grads.wDown],
    ['constants.wc', grads.constants?.wc],
    ['constants.v', grads.constants?.v],
    ['thresholds', grads.thresholds],
    ['gain', grads.gain],
    ['gateMap', grads.gateMap],
    ['prevLogits', grads.prevLogits],
  ];
}

/**
 * Compares each tensor the reference has within {@link differentialTolerance}; where one misses, again
 * with the reference's float32 spread (`referenceSpread`) added to each element's allowance.
 */
function compareTensors(
  testCase: LayerCase,
  selected: Uint8Array,
  got: NamedTensors,
  want: NamedTensors,
  tensorsOf: (run: ReferenceOnSelection) => NamedTensors,
): Disagreement {
  const strict = firstDifference(got, want);
  if (strict === undefined) return undefined;
  const spread = referenceSpread(testCase, selected, want, tensorsOf);
  const widened = firstDifference(got, want, spread);
  return widened === undefined ? undefined : `${widened} (beyond the reference's float32 spread)`;
}

function firstDifference(
  got: NamedTensors,
  want: NamedTensors,
  spread?: ReadonlyMap<string, Float64Array>,
): Disagreement {
  const actual = new Map(got);
  for (const [name, expected] of want) {
    if (expected === undefined) continue;
    const values = actual.get(name);
    if (values === undefined) return `${name} is missing`;
    const comparison = compareWithTolerance(
      values,
      expected,
      differentialTolerance,
      undefined,
      spread?.get(name),
    );
    if (!comparison.ok) return `${name}: ${comparison.detail}`;
  }
  return undefined;
}
