import { bf16ToFloat, f16ToFloat } from '@anyk/core/internal';
import { CheckpointError } from '../checkpoint-error.ts';
import type { SafetensorsDtype } from './safetensors-header.ts';

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let halfTable: Float32Array | undefined;

/**
 * Every IEEE half-precision value as float32 (65,536 entries, built once from core's `f16ToFloat`, which is
 * exact): a table lookup per element on the bulk decode path.
 */
function halfToFloat32Table(): Float32Array {
  if (halfTable) return halfTable;
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = f16ToFloat(bits);
  halfTable = table;
  return table;
}

/** Decodes one half-precision bit pattern (exported for tests). */
export function decodeHalf(bits: number): number {
  return halfToFloat32Table()[bits & 0xffff] as number;
}

/**
 * Decodes `count` little-endian values of `dtype` from `bytes` straight into `target[offset ..]`, with no
 * float64 intermediate array: BF16 is the upper half of a float32 (`u16 << 16`), F16 goes through an exact
 * lookup table, F32 is copied. F64 needs a Float64Array target (train's own checkpoints).
 */
export function decodeTensorInto(
  bytes: Uint8Array,
  dtype: SafetensorsDtype,
  target: Float32Array | Float64Array,
  offset: number,
  count: number,
): void {
  const aligned = littleEndian && bytes.byteOffset % 8 === 0;
  if (dtype === 'F64' || dtype === 'F32') {
    const itemBytes = dtype === 'F64' ? 8 : 4;
    if (aligned) {
      const view =
        dtype === 'F64'
          ? new Float64Array(bytes.buffer, bytes.byteOffset, count)
          : new Float32Array(bytes.buffer, bytes.byteOffset, count);
      target.set(view, offset);
      return;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, count * itemBytes);
    for (let index = 0; index < count; index++)
      target[offset + index] =
        itemBytes === 8 ? view.getFloat64(index * 8, true) : view.getFloat32(index * 4, true);
    return;
  }
  const halves = halfBitsOf(bytes, count);
  if (dtype === 'BF16') {
    if (target instanceof Float32Array) {
      const bits = new Uint32Array(target.buffer, target.byteOffset + offset * 4, count);
      for (let index = 0; index < count; index++) bits[index] = halves[index]! << 16;
    } else {
      const scratch = new Float32Array(1);
      const scratchBits = new Uint32Array(scratch.buffer);
      for (let index = 0; index < count; index++) {
        scratchBits[0] = halves[index]! << 16;
        target[offset + index] = scratch[0]!;
      }
    }
    return;
  }
  const table = halfToFloat32Table();
  for (let index = 0; index < count; index++) target[offset + index] = table[halves[index]!]!;
}

/**
 * The `count` little-endian 16-bit patterns of a BF16 / F16 tensor's bytes: a view when the bytes are
 * aligned (on a little-endian machine), else a copy.
 */
export function halfBitsOf(bytes: Uint8Array, count: number): Uint16Array {
  if (littleEndian && bytes.byteOffset % 2 === 0)
    return new Uint16Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  return Uint16Array.from({ length: count }, (_, index) => view.getUint16(index * 2, true));
}

/**
 * Throws `CheckpointError` (`non-finite`) naming file, tensor and element if a 16-bit pattern (`dtype` BF16
 * or F16) in `bits[offset ..]` is NaN or infinite (its exponent bits all set).
 */
export function assertFiniteHalfBits(
  bits: Uint16Array,
  offset: number,
  count: number,
  dtype: 'BF16' | 'F16',
  file: string,
  tensor: string,
): void {
  const exponentMask = dtype === 'BF16' ? 0x7f80 : 0x7c00;
  for (let index = 0; index < count; index++) {
    const value = bits[offset + index]!;
    if ((value & exponentMask) === exponentMask) {
      const decoded = dtype === 'BF16' ? bf16ToFloat(value) : decodeHalf(value);
      throw new CheckpointError('non-finite', file, `element ${index} is ${decoded}`, tensor);
    }
  }
}

/** Throws `CheckpointError` (`non-finite`) naming file, tensor and element if a decoded value is NaN or infinite. */
export function assertFiniteTensor(
  values: Float32Array | Float64Array,
  offset: number,
  count: number,
  file: string,
  tensor: string,
): void {
  for (let index = 0; index < count; index++) {
    const value = values[offset + index]!;
    if (!Number.isFinite(value))
      throw new CheckpointError('non-finite', file, `element ${index} is ${value}`, tensor);
  }
}
