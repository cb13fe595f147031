import { readFileSync } from 'node:fs';
import { applyRouterConfig, decodeSafetensors, type RouterConfigV1 } from '@anyk/checkpoints';
import {
  type FloatArray,
  InvalidArgumentError,
  type KernelBackendV1,
  type MoeLayerV1,
  type MoeLayerWeightsV1,
  ShapeError,
} from '@anyk/core';
import { topK } from '@anyk/routers/top-k';
import { type AnyCheckpoint, moeLayersOf } from '../checkpoints/open-any-checkpoint.ts';
import { swapLayers } from '../checkpoints/swap-layers.ts';
import { captureCheckpoint, validationPassage } from '../demo/checkpoint-workload.ts';
import {
  type CalibratedLayer,
  type CalibrationLayerInput,
  type CalibrationTiming,
  calibrateLayers,
} from './calibrate-layers.ts';
import { type CalibratedFamily, dynamicLayer } from './dynamic-router.ts';

/** What `anyk calibrate` measured. */
export interface CalibrationReport {
  readonly checkpoint: string;
  readonly format: AnyCheckpoint['format'];
  readonly backend: string;
  readonly targetK: number;
  /** Hidden-state tokens per layer. */
  readonly tokens: number;
  /** The native top-k router the families are compared with (anyk checkpoints: top-k on their router rows). */
  readonly nativeK: number;
  readonly layers: readonly CalibratedLayer[];
  /** Mean over layers of the per-layer mean k: native and per family. */
  readonly meanK: Readonly<Record<string, number>>;
  /**
   * anyk training checkpoints only: mean next-byte loss (nats) on the passage with the trained router,
   * the native top-k router and each calibrated family (every MoE layer replaced at once).
   */
  readonly loss?: Readonly<Record<string, number>> | undefined;
}

export interface CalibrateOptions {
  readonly backend: KernelBackendV1;
  readonly backendName: string;
  readonly families: readonly CalibratedFamily[];
  /** Target mean experts per token; default the native k. */
  readonly targetK?: number | undefined;
  /** Hugging Face checkpoints: a safetensors file of hidden states (see {@link readHiddenStates}). */
  readonly hiddenStates?: string | undefined;
  /** anyk checkpoints: validation bytes captured (default 2048) and the native top-k's k (default 2). */
  readonly tokens?: number | undefined;
  readonly nativeK?: number | undefined;
  readonly timing: CalibrationTiming;
}

/**
 * Fits each family per MoE layer to a target mean k on the checkpoint's hidden states and measures it
 * against the native top-k router; returns the report and, per family, a router config for the library
 * (`applyRouterConfig`) and `anyk demo --router-config`.
 */
export async function calibrateCheckpoint(
  opened: AnyCheckpoint,
  options: CalibrateOptions,
): Promise<{ report: CalibrationReport; routerConfigs: Record<string, RouterConfigV1> }> {
  const prepared = await prepareLayers(opened, options);
  const targetK = options.targetK ?? prepared.nativeK;
  const layers = await calibrateLayers(
    options.backend,
    prepared.layers,
    options.families,
    targetK,
    options.timing,
  );
  const meanK: Record<string, number> = { native: average(layers.map((layer) => layer.nativeMeanK)) };
  for (const family of options.families) {
    const fitted = layers.flatMap((layer) =>
      layer.families.flatMap((entry) => (entry.family === family && 'meanK' in entry ? [entry.meanK] : [])),
    );
    if (fitted.length > 0) meanK[family] = average(fitted);
  }
  const routerConfigs: Record<string, RouterConfigV1> = {};
  for (const family of options.families) {
    const entries = layers.flatMap((layer) => {
      const fit = layer.families.find((entry) => entry.family === family);
      const input = prepared.layers.find((candidate) => candidate.index === layer.index);
      if (!fit || !('parameter' in fit) || !input) return [];
      const dynamic = dynamicLayer(input.native, family, fit.parameter);
      const thresholds = family === 'threshold' ? Array.from(dynamic.params?.thresholds ?? []) : undefined;
      return [{ layer: layer.index, spec: dynamic.spec, ...(thresholds ? { thresholds } : {}) }];
    });
    if (entries.length > 0)
      routerConfigs[family] = {
        format: 'anyk-router-config/1',
        family,
        fittedFor: { checkpoint: opened.path, targetK, tokens: prepared.tokens },
        layers: entries,
      };
  }
  const report: CalibrationReport = {
    checkpoint: opened.path,
    format: opened.format,
    backend: options.backendName,
    targetK,
    tokens: prepared.tokens,
    nativeK: prepared.nativeK,
    layers,
    meanK,
    loss:
      opened.format === 'anyk-train' ? await lossesOf(opened, prepared, routerConfigs, options) : undefined,
  };
  return { report, routerConfigs };
}

