/**
 * Shared arbitraries and independent oracles for the routers' property tests. Kept out of the family
 * folders (and out of the build, see tsconfig.build.json) so a subpath never reaches test code.
 *
 * Logits are generated on a 1/16 grid: every value, every sum of a value and a grid-aligned shift, and
 * every difference of two values is exact in float64. That makes "adding a constant changes nothing"
 * testable bit for bit and keeps the oracles' ranking identical to the reference's.
 */
import { InvalidArgumentError, type RouteInputV1, type RouterSpecV1, type RoutingResultV1 } from '@anyk/core';
import { routeReference } from '@anyk/core/internal';
import fc from 'fast-check';
import { expect } from 'vitest';

/** Runs per property: thousands of inputs per family across the suite, each property well under a second. */
export const propertyRuns = 1000;

/** fast-check options for one property: a fixed seed so a failure reproduces exactly. */
export const runsWithSeed = (seed: number, numRuns = propertyRuns): { numRuns: number; seed: number } => ({
  numRuns,
  seed,
});

/** Generates one row of logits. */
export type RowArbitrary = (width: number) => fc.Arbitrary<number[]>;

/**
 * Pairwise distinct logits, at least 1/16 apart (no near-ties), in a random order: ascending values
 * `offset + cumulative gaps`, then permuted. Gaps of 1/16..1 give both peaked and flat softmaxes.
 */
export const distinctRow: RowArbitrary = (width) =>
  fc
    .tuple(
      fc.integer({ min: -32, max: 32 }),
      fc.array(fc.integer({ min: 1, max: 16 }), { minLength: width, maxLength: width }),
      fc.shuffledSubarray(
        Array.from({ length: width }, (_, index) => index),
        { minLength: width, maxLength: width },
      ),
    )
    .map(([offset, gaps, permutation]) => {
      const ascending: number[] = [];
      let value = offset / 8;
      for (const gap of gaps) {
        value += gap / 16;
        ascending.push(value);
      }
      const row = new Array<number>(width).fill(0);
      permutation.forEach((position, rank) => {
        row[position] = ascending[rank]!;
      });
      return row;
    });

/** Integer logits in [-2, 2]: many exact ties, to test that ties go to the lower index. */
export const tiedRow: RowArbitrary = (width) =>
  fc.array(fc.integer({ min: -2, max: 2 }), { minLength: width, maxLength: width });

/** Logits on the 1/8 grid in [-2, 2], zeros included (ReLU routers' strict `> 0` boundary). */
export const gridRow: RowArbitrary = (width) =>
  fc.array(
    fc.integer({ min: -16, max: 16 }).map((value) => value / 8),
    { minLength: width, maxLength: width },
  );

/** A row-major `[tokens, width]` matrix of rows drawn from `row`. */
export function logitsMatrix(tokens: number, width: number, row: RowArbitrary): fc.Arbitrary<Float64Array> {
  return fc
    .array(row(width), { minLength: tokens, maxLength: tokens })
    .map((rows) => Float64Array.from(rows.flat()));
}

/** Routes with the float64 reference and returns the public result. */
export function route(spec: RouterSpecV1, input: RouteInputV1): RoutingResultV1 {
  return routeReference(spec, input).result;
}

/** One token's selection: expert ids (ascending) and weights, read from the slots. */
export function tokenSelection(
  routing: RoutingResultV1,
  token: number,
): { experts: number[]; weights: number[] } {
  const experts: number[] = [];
  const weights: number[] = [];
  for (let slot = 0; slot < routing.kCount[token]!; slot++) {
    experts.push(routing.slotExpert[token * routing.kMax + slot]!);
    weights.push(routing.slotWeight[token * routing.kMax + slot]!);
  }
  return { experts, weights };
}

/**
 * Slot layout invariants every routing must satisfy: filled slots first, ids strictly ascending and in
 * range, empty slots `-1` with weight 0, `kCount` in `[0, kMax]`.
 */
