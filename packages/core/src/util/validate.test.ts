import { describe, expect, it } from 'vitest';
import { toFloat32, toFloat64 } from './validate.ts';

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
