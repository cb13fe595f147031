import { InvalidArgumentError, NonFiniteError, ShapeError } from '@anyk/core';

/**
 * Input checks shared by every loss. Losses run inside training loops where a silent NaN poisons every
 * later step, so each public entry point checks shapes and finiteness up front and names the argument.
 */

/** Checks that `value` is an integer >= `minimum` (dimensions, chunk sizes, k). */
export function checkInteger(argument: string, value: number, minimum: number, context: string): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError(argument, `an integer >= ${minimum}`, value, context);
  }
}

/** Checks that a scalar option (coefficient, sharpness, gain) is a finite number. */
export function checkFiniteScalar(argument: string, value: number, context: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(argument, 'a finite number', value, context);
  }
}

/** Checks that a scalar is finite and strictly positive (step sizes, alpha, eps). */
export function checkPositiveScalar(argument: string, value: number, context: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(argument, 'a finite number > 0', value, context);
  }
}

/** Checks a dense row-major tensor's length against its shape and that every element is finite. */
export function checkTensor(argument: string, data: ArrayLike<number>, shape: readonly number[]): void {
  let expected = 1;
  for (const dimension of shape) expected *= dimension;
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
    throw new InvalidArgumentError(argument, `an array of length ${expected}`, data);
  }
  if (data.length !== expected) {
    throw new ShapeError(argument, shape, `data of length ${data.length}`);
  }
  for (let index = 0; index < data.length; index++) {
    const value = data[index]!;
    if (!Number.isFinite(value)) throw new NonFiniteError(argument, index, value);
  }
}

/** Checks a 0/1 selection mask `[tokens, candidates]` (any nonzero entry counts as selected). */
export function checkMask(argument: string, data: ArrayLike<number>, shape: readonly number[]): void {
  checkTensor(argument, data, shape);
  for (let index = 0; index < data.length; index++) {
    const value = data[index]!;
    if (value !== 0 && value !== 1) {
      throw new InvalidArgumentError(`${argument}[${index}]`, '0 or 1', value);
    }
  }
}

/** Checks the matrix dimensions `tokens >= 1`, `columns >= 1`. */
export function checkDims(tokens: number, columns: number, columnsName: string, context: string): void {
  checkInteger('numTokens', tokens, 1, context);
  checkInteger(columnsName, columns, 1, context);
}
