/**
 * Loads the shipped `@anyk/train` checkpoint in a browser. `@anyk/train`'s root entry also holds the
 * Node-only trainer and file I/O (`node:fs`, `worker_threads`), so the playground imports only its
 * browser-safe modules (model, router config, safetensors decoder) from their sources, and rebuilds the
 * model from bytes the way `loadCheckpoint` does from files.
 */

import { decodeSafetensors } from '@anyk/checkpoints';
import { CorruptFileError, type FloatArray } from '@anyk/core';
import type { CheckpointConfig } from '#train/checkpoint/checkpoint.ts';
import type { ModelConfig } from '#train/model/model-config.ts';
import { MoeLanguageModel } from '#train/model/moe-language-model.ts';
import { TensorStore } from '#train/model/parameter-store.ts';
import { createLayerRouter } from '#train/routing/layer-router.ts';
import type { RouterConfig } from '#train/routing/router-config.ts';

/** The decoded checkpoint: its config and every tensor by name. */
export interface BrowserCheckpoint {
  readonly config: CheckpointConfig;
  readonly tensors: ReadonlyMap<string, { readonly shape: readonly number[]; readonly data: FloatArray }>;
}

/** Fetches `url`, calling `onProgress(loadedBytes, totalBytes)` as chunks arrive (total 0 when unknown). */
export async function fetchWithProgress(
  url: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new CorruptFileError(url, `HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Decodes the checkpoint's JSON config and safetensors bytes. */
export function decodeCheckpoint(
  configText: string,
  tensorBytes: Uint8Array,
  name: string,
): BrowserCheckpoint {
  const config = JSON.parse(configText) as CheckpointConfig;
  if (config?.format !== 'anyk-train-checkpoint' || config.version !== 1)
    throw new CorruptFileError(`${name}.json`, 'not an anyk-train-checkpoint version 1 config');
  return { config, tensors: decodeSafetensors(tensorBytes, `${name}.safetensors`).tensors };
}

/**
 * The model of the checkpoint with `router` as its routing rule. With the trained rule this is exactly
 * the trained model; another rule whose router has the same shape (top-k, top-p with another p) reuses
 * the trained router weights with a different selection, which the playground labels as such.
 */
export function modelWithRouter(checkpoint: BrowserCheckpoint, router: RouterConfig): MoeLanguageModel {
  const modelConfig: ModelConfig = { ...checkpoint.config.model, router };
  const layerRouter = createLayerRouter(router, modelConfig.numExperts);
  const take = (name: string, shape: readonly number[]): FloatArray => {
    const entry = checkpoint.tensors.get(name);
    if (!entry) throw new CorruptFileError('checkpoint', `tensor "${name}" is missing`);
    if (entry.shape.join(',') !== shape.join(','))
      throw new CorruptFileError(
        'checkpoint',
        `tensor "${name}" has shape [${entry.shape}], expected [${shape}]`,
      );
    return entry.data;
  };
  const parameters = new TensorStore();
  for (const [name, shape] of MoeLanguageModel.parameterShapes(modelConfig, layerRouter))
    parameters.add(name, shape, take(`param.${name}`, shape));
  const state = new TensorStore();
  for (const [name, shape] of MoeLanguageModel.stateShapes(modelConfig, layerRouter))
    state.add(name, shape, take(`state.${name}`, shape));
  return new MoeLanguageModel(modelConfig, parameters, state);
}
