import { describe, expect, it } from 'vitest';
import {
  AnykError,
  BackendLostError,
  BackendUnavailableError,
  CorruptFileError,
  InvalidArgumentError,
  KernelError,
  NonFiniteError,
  ShapeError,
  UnsupportedError,
} from './anyk-error.ts';

/** An error class as the brand checks see it. */
interface ErrorClass {
  readonly name: string;
  isInstance(value: unknown): boolean;
}

/** One instance of every error class, and its class. */
const samples: readonly (readonly [ErrorClass, AnykError])[] = [
  [InvalidArgumentError, new InvalidArgumentError('k', 'a positive integer', 0)],
  [ShapeError, new ShapeError('logits', [2, 4], [2, 3])],
  [NonFiniteError, new NonFiniteError('x', 3, Number.NaN)],
  [UnsupportedError, new UnsupportedError('bf16', 'not on this backend')],
  [BackendUnavailableError, new BackendUnavailableError('webgpu', 'no adapter')],
  [BackendLostError, new BackendLostError('node', 'disposed')],
  [CorruptFileError, new CorruptFileError('a.json', 'not JSON')],
  [KernelError, new KernelError('webgpu', 'route', new Error('validation failed'))],
];

describe('error brands', () => {
  for (const [type, error] of samples) {
    it(`${type.name}.isInstance accepts only ${type.name}`, () => {
      expect(type.isInstance(error)).toBe(true);
      expect(AnykError.isInstance(error)).toBe(true);
      for (const [other, otherError] of samples) {
        if (other !== type) {
          expect(type.isInstance(otherError), `${type.name}.isInstance(${other.name})`).toBe(false);
        }
      }
      expect(type.isInstance(new Error(error.message))).toBe(false);
      expect(type.isInstance(null)).toBe(false);
      expect(type.isInstance('ShapeError')).toBe(false);
    });
  }

  it('brands survive a second copy of the package (Symbol.for, not instanceof)', () => {
    // What a second copy of @anyk/core would throw: a different class object with the same brands.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('anyk.error')]: true,
      [Symbol.for('anyk.error.ShapeError')]: true,
    });
    expect(ShapeError.isInstance(foreign)).toBe(true);
    expect(AnykError.isInstance(foreign)).toBe(true);
    expect(InvalidArgumentError.isInstance(foreign)).toBe(false);
  });

  it('a subclass passes its own and every ancestor check, not its siblings', () => {
    class BadTileError extends ShapeError {
      static override readonly brand: symbol = Symbol.for('anyk.error.test.BadTileError');
    }
    const error = new BadTileError('tile', [4], [3]);
    expect(BadTileError.isInstance(error)).toBe(true);
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(AnykError.isInstance(error)).toBe(true);
    expect(BadTileError.isInstance(new ShapeError('tile', [4], [3]))).toBe(false);
    expect(InvalidArgumentError.isInstance(error)).toBe(false);
  });
});

describe('KernelError', () => {
  it('names the backend and kernel and keeps the cause', () => {
    const cause = new Error('out of bounds memory access');
    const error = new KernelError('node', 'gemm', cause);
    expect(error).toMatchObject({ code: 'kernel-failed', backend: 'node', kernel: 'gemm', cause });
    expect(error.message).toBe('backend "node" failed in kernel "gemm": out of bounds memory access');
    expect(new KernelError('webgpu', 'route', { message: 'GPUValidationError' }).message).toMatch(
      /GPUValidationError$/,
    );
    expect(new KernelError('gpujs', 'matmul', 'lost').message).toMatch(/: lost$/);
  });
});