interface PreparedLayers {
  readonly layers: CalibrationLayerInput[];
  readonly tokens: number;
  readonly nativeK: number;
  /** anyk checkpoints: the passage the hidden states come from. */
  readonly passage?: Uint8Array | undefined;
}

/** Native layers and their hidden states: captured by the model (anyk) or read from a file (HF). */
async function prepareLayers(opened: AnyCheckpoint, options: CalibrateOptions): Promise<PreparedLayers> {
  if (opened.format === 'anyk-train') {
    const nativeK = options.nativeK ?? 2;
    const passage = validationPassage(options.tokens ?? 2048);
    const capture = await captureCheckpoint(options.backend, passage, opened.path, opened.loaded);
    const tokens = passage.length - 1;
    const layers = capture.layers.map((layer, index) => ({
      index,
      native: nativeTopK(layer, nativeK),
      tokens,
      x: capture.moeInputs[index] as FloatArray,
    }));
    return { layers, tokens, nativeK, passage };
  }
  if (options.hiddenStates === undefined)
    throw new InvalidArgumentError(
      '--hidden-states',
      'a safetensors file of hidden states for a Hugging Face checkpoint',
      undefined,
      'anyk calibrate',
    );
  const moeLayers = await moeLayersOf(opened);
  const states = readHiddenStates(options.hiddenStates, opened.checkpoint.architecture.hiddenSize);
  const layers = moeLayers.map(({ index, layer }) => {
    const x = states.get(`layers.${index}`) ?? states.get('hidden_states');
    if (!x)
      throw new InvalidArgumentError(
        '--hidden-states',
        `a tensor "layers.${index}" or "hidden_states" [T, d]`,
        [...states.keys()].join(', '),
        'anyk calibrate',
      );
    return { index, native: layer, tokens: x.length / layer.weights.d, x };
  });
  return { layers, tokens: layers[0]?.tokens ?? 0, nativeK: opened.checkpoint.architecture.k };
}

/**
 * Hidden states for an HF checkpoint: a safetensors file with `layers.{L}` `[T, d]` per MoE layer L (the
 * input of its MoE block, after the post-attention norm), or one `hidden_states` `[T, d]` for every layer.
 */
export function readHiddenStates(path: string, d: number): Map<string, FloatArray> {
  const { tensors } = decodeSafetensors(readFileSync(path), path);
  const states = new Map<string, FloatArray>();
  for (const [name, tensor] of tensors) {
    if (tensor.shape.length !== 2 || tensor.shape[1] !== d)
      throw new ShapeError(`${path}: ${name}`, ['T', d].join(', '), [...tensor.shape]);
    states.set(name, tensor.data);
  }
  return states;
}

/** The layer's experts and router rows under a plain top-k softmax router (the anyk model's baseline). */
function nativeTopK(layer: MoeLayerV1, k: number): MoeLayerV1 {
  return { ...layer, spec: topK({ numExperts: layer.spec.numExperts, k }).spec(), params: undefined };
}

/**
 * Mean next-byte loss of the anyk model on the passage with each router in every MoE layer: the model calls
 * `backend.forward(model.moeLayer(l))`, and a wrapping backend swaps in the router for that layer's weights.
 */
async function lossesOf(
  opened: Extract<AnyCheckpoint, { format: 'anyk-train' }>,
  prepared: PreparedLayers,
  routerConfigs: Record<string, RouterConfigV1>,
  options: CalibrateOptions,
): Promise<Record<string, number>> {
  const passage = prepared.passage as Uint8Array;
  const losses: Record<string, number> = {
    trained: (await captureCheckpoint(options.backend, passage, opened.path, opened.loaded)).meanLoss,
  };
  const weights = opened.loaded.model.weights();
  const replace = async (name: string, layerFor: (index: number) => MoeLayerV1) => {
    const byWeights = new Map<MoeLayerWeightsV1, MoeLayerV1>(
      weights.map((layerWeights, index) => [layerWeights, layerFor(index)]),
    );
    const swapped = swapLayers(options.backend, byWeights);
    losses[name] = (await captureCheckpoint(swapped, passage, opened.path, opened.loaded)).meanLoss;
  };
  await replace('native', (index) => (prepared.layers[index] as CalibrationLayerInput).native);
  for (const [family, config] of Object.entries(routerConfigs)) {
    await replace(family, (index) =>
      applyRouterConfig(config, index, (prepared.layers[index] as CalibrationLayerInput).native),
    );
  }
  return losses;
}

function average(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
