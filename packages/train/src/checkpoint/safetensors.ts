import { CorruptFileError, type FloatArray, InvalidArgumentError } from '@anyk/core';

/** A tensor as safetensors stores it (F32 or F64, row-major, little-endian). */
export interface SafetensorsEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Serialises tensors in the safetensors format (huggingface/safetensors): 8-byte little-endian header
 * length N, an N-byte JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__}`
 * padded with spaces to a multiple of 8, then the raw little-endian data. Written by hand so the package
 * has no dependency and any safetensors reader (Python, Rust, JS) opens our checkpoints.
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
  let json = JSON.stringify(header);
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
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
        if (elementBytes === 4) view.setFloat32(at, entry.data[index] as number, true);
        else view.setFloat64(at, entry.data[index] as number, true);
      }
    }
    cursor += entry.data.byteLength;
  }
  return output;
}

/**
 * Parses a safetensors file, validating everything a reader must trust: header length within the file,
 * JSON object, known dtype (F32/F64), integer shape, offsets contiguous from 0, in bounds, matching the
 * shape, and covering the data section exactly. Any violation is a `CorruptFileError` naming `file`.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  file = 'safetensors',
): { tensors: Map<string, SafetensorsEntry>; metadata: Record<string, string> } {
  const fail = (reason: string): never => {
    throw new CorruptFileError(file, reason);
  };
  if (bytes.length < 8) fail(`${bytes.length} bytes is shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8))
    fail(`header length ${headerLength} exceeds the file (${bytes.length} bytes)`);
  const headerEnd = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail('header is not a JSON object');
  const dataLength = bytes.length - headerEnd;
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  const spans: [number, number, string][] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object') fail('__metadata__ is not an object');
      metadata = value as Record<string, string>;
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (info === null || typeof info !== 'object') fail(`tensor "${name}" has no descriptor object`);
    const dtype = (info as { dtype?: unknown }).dtype;
    if (dtype !== 'F32' && dtype !== 'F64')
      fail(`tensor "${name}" has dtype ${JSON.stringify(dtype)}, expected F32 or F64`);
    const shape = (info as { shape?: unknown }).shape;
    if (!Array.isArray(shape) || shape.some((extent) => !Number.isInteger(extent) || extent < 0))
      fail(`tensor "${name}" has shape ${JSON.stringify(shape)}, expected non-negative integers`);
    const offsets = (info as { data_offsets?: unknown }).data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !Number.isInteger(offsets[0]) ||
      !Number.isInteger(offsets[1]) ||
      offsets[0] < 0 ||
      offsets[1] < offsets[0] ||
      offsets[1] > dataLength
    )
      fail(
        `tensor "${name}" has data_offsets ${JSON.stringify(offsets)} outside the ${dataLength}-byte data section`,
      );
    const [begin, end] = offsets as [number, number];
    const elementBytes = dtype === 'F32' ? 4 : 8;
    const count = (shape as number[]).reduce((product, extent) => product * extent, 1);
    if (end - begin !== count * elementBytes)
      fail(
        `tensor "${name}" spans ${end - begin} bytes, shape [${shape}] of ${dtype} needs ${count * elementBytes}`,
      );
    spans.push([begin, end, name]);
    const data = dtype === 'F32' ? new Float32Array(count) : new Float64Array(count);
    for (let index = 0; index < count; index++) {
      const at = headerEnd + begin + index * elementBytes;
      data[index] = elementBytes === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    }
    tensors.set(name, { name, shape: shape as number[], data });
  }
  spans.sort((a, b) => a[0] - b[0]);
  let expected = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== expected)
      fail(`tensor "${name}" starts at ${begin}, expected ${expected} (gap or overlap)`);
    expected = end;
  }
  if (expected !== dataLength) fail(`tensors cover ${expected} of ${dataLength} data bytes`);
  return { tensors, metadata };
}
