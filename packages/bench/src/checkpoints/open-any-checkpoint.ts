import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Checkpoint } from '@anyk/checkpoints';
import { parseSafetensorsHeader, readHeaderLength } from '@anyk/checkpoints/internal';
import { openCheckpointFromPath } from '@anyk/checkpoints/node';
import { InvalidArgumentError, type MoeLayerV1 } from '@anyk/core';
import { checkpointPaths, type LoadedCheckpoint, loadCheckpoint, shippedCheckpointPath } from '@anyk/train';

/** A checkpoint the CLI can inspect and calibrate: a Hugging Face folder, or an anyk training checkpoint. */
export type AnyCheckpoint =
  | { readonly format: 'huggingface'; readonly path: string; readonly checkpoint: Checkpoint }
  | {
      readonly format: 'anyk-train';
      readonly path: string;
      /** The decoded model and its training configuration. */
      readonly loaded: LoadedCheckpoint;
      /** Tensors per stored dtype and the element count of the model's parameters (`param.*`). */
      readonly dtypeCounts: Readonly<Record<string, number>>;
      readonly parameterCount: number;
    };

/**
 * Opens `path`: `shipped` (the KJV model shipped with `@anyk/train`), a `.safetensors`/`.json` anyk training
 * checkpoint, or a folder holding `config.json` (a Hugging Face checkpoint, opened lazily).
 */
export async function openAnyCheckpoint(path: string, context: string): Promise<AnyCheckpoint> {
  const resolved = path === 'shipped' ? shippedCheckpointPath : path;
  if (existsSync(resolved) && statSync(resolved).isDirectory()) {
    if (!existsSync(join(resolved, 'config.json')))
      throw new InvalidArgumentError('checkpoint', 'a folder with config.json (Hugging Face)', path, context);
    return { format: 'huggingface', path: resolved, checkpoint: await openCheckpointFromPath(resolved) };
  }
  const { tensors } = checkpointPaths(resolved);
  if (!existsSync(tensors))
    throw new InvalidArgumentError(
      'checkpoint',
      'a Hugging Face folder, an anyk .safetensors checkpoint, or "shipped"',
      path,
      context,
    );
  const loaded = loadCheckpoint(tensors);
  const bytes = readFileSync(tensors);
  const header = parseSafetensorsHeader(
    bytes.subarray(8, 8 + readHeaderLength(bytes.subarray(0, 8), bytes.length, tensors)),
    bytes.length,
    tensors,
    ['F64', 'F32', 'BF16', 'F16'],
  );
  const dtypeCounts: Record<string, number> = {};
  let parameterCount = 0;
  for (const info of header.tensors.values()) {
    dtypeCounts[info.dtype] = (dtypeCounts[info.dtype] ?? 0) + 1;
    if (info.name.startsWith('param.'))
      parameterCount += info.shape.reduce((product, extent) => product * extent, 1);
  }
  return { format: 'anyk-train', path: tensors, loaded, dtypeCounts, parameterCount };
}

/** The MoE layers of an opened checkpoint with their decoder-layer index (HF dense layers are skipped). */
export async function moeLayersOf(opened: AnyCheckpoint): Promise<{ index: number; layer: MoeLayerV1 }[]> {
  if (opened.format === 'anyk-train')
    return Array.from({ length: opened.loaded.model.config.layers }, (_, index) => ({
      index,
      layer: opened.loaded.model.moeLayer(index, 'infer'),
    }));
  const layers: { index: number; layer: MoeLayerV1 }[] = [];
  for (const loaded of await opened.checkpoint.loadLayers())
    if (loaded.kind === 'moe') layers.push({ index: loaded.index, layer: loaded.layer });
  return layers;
}
