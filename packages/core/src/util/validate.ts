import { InvalidArgumentError, NonFiniteError, ShapeError } from '../errors/anyk-error.ts';

/** Checks that `value` is an integer in `[min, max]`; `context` prefixes the message (e.g. a family name). */
export function assertInteger(
  argument: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  context?: string,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new InvalidArgumentError(argument, range, value, context);
  }
}

/** Checks that `value` is a finite number, optionally within bounds (`open` bounds exclude the end). */
export function assertNumber(
  argument: string,
  value: unknown,
  range: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean } = {},
  context?: string,
): asserts value is number {
  const { min, max, minOpen = false, maxOpen = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || (maxOpen ? value < max : value <= max));
  if (!ok) {
    const low = min === undefined ? '' : `${minOpen ? '>' : '>='} ${min}`;
    const high = max === undefined ? '' : `${maxOpen ? '<' : '<='} ${max}`;
    const expected = `a finite number${low || high ? ` ${[low, high].filter(Boolean).join(' and ')}` : ''}`;
    throw new InvalidArgumentError(argument, expected, value, context);
  }
}

/**
 * Checks a flat row-major tensor: array-like of numbers whose length is the product of `shape`, every
 * entry finite. `shape` is only used for the message and the length.
 */
export function assertTensor(
  argument: string,
  data: unknown,
  shape: readonly number[],
  options: { finite?: boolean } = {},
): asserts data is ArrayLike<number> {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (data === null || typeof data !== 'object' || typeof (data as ArrayLike<number>).length !== 'number') {
    throw new ShapeError(argument, shape, `${data === null ? 'null' : typeof data} (not an array)`);
  }
  const array = data as ArrayLike<number>;
  if (array.length !== expected) {
    throw new ShapeError(argument, shape, `${array.length} elements`);
  }
  if (options.finite !== false) {
    for (let index = 0; index < array.length; index++) {
      const value = array[index]!;
      if (!Number.isFinite(value)) throw new NonFiniteError(argument, index, value);
    }
  }
}

/** Copies any array-like of numbers into a fresh Float64Array (the reference backend's working precision). */
export function toFloat64(data: ArrayLike<number>): Float64Array {
  return isNumericTypedArray(data) ? new Float64Array(data) : Float64Array.from(data);
}

/**
 * `data` as a Float32Array: itself when it is one, else a converted copy (what the float32 backends upload
 * or pack). A typed array is copied by its constructor, twice as fast as `Float32Array.from` in V8 (17 vs
 * 9 ms for 4M values from a Float64Array, which a float64 training loop hands over every step).
 */
export function toFloat32(data: ArrayLike<number>): Float32Array {
  if (data instanceof Float32Array) return data;
  return isNumericTypedArray(data) ? new Float32Array(data) : Float32Array.from(data);
}

/** A typed array of numbers (a DataView or a BigInt array is not: their constructors would misread them). */
function isNumericTypedArray(data: ArrayLike<number>): data is Float64Array | Float32Array | Int32Array {
  return (
    ArrayBuffer.isView(data) &&
    !(data instanceof DataView) &&
    !(data instanceof BigInt64Array) &&
    !(data instanceof BigUint64Array)
  );
}
