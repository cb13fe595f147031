import { describe, expect, it } from 'vitest';
import { decodeHalf, decodeTensorInto } from './decode-tensor.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors-file.ts';

/** Little-endian bytes of 16-bit patterns, optionally shifted by one byte (unaligned input). */
function halves(bits: readonly number[], misalign = false): Uint8Array {
  const buffer = new Uint8Array(bits.length * 2 + (misalign ? 1 : 0));
  const view = new DataView(buffer.buffer);
  for (const [index, value] of bits.entries()) view.setUint16((misalign ? 1 : 0) + index * 2, value, true);
  return misalign ? buffer.subarray(1) : buffer;
}

describe('half-precision decode (F16)', () => {
  it('normals, signed zero, subnormals, the largest finite, infinities and NaN', () => {
    expect(decodeHalf(0x3c00)).toBe(1);
    expect(decodeHalf(0xc000)).toBe(-2);
    expect(decodeHalf(0x3555)).toBe(0.333251953125);
    expect(Object.is(decodeHalf(0x8000), -0)).toBe(true);
    expect(decodeHalf(0x0001)).toBe(2 ** -24);
    expect(decodeHalf(0x03ff)).toBe(1023 * 2 ** -24);
    expect(decodeHalf(0x0400)).toBe(2 ** -14);
    expect(decodeHalf(0x7bff)).toBe(65504);
    expect(decodeHalf(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(decodeHalf(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(decodeHalf(0x7e00)).toBeNaN();
  });

  it('decodes aligned and unaligned buffers alike, at an offset of the target', () => {
    const bits = [0x3c00, 0x0001, 0xc000];
    for (const misalign of [false, true]) {
      const target = new Float32Array(5);
      decodeTensorInto(halves(bits, misalign), 'F16', target, 1, 3);
      expect(Array.from(target)).toEqual([0, 1, 2 ** -24, -2, 0]);
    }
  });
});

describe('BF16 and F32 decode', () => {
  it('BF16 is the upper half of a float32', () => {
    for (const misalign of [false, true]) {
      const target = new Float32Array(3);
      decodeTensorInto(halves([0x3f80, 0xc049, 0x0001], misalign), 'BF16', target, 0, 3);
      expect(target[0]).toBe(1);
      expect(target[1]).toBe(new Float32Array(new Uint32Array([0xc0490000]).buffer)[0]);
      expect(target[2]).toBe(new Float32Array(new Uint32Array([0x00010000]).buffer)[0]);
    }
  });

  it('F32 is copied bit for bit', () => {
    const values = Float32Array.from([1.5, -0.1, 3e-38]);
    const target = new Float32Array(3);
    decodeTensorInto(new Uint8Array(values.buffer), 'F32', target, 0, 3);
    expect(Array.from(target)).toEqual(Array.from(values));
  });
});

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips F32 and F64 tensors with metadata', () => {
    const bytes = encodeSafetensors(
      [
        { name: 'a', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) },
        { name: 'b', shape: [3], data: Float64Array.from([0.1, 0.2, 0.3]) },
      ],
      { format: 'test' },
    );
    expect((bytes.length - 0) % 8).toBe(0);
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: 'test' });
    expect(Array.from(tensors.get('a')?.data ?? [])).toEqual([1, 2, 3, 4]);
    expect(tensors.get('b')?.data).toEqual(Float64Array.from([0.1, 0.2, 0.3]));
  });
});
