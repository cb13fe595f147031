import { readFileSync } from 'node:fs';
import { applyRouterConfig, parseRouterConfig, type RouterConfigV1 } from '@anyk/checkpoints';
import type { KernelBackendV1, MoeLayerV1, MoeLayerWeightsV1 } from '@anyk/core';
import { loadCheckpoint, shippedCheckpointPath } from '@anyk/train';
import { type CheckpointCapture, captureCheckpoint } from '../demo/checkpoint-workload.ts';

/**
 * A backend whose `forward` runs the layer registered for the given weights object instead of the one it
 * is handed. The anyk model calls `backend.forward(model.moeLayer(l))` with a stable weights object per
 * layer, so this swaps a layer's router without touching the model.
 */
export function swapLayers(
  backend: KernelBackendV1,
  byWeights: ReadonlyMap<MoeLayerWeightsV1, MoeLayerV1>,
): KernelBackendV1 {
  return new Proxy(backend, {
    get(target, property) {
      if (property === 'forward')
        return (layer: MoeLayerV1, ...rest: unknown[]) =>
          (target.forward as (...args: unknown[]) => unknown)(byWeights.get(layer.weights) ?? layer, ...rest);
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Reads and validates a router config JSON file (`anyk calibrate --router-config`). */
export function readRouterConfig(path: string): RouterConfigV1 {
  return parseRouterConfig(JSON.parse(readFileSync(path, 'utf8')), path);
}

/**
 * `captureCheckpoint` with the MoE layers named by a router config running the config's router (the rest
 * keep the trained one): what `anyk demo --checkpoint c --router-config r` runs.
 */
export async function captureWithRouterConfig(
  backend: KernelBackendV1,
  passage: Uint8Array,
  checkpointPath: string = shippedCheckpointPath,
  routerConfig?: RouterConfigV1,
): Promise<CheckpointCapture> {
  const loaded = loadCheckpoint(checkpointPath);
  if (!routerConfig) return captureCheckpoint(backend, passage, checkpointPath, loaded);
  const byWeights = new Map(
    loaded.model
      .weights()
      .map((weights, index) => [
        weights,
        applyRouterConfig(routerConfig, index, loaded.model.moeLayer(index, 'infer')),
      ]),
  );
  return captureCheckpoint(swapLayers(backend, byWeights), passage, checkpointPath, loaded);
}
