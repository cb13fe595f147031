import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NonFiniteError, ShapeError } from '../errors/anyk-error.ts';
import {
  requireBoolean,
  requireInteger,
  requireListOf,
  requireMask,
  requireNumber,
  requireObject,
  requireOneOf,
  requireTensor,
  toFloat32,
  toFloat64,
} from './validate.ts';

describe('the require* vocabulary', () => {
  it('returns the value it accepts (the same object for arrays)', () => {
    const tensor = Float32Array.of(1, 2, 3, 4);
    expect(requireTensor('x', tensor, [2, 2])).toBe(tensor);
    expect(requireMask('mask', [0, 1], [2])).toEqual([0, 1]);
    expect(requireInteger('k', 3, { min: 1, max: 3 })).toBe(3);
    expect(requireNumber('p', 0.5, { min: 0, minOpen: true })).toBe(0.5);
    expect(requireOneOf('mode', 'train', ['train', 'inference'])).toBe('train');
    expect(requireListOf('kinds', ['copy'], ['zero', 'copy'])).toEqual(['copy']);
    expect(requireBoolean('flag', false)).toBe(false);
    const config = { k: 1 };
    expect(requireObject('config', config)).toBe(config);
  });

  it('integers: the range in the message, the context as prefix', () => {
    expect(() => requireInteger('k', 2.5, { min: 1 }, 'top-k')).toThrow(
      'top-k: k must be an integer >= 1, got 2.5',
    );
    expect(() => requireInteger('k', 5, { min: 1, max: 4 })).toThrow('k must be an integer in [1, 4], got 5');
    expect(() => requireInteger('k', '2', { min: 1 })).toThrow(InvalidArgumentError);
  });

  it('numbers: comparison notation by default, interval notation on request', () => {
    expect(() => requireNumber('eps', Number.NaN)).toThrow('eps must be a finite number, got NaN');
    expect(() => requireNumber('p', 0, { min: 0, minOpen: true, max: 1 })).toThrow(
      'p must be a finite number > 0 and <= 1, got 0',
    );
    expect(() =>
      requireNumber('p', 0, { min: 0, minOpen: true, max: 1, notation: 'interval' }, 'top-p'),
    ).toThrow('top-p: p must be a number in (0, 1], got 0');
    expect(() => requireNumber('s', -1, { min: 0, notation: 'interval' })).toThrow(
      's must be a number in [0, inf)',
    );
    expect(() => requireNumber('s', 2, { max: 1, maxOpen: true, notation: 'interval' })).toThrow(
      's must be a number in (-inf, 1)',
    );
  });

  it('tensors: ShapeError for a non-array or a wrong length, NonFiniteError naming the index', () => {
    expect(() => requireTensor('x', undefined, [2])).toThrow(ShapeError);
    expect(() => requireTensor('x', [1, 2, 3], [2, 2])).toThrow('x must have shape [2, 2], got 3 elements');
    expect(() => requireTensor('x', [1, Number.POSITIVE_INFINITY], [2])).toThrow(NonFiniteError);
    expect(requireTensor('x', [1, Number.NaN], [2], { finite: false })).toHaveLength(2);
    // Typed arrays take loops of their own (speed); they name the same first bad index.
    for (const make of [(n: number) => new Float32Array(n), (n: number) => new Float64Array(n)]) {
      const data = make(6);
      expect(requireTensor('x', data, [2, 3])).toBe(data);
      data[4] = Number.NEGATIVE_INFINITY;
      data[3] = Number.NaN;
      expect(() => requireTensor('x', data, [2, 3])).toThrow(NonFiniteError);
      expect(() => requireTensor('x', data, [2, 3])).toThrow('x must be finite, but element 3 is NaN');
    }
    expect(() => requireMask('mask', [0, 2], [2])).toThrow('mask[1] must be 0 or 1, got 2');
  });

  it('choices, lists, booleans and objects name the argument (list entries by index)', () => {
    expect(() => requireOneOf('mode', 'eval', ['train', 'inference'], 'dynmoe')).toThrow(
      'dynmoe: mode must be one of "train", "inference", got "eval"',
    );
    expect(() => requireListOf('kinds', 'copy', ['zero', 'copy'])).toThrow(
      'kinds must be an array of "zero" | "copy"',
    );
    expect(() => requireListOf('kinds', ['zero', 'one'], ['zero', 'copy'])).toThrow(
      'kinds[1] must be one of "zero", "copy"',
    );
    expect(() => requireBoolean('flag', 1)).toThrow('flag must be a boolean, got 1');
    for (const bad of [undefined, null, [], 'k=2']) {
      expect(() => requireObject('config', bad, 'top-k')).toThrow(/^top-k: config must be an object/);
    }
  });
});

describe('toFloat32 / toFloat64', () => {
  it('passes a Float32Array through and converts every other numeric array', () => {
    const same = Float32Array.of(1, 2.5);
    expect(toFloat32(same)).toBe(same);
    const wide = Float64Array.of(0.1, -3, 1e-50);
    const narrow = toFloat32(wide);
    expect(narrow).toBeInstanceOf(Float32Array);
    expect(Array.from(narrow)).toEqual([Math.fround(0.1), -3, 0]);
    expect(Array.from(toFloat32(Int32Array.of(7, -8)))).toEqual([7, -8]);
    expect(Array.from(toFloat32([0.5, 1.5]))).toEqual([0.5, 1.5]);
    // A view into a larger buffer converts only its own elements.
    expect(Array.from(toFloat32(new Float64Array([9, 1, 2, 9]).subarray(1, 3)))).toEqual([1, 2]);
  });

  it('toFloat64 always copies', () => {
    const source = Float64Array.of(0.1, 2);
    const copy = toFloat64(source);
    expect(copy).not.toBe(source);
    expect(Array.from(copy)).toEqual([0.1, 2]);
    expect(Array.from(toFloat64(Float32Array.of(0.1)))).toEqual([Math.fround(0.1)]);
    expect(Array.from(toFloat64([3, 4]))).toEqual([3, 4]);
  });
});