export function expectWellFormed(routing: RoutingResultV1, totalExperts: number): void {
  for (let token = 0; token < routing.tokens; token++) {
    const count = routing.kCount[token]!;
    check(count >= 0 && count <= routing.kMax, `kCount[${token}] = ${count} outside [0, ${routing.kMax}]`);
    let previous = -1;
    for (let slot = 0; slot < routing.kMax; slot++) {
      const index = token * routing.kMax + slot;
      const expert = routing.slotExpert[index]!;
      if (slot < count) {
        check(expert > previous && expert < totalExperts, `slotExpert[${index}] = ${expert} out of order`);
        previous = expert;
      } else {
        check(expert === -1 && routing.slotWeight[index] === 0, `slot ${index} past kCount is not empty`);
      }
    }
  }
}

/**
 * A cheap assertion for hot property loops (vitest's `expect` costs microseconds per call, which adds up
 * over thousands of runs); fast-check reports the counterexample of the thrown error.
 */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Indices of `values[offset .. offset + count)` sorted descending, ties to the lower index. */
export function stableDescending(values: ArrayLike<number>, offset: number, count: number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  order.sort((a, b) => {
    const left = values[offset + a]!;
    const right = values[offset + b]!;
    return left === right ? a - b : right > left ? 1 : -1;
  });
  return order;
}

/** The `take` best of a row (descending, ties lower index), returned in ascending id order. */
export function topIndices(values: ArrayLike<number>, offset: number, count: number, take: number): number[] {
  return stableDescending(values, offset, count)
    .slice(0, take)
    .sort((a, b) => a - b);
}

/** Softmax of one row, written independently of the reference (max subtracted). */
export function softmaxRow(values: ArrayLike<number>, offset: number, count: number): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index++) max = Math.max(max, values[offset + index]!);
  const exps = Array.from({ length: count }, (_, index) => Math.exp(values[offset + index]! - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

export const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Asserts `actual` is within `tolerance` of `expected`, element by element. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-12): void {
  check(actual.length === expected.length, `length ${actual.length} !== ${expected.length}`);
  for (let index = 0; index < expected.length; index++) {
    const difference = Math.abs(actual[index]! - expected[index]!);
    check(difference <= tolerance, `element ${index}: ${actual[index]} vs ${expected[index]}`);
  }
}

/** Asserts two integer/number sequences are identical. */
export function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what = 'sequence'): void {
  const left = Array.from(actual);
  const right = Array.from(expected);
  check(
    left.length === right.length && left.every((value, index) => value === right[index]),
    `${what}: [${left.join(', ')}] !== [${right.join(', ')}]`,
  );
}

/** Adds `shifts[t]` to every logit of token t (exact on the 1/16 grid). */
export function shiftRows(logits: Float64Array, width: number, shifts: readonly number[]): Float64Array {
  return logits.map((value, index) => value + shifts[Math.floor(index / width)]!);
}

/** Per-token shifts on the 1/16 grid in [-8, 8]. */
export const shiftsArbitrary = (tokens: number): fc.Arbitrary<number[]> =>
  fc.array(
    fc.integer({ min: -128, max: 128 }).map((value) => value / 16),
    { minLength: tokens, maxLength: tokens },
  );

/**
 * Runs `action`, expects an `InvalidArgumentError` for `argument` whose message names the family, the key
 * and (when given) the allowed range; returns it for further checks.
 */
export function expectInvalidArgument(
  action: () => unknown,
  family: string,
  argument: string,
  allowed?: string,
): InvalidArgumentError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  const error = caught as InvalidArgumentError;
  expect(error.code).toBe('invalid-argument');
  expect(error.argument).toBe(argument);
  expect(error.message).toContain(`${family}: `);
  expect(error.message).toContain(argument);
  if (allowed !== undefined) {
    expect(error.expected).toContain(allowed);
    expect(error.message).toContain(allowed);
  }
  return error;
}
