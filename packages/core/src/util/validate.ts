import { InvalidArgumentError, NonFiniteError, ShapeError } from '../errors/anyk-error.ts';

/**
 * The one validation vocabulary of anyk: every `require*` checks one argument, returns it narrowed (so
 * `const k = requireInteger('k', config.k, { min: 1 })` is a `number`), and otherwise throws the typed error
 * that names the argument: `InvalidArgumentError` for a wrong value, `ShapeError` for a wrong length,
 * `NonFiniteError` for a NaN or infinity in a tensor. `context` (a family, a function) prefixes the message.
 */

/** The bounds of `requireNumber`; an `open` bound excludes its end. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
  /**
   * How the message prints the range: `'comparison'` (default: `a finite number > 0 and <= 1`) or
   * `'interval'` (`a number in (0, 1]`, the form router configs print and their docs show).
   */
  readonly notation?: 'comparison' | 'interval';
}

/** `value` as an integer in `[min, max]` (`max` defaults to `Number.MAX_SAFE_INTEGER`). */
export function requireInteger(
  argument: string,
  value: unknown,
  range: { readonly min: number; readonly max?: number },
  context?: string,
): number {
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const expected =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new InvalidArgumentError(argument, expected, value, context);
  }
  return value;
}

/** `value` as a finite number within `range` (no bounds: any finite number). */
export function requireNumber(
  argument: string,
  value: unknown,
  range: NumberRange = {},
  context?: string,
): number {
  const { min, max, minOpen = false, maxOpen = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || (maxOpen ? value < max : value <= max));
  if (!ok) throw new InvalidArgumentError(argument, describeRange(range), value, context);
  return value as number;
}

/** What `requireNumber` expected, in the notation `range` asks for. */
function describeRange(range: NumberRange): string {
  const { min, max, minOpen = false, maxOpen = false, notation = 'comparison' } = range;
  if (notation === 'interval') {
    const low = min === undefined ? '(-inf' : `${minOpen ? '(' : '['}${min}`;
    const high = max === undefined ? 'inf)' : `${max}${maxOpen ? ')' : ']'}`;
    return `a number in ${low}, ${high}`;
  }
  const low = min === undefined ? '' : `${minOpen ? '>' : '>='} ${min}`;
  const high = max === undefined ? '' : `${maxOpen ? '<' : '<='} ${max}`;
  return `a finite number${low || high ? ` ${[low, high].filter(Boolean).join(' and ')}` : ''}`;
}

/**
 * `data` as a flat row-major tensor: an array-like of numbers whose length is the product of `shape`, every
 * entry finite unless `finite: false`. `shape` is only used for the message and the length. The return keeps
 * the caller's array type (a `Float32Array` stays one).
 */
export function requireTensor<T>(
  argument: string,
  data: T,
  shape: readonly number[],
  options: { readonly finite?: boolean } = {},
): T & ArrayLike<number> {
  const expected = shape.reduce((a, b) => a * b, 1);
  if (
    data === null ||
    typeof data !== 'object' ||
    typeof (data as { length?: unknown }).length !== 'number'
  ) {
    throw new ShapeError(argument, shape, `${data === null ? 'null' : typeof data} (not an array)`);
  }
  const array = data as T & ArrayLike<number>;
  if (array.length !== expected) {
    throw new ShapeError(argument, shape, `${array.length} elements`);
  }
  if (options.finite !== false) {
    const index = firstNonFiniteIndex(array);
    if (index >= 0) throw new NonFiniteError(argument, index, array[index]!);
  }
  return array;
}

/**
 * The index of the first NaN or infinity in `data`, or -1. Float32Array and Float64Array get loops of
 * their own: one loop shared by every array type a program passes becomes megamorphic in V8 (measured on
 * a 512 x 1024 Float32Array, Node 22: 10.9 ms per scan after the loop has seen seven array types, 0.6 ms
 * for a typed loop).
 */
export function firstNonFiniteIndex(data: ArrayLike<number>): number {
  if (data instanceof Float32Array) return firstNonFiniteFloat32(data);
  if (data instanceof Float64Array) return firstNonFiniteFloat64(data);
  for (let index = 0; index < data.length; index++) {
    if (!Number.isFinite(data[index])) return index;
  }
  return -1;
}

function firstNonFiniteFloat32(data: Float32Array): number {
  for (let index = 0; index < data.length; index++) {
    if (!Number.isFinite(data[index])) return index;
  }
  return -1;
}

function firstNonFiniteFloat64(data: Float64Array): number {
  for (let index = 0; index < data.length; index++) {
    if (!Number.isFinite(data[index])) return index;
  }
  return -1;
}

/** `data` as a finite tensor of `shape` whose entries are all 0 or 1 (a selection mask). */
export function requireMask<T>(argument: string, data: T, shape: readonly number[]): T & ArrayLike<number> {
  const mask = requireTensor(argument, data, shape);
  for (let index = 0; index < mask.length; index++) {
    const value = mask[index]!;
    if (value !== 0 && value !== 1) throw new InvalidArgumentError(`${argument}[${index}]`, '0 or 1', value);
  }
  return mask;
}

/** `value` as one of the strings in `allowed`. */
export function requireOneOf<T extends string>(
  argument: string,
  value: unknown,
  allowed: readonly T[],
  context?: string,
): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    const expected = `one of ${allowed.map((item) => `"${item}"`).join(', ')}`;
    throw new InvalidArgumentError(argument, expected, value, context);
  }
  return value as T;
}

/** `value` as an array whose every entry is one of `allowed` (entries are named `argument[index]`). */
export function requireListOf<T extends string>(
  argument: string,
  value: unknown,
  allowed: readonly T[],
  context?: string,
): readonly T[] {
  if (!Array.isArray(value)) {
    const expected = `an array of ${allowed.map((item) => `"${item}"`).join(' | ')}`;
    throw new InvalidArgumentError(argument, expected, value, context);
  }
  for (const [index, item] of value.entries()) requireOneOf(`${argument}[${index}]`, item, allowed, context);
  return value as T[];
}

/** `value` as a boolean. */
export function requireBoolean(argument: string, value: unknown, context?: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, 'a boolean', value, context);
  return value;
}

/**
 * `value` as a plain object (not null, not an array): `topK(undefined)` is then a typed error naming
 * `config`, not a `TypeError` on the first key read.
 */
export function requireObject<T>(argument: string, value: T, context?: string): T & object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(argument, 'an object', value, context);
  }
  return value;
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
