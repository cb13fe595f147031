import { CheckpointError } from '../checkpoint-error.ts';

/** The dtypes this reader decodes, with their item sizes in bytes. */
export const safetensorsItemBytes = { F64: 8, F32: 4, BF16: 2, F16: 2 } as const;

export type SafetensorsDtype = keyof typeof safetensorsItemBytes;

/** Where one tensor lies in one safetensors file (nothing decoded yet). */
export interface SafetensorsTensorInfo {
  readonly name: string;
  /** The file holding it, as the source names it. */
  readonly file: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Absolute byte range `[begin, end)` in the file (header included). */
  readonly begin: number;
  readonly end: number;
}

/** A parsed and validated safetensors header. */
export interface SafetensorsHeader {
  readonly file: string;
  /** Bytes of the JSON header (the `N` of the 8-byte prefix). */
  readonly headerLength: number;
  /** `__metadata__`, or empty. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Tensors in file order. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
}

/** Largest header the reader accepts (the safetensors spec caps it at 100 MB). */
const maximumHeaderBytes = 100_000_000;

/**
 * Reads the 8-byte little-endian header length and checks that the header fits in a file of `fileSize`
 * bytes. Throws `CheckpointError` (`header`) otherwise.
 */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < 8 || prefix.length < 8)
    throw new CheckpointError('header', file, `${fileSize} bytes is shorter than the 8-byte header length`);
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(fileSize - 8))
    throw new CheckpointError('header', file, `header length ${length} exceeds the file (${fileSize} bytes)`);
  if (length > BigInt(maximumHeaderBytes))
    throw new CheckpointError('header', file, `header length ${length} exceeds ${maximumHeaderBytes} bytes`);
  return Number(length);
}

/**
 * Parses and validates a safetensors header: a JSON object, every tensor with a dtype in `dtypes`, a shape
 * of non-negative integers, `data_offsets` matching the shape's byte size, and offsets that tile the data
 * section `[0, fileSize - 8 - N)` exactly (no gap, no overlap; a shorter file is `truncated`). Validating
 * everything up front is what lets a loader promise never to half-load a checkpoint.
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  fileSize: number,
  file: string,
  dtypes: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16'],
): SafetensorsHeader {
  const headerLength = headerBytes.length;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new CheckpointError('header', file, `header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw new CheckpointError('header', file, 'header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = fileSize - dataStart;
  let metadata: Record<string, string> = {};
  const spans: SafetensorsTensorInfo[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new CheckpointError('header', file, '__metadata__ is not an object');
      metadata = value as Record<string, string>;
      continue;
    }
    spans.push(parseTensorEntry(name, value, file, dataStart, dtypes));
  }
  checkTiling(spans, dataStart, dataLength, file);
  return { file, headerLength, metadata, tensors: new Map(spans.map((info) => [info.name, info])) };
}

/** One header entry: dtype, shape and offsets checked against each other. */
function parseTensorEntry(
  name: string,
  value: unknown,
  file: string,
  dataStart: number,
  dtypes: readonly SafetensorsDtype[],
): SafetensorsTensorInfo {
  if (value === null || typeof value !== 'object')
    throw new CheckpointError('header', file, 'has no descriptor object', name);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !dtypes.includes(dtype as SafetensorsDtype))
    throw new CheckpointError(
      'dtype',
      file,
      `dtype ${JSON.stringify(dtype)} is not supported (expected one of ${dtypes.join(', ')})`,
      name,
    );
  if (!Array.isArray(shape) || shape.some((extent) => !Number.isSafeInteger(extent) || extent < 0))
    throw new CheckpointError('header', file, `shape ${JSON.stringify(shape)} is not a list of sizes`, name);
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !Number.isSafeInteger(offsets[0]) ||
    !Number.isSafeInteger(offsets[1]) ||
    offsets[0] < 0 ||
    offsets[1] < offsets[0]
  )
    throw new CheckpointError(
      'offsets',
      file,
      `data_offsets ${JSON.stringify(offsets)} are not [begin, end]`,
      name,
    );
  const itemBytes = safetensorsItemBytes[dtype as SafetensorsDtype];
  const count = (shape as number[]).reduce((product, extent) => product * extent, 1);
  const [begin, end] = offsets as [number, number];
  if (end - begin !== count * itemBytes)
    throw new CheckpointError(
      'offsets',
      file,
      `data_offsets [${begin}, ${end}] span ${end - begin} bytes, shape [${shape}] of ${dtype} needs ${count * itemBytes}`,
      name,
    );
  return {
    name,
    file,
    dtype: dtype as SafetensorsDtype,
    shape: shape as number[],
    begin: dataStart + begin,
    end: dataStart + end,
  };
}

/**
 * Offsets must lie in `[0, dataLength)` and tile it: sorted, each starting where the previous ended, the
 * last ending at the end of the file. A tensor running past the end means a truncated file (or offsets out
 * of range: the two cannot be told apart), reported as `truncated` with the tensor named.
 */
function checkTiling(
  spans: readonly SafetensorsTensorInfo[],
  dataStart: number,
  dataLength: number,
  file: string,
): void {
  for (const span of spans) {
    if (span.end - dataStart > dataLength)
      throw new CheckpointError(
        'truncated',
        file,
        `data_offsets [${span.begin - dataStart}, ${span.end - dataStart}] run past the ${dataLength}-byte data section (file truncated or offsets out of range)`,
        span.name,
      );
  }
  const sorted = [...spans].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = dataStart;
  for (const span of sorted) {
    if (span.begin !== expected) {
      const relative = span.begin - dataStart;
      const previous = expected - dataStart;
      throw new CheckpointError(
        'offsets',
        file,
        span.begin < expected
          ? `data_offsets start at ${relative}, overlapping the previous tensor (which ends at ${previous})`
          : `data_offsets start at ${relative}, leaving a gap after ${previous}`,
        span.name,
      );
    }
    expected = span.end;
  }
  if (expected - dataStart !== dataLength)
    throw new CheckpointError(
      'offsets',
      file,
      `tensors cover ${expected - dataStart} of ${dataLength} data bytes`,
    );
}
