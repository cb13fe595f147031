import { type FloatArray, InvalidArgumentError } from '@anyk/core';
import { assertFiniteTensor, decodeTensorInto } from './decode-tensor.ts';
import { parseSafetensorsHeader, readHeaderLength } from './safetensors-header.ts';

/** A decoded tensor: F64 as Float64Array, every other dtype as Float32Array. Row-major. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Serialises tensors in the safetensors format (huggingface/safetensors): 8-byte little-endian header
 * length N, an N-byte JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__}`
 * padded with spaces to a multiple of 8, then the raw little-endian data (Float32Array as F32,
 * Float64Array as F64). Written by hand so any safetensors reader (Python, Rust, JS) opens the files.
 */
export function encodeSafetensors(
  entries: readonly SafetensorsEntry[],
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const entry of entries) {
    if (entry.name === '__metadata__' || header[entry.name] !== undefined)
      throw new InvalidArgumentError('entries', 'unique tensor names', entry.name, 'encodeSafetensors');
    const bytes = entry.data.byteLength;
    header[entry.name] = {
      dtype: entry.data instanceof Float32Array ? 'F32' : 'F64',
      shape: entry.shape,
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  const encoder = new TextEncoder();
  let json = JSON.stringify(header);
  while ((8 + encoder.encode(json).length) % 8 !== 0) json += ' ';
  const headerBytes = encoder.encode(json);
  const output = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(output.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  output.set(headerBytes, 8);
  let cursor = 8 + headerBytes.length;
  for (const entry of entries) {
    const elementBytes = entry.data.BYTES_PER_ELEMENT;
    if (littleEndian) {
      output.set(new Uint8Array(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength), cursor);
    } else {
      for (let index = 0; index < entry.data.length; index++) {
        const at = cursor + index * elementBytes;
        if (elementBytes === 4) view.setFloat32(at, entry.data[index]!, true);
        else view.setFloat64(at, entry.data[index]!, true);
      }
    }
    cursor += entry.data.byteLength;
  }
  return output;
}

/**
 * Parses a whole safetensors file held in memory (F64, F32, BF16, F16), after validating the header
 * (`parseSafetensorsHeader`); NaN or infinite values are rejected. Any problem is a `CheckpointError`
 * (a `CorruptFileError`) naming `file` and the tensor. For large or sharded checkpoints read lazily with
 * `openSafetensors` / `openCheckpoint` instead.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  file = 'safetensors',
): { tensors: Map<string, SafetensorsEntry>; metadata: Record<string, string> } {
  const headerLength = readHeaderLength(bytes.subarray(0, 8), bytes.length, file);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + headerLength), bytes.length, file, [
    'F64',
    'F32',
    'BF16',
    'F16',
  ]);
  const tensors = new Map<string, SafetensorsEntry>();
  for (const info of header.tensors.values()) {
    const count = info.shape.reduce((product, extent) => product * extent, 1);
    const data = info.dtype === 'F64' ? new Float64Array(count) : new Float32Array(count);
    decodeTensorInto(bytes.subarray(info.begin, info.end), info.dtype, data, 0, count);
    assertFiniteTensor(data, 0, count, file, info.name);
    tensors.set(info.name, { name: info.name, shape: info.shape, data });
  }
  return { tensors, metadata: { ...header.metadata } };
}
