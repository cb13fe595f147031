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
} from '@anyk/core';
import { describe, expect, test } from 'vitest';
import { fromWorkerError, toWorkerError } from './worker-error.ts';

/** What the page gets for an error thrown in the host worker: through the same structured clone. */
function acrossThePort(error: unknown): Error {
  return fromWorkerError(structuredClone(toWorkerError(error)));
}

describe('errors thrown in the browser-cpu worker come back typed', () => {
  const cases: [string, Error, (value: unknown) => boolean, Record<string, unknown>][] = [
    [
      'InvalidArgumentError',
      new InvalidArgumentError('threads', 'an integer', 1.5, 'ctx'),
      InvalidArgumentError.isInstance.bind(InvalidArgumentError),
      { argument: 'threads', expected: 'an integer', actual: '1.5', code: 'invalid-argument' },
    ],
    [
      'ShapeError',
      new ShapeError('x', [3, 4], [2, 4]),
      ShapeError.isInstance.bind(ShapeError),
      { argument: 'x', expected: [3, 4], actual: [2, 4], code: 'shape-mismatch' },
    ],
    [
      'NonFiniteError',
      new NonFiniteError('y', 7, Number.NaN),
      NonFiniteError.isInstance.bind(NonFiniteError),
      { argument: 'y', index: 7, code: 'non-finite' },
    ],
    [
      'UnsupportedError',
      new UnsupportedError('a', 'b'),
      UnsupportedError.isInstance.bind(UnsupportedError),
      {},
    ],
    [
      'BackendUnavailableError',
      new BackendUnavailableError('browser-cpu', 'no SIMD'),
      BackendUnavailableError.isInstance.bind(BackendUnavailableError),
      { backend: 'browser-cpu' },
    ],
    [
      'BackendLostError',
      new BackendLostError('browser-cpu', 'disposed'),
      BackendLostError.isInstance.bind(BackendLostError),
      { backend: 'browser-cpu' },
    ],
    [
      'CorruptFileError',
      new CorruptFileError('f.json', 'bad'),
      CorruptFileError.isInstance.bind(CorruptFileError),
      { file: 'f.json' },
    ],
    [
      'KernelError',
      new KernelError('browser-cpu', 'gemm', new Error('trap')),
      KernelError.isInstance.bind(KernelError),
      { backend: 'browser-cpu', kernel: 'gemm', code: 'kernel-failed' },
    ],
  ];

  for (const [name, error, isInstance, fields] of cases) {
    test(`${name}: same class, code, message and fields`, () => {
      const revived = acrossThePort(error);
      expect(revived.constructor).toBe(error.constructor);
      expect(isInstance(revived)).toBe(true);
      expect(AnykError.isInstance(revived)).toBe(true);
      expect((revived as AnykError).code).toBe((error as AnykError).code);
      expect(revived.message).toBe(error.message);
      expect(revived.name).toBe(error.name);
      expect(revived).toMatchObject(fields);
    });
  }

  test('a KernelError keeps its cause message; a plain error stays a plain Error with its message', () => {
    const kernel = acrossThePort(new KernelError('browser-cpu', 'pack', new Error('out of bounds')));
    expect((kernel as Error & { cause: Error }).cause.message).toBe('out of bounds');
    const plain = acrossThePort(new TypeError('x is not a function'));
    expect(AnykError.isInstance(plain)).toBe(false);
    expect(plain.name).toBe('TypeError');
    expect(plain.message).toBe('x is not a function');
    expect(acrossThePort('a string').message).toBe('a string');
  });
});
