import { CheckpointError } from '../checkpoint-error.ts';
import type { CheckpointSource } from '../sources/checkpoint-source.ts';
import {
  parseSafetensorsHeader,
  readHeaderLength,
  type SafetensorsDtype,
  type SafetensorsTensorInfo,
  safetensorsItemBytes,
} from './safetensors-header.ts';

/** The Hub's names for a single-file and a sharded checkpoint. */
export const singleFileName = 'model.safetensors';
export const indexFileName = 'model.safetensors.index.json';

/** Every tensor of a checkpoint (one file or several shards), located but not decoded. */
export interface SafetensorsSet {
  /** The safetensors files, sorted by name (shard order). */
  readonly files: readonly string[];
  /** The index file, when the checkpoint is sharded. */
  readonly index: string | undefined;
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
}

/**
 * Reads and cross-checks every header of a checkpoint before any tensor is decoded: `model.safetensors`,
 * or the shards named by `model.safetensors.index.json` (every shard present, every `weight_map` entry in
 * the shard it names and vice versa, `metadata.total_size` equal to the tensors' bytes, no name in two
 * shards). Reads only the headers (a few KB per file).
 */
export async function openSafetensorsSet(
  source: CheckpointSource,
  dtypes: readonly SafetensorsDtype[] = ['F32', 'F16', 'BF16'],
): Promise<SafetensorsSet> {
  const indexSize = await source.size(indexFileName);
  if (indexSize === undefined) {
    if ((await source.size(singleFileName)) === undefined)
      throw new CheckpointError(
        'missing-shard',
        source.description,
        `neither ${singleFileName} nor ${indexFileName} is there`,
      );
    const header = await readHeader(source, singleFileName, dtypes);
    return { files: [singleFileName], index: undefined, tensors: header };
  }
  const weightMap = await readIndex(source, indexSize);
  const files = [...new Set(weightMap.map.values())].sort();
  for (const file of files) {
    if ((await source.size(file)) === undefined)
      throw new CheckpointError(
        'missing-shard',
        indexFileName,
        `names shard "${file}", which is not in ${source.description}`,
      );
  }
  const tensors = new Map<string, SafetensorsTensorInfo>();
  for (const file of files) {
    for (const [name, info] of await readHeader(source, file, dtypes)) {
      const listed = weightMap.map.get(name);
      if (listed !== file)
        throw new CheckpointError(
          'index',
          indexFileName,
          listed === undefined
            ? `is missing from weight_map but stored in "${file}"`
            : `is mapped to "${listed}" but stored in "${file}"`,
          name,
        );
      tensors.set(name, info);
    }
  }
  for (const [name, file] of weightMap.map)
    if (!tensors.has(name))
      throw new CheckpointError(
        'missing-tensor',
        file,
        `is listed in ${indexFileName} but not stored in "${file}"`,
        name,
      );
  if (weightMap.totalSize !== undefined) {
    let bytes = 0;
    for (const info of tensors.values()) bytes += info.end - info.begin;
    if (bytes !== weightMap.totalSize)
      throw new CheckpointError(
        'index',
        indexFileName,
        `metadata.total_size is ${weightMap.totalSize}, the tensors hold ${bytes} bytes`,
      );
  }
  return { files, index: indexFileName, tensors };
}

/** `model.safetensors.index.json`: `{"metadata": {"total_size": n}, "weight_map": {name: file}}`. */
async function readIndex(
  source: CheckpointSource,
  size: number,
): Promise<{ map: Map<string, string>; totalSize: number | undefined }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await source.read(indexFileName, 0, size)));
  } catch (error) {
    throw new CheckpointError('index', indexFileName, `is not JSON (${(error as Error).message})`);
  }
  const weightMap = (parsed as { weight_map?: unknown } | null)?.weight_map;
  if (weightMap === null || typeof weightMap !== 'object' || Array.isArray(weightMap))
    throw new CheckpointError('index', indexFileName, 'has no "weight_map" object');
  const map = new Map<string, string>();
  for (const [name, file] of Object.entries(weightMap as Record<string, unknown>)) {
    if (typeof file !== 'string' || file.includes('/') || file.includes('\\'))
      throw new CheckpointError(
        'index',
        indexFileName,
        `maps to ${JSON.stringify(file)}, not a file name`,
        name,
      );
    map.set(name, file);
  }
  const totalSize = (parsed as { metadata?: { total_size?: unknown } }).metadata?.total_size;
  return { map, totalSize: typeof totalSize === 'number' ? totalSize : undefined };
}

/** One file's header: the 8-byte length, then the JSON, validated against the file's size. */
async function readHeader(
  source: CheckpointSource,
  file: string,
  dtypes: readonly SafetensorsDtype[],
): Promise<ReadonlyMap<string, SafetensorsTensorInfo>> {
  const size = (await source.size(file)) as number;
  const length = readHeaderLength(await source.read(file, 0, Math.min(8, size)), size, file);
  return parseSafetensorsHeader(await source.read(file, 8, 8 + length), size, file, dtypes).tensors;
}

/** Number of elements of a located tensor. */
export function elementCount(info: SafetensorsTensorInfo): number {
  return (info.end - info.begin) / safetensorsItemBytes[info.dtype];
}
