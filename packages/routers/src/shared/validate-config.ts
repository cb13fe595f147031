import { InvalidArgumentError } from '@anyk/core';

/** A factory's config must be an object: `topK(undefined)` is a typed error, not a `TypeError`. */
export function checkConfig(family: string, config: unknown): void {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidArgumentError('config', 'an object', config, family);
  }
}

/**
 * Config checks that name the family, the key and the allowed range, e.g.
 * `top-p: p must be a number in (0, 1], got 0`.
 */
export function checkInteger(
  family: string,
  key: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new InvalidArgumentError(key, range, value, family);
  }
  return value;
}

export function checkNumber(
  family: string,
  key: string,
  value: unknown,
  range: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean } = {},
): number {
  const { min, max, minOpen = false, maxOpen = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || (maxOpen ? value < max : value <= max));
  if (!ok) {
    const low = min === undefined ? '-inf' : String(min);
    const high = max === undefined ? 'inf' : String(max);
    const interval = `${minOpen || min === undefined ? '(' : '['}${low}, ${high}${maxOpen || max === undefined ? ')' : ']'}`;
    throw new InvalidArgumentError(key, `a number in ${interval}`, value, family);
  }
  return value;
}

export function checkOneOf<T extends string>(
  family: string,
  key: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new InvalidArgumentError(
      key,
      `one of ${allowed.map((item) => `"${item}"`).join(', ')}`,
      value,
      family,
    );
  }
  return value as T;
}

export function checkBoolean(family: string, key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(key, 'a boolean', value, family);
  return value;
}

const zeroKinds = ['zero', 'copy', 'constant'] as const;

/** Checks a list of zero-computation expert kinds (and that only `allowed` kinds appear). */
export function checkZeroComputation(
  family: string,
  value: unknown,
  allowed: readonly (typeof zeroKinds)[number][] = zeroKinds,
): readonly ('zero' | 'copy' | 'constant')[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError(
      'zeroComputation',
      `an array of ${allowed.map((k) => `"${k}"`).join(' | ')}`,
      value,
      family,
    );
  }
  for (const [index, kind] of value.entries()) checkOneOf(family, `zeroComputation[${index}]`, kind, allowed);
  return value as ('zero' | 'copy' | 'constant')[];
}
