import type { MoeLayerV1, SharedExpertsV1 } from '@anyk/core';
import {
  type ArchitectureLayout,
  architectureLayout,
  expectedMoeShapes,
  type FfnTensorNames,
} from './architectures/index.ts';
import { CheckpointError } from './checkpoint-error.ts';
import { assertFiniteTensor, decodeTensorInto } from './safetensors/decode-tensor.ts';
import { elementCount, openSafetensorsSet, type SafetensorsSet } from './safetensors/open-safetensors-set.ts';
import type { SafetensorsDtype, SafetensorsTensorInfo } from './safetensors/safetensors-header.ts';
import type { CheckpointSource } from './sources/checkpoint-source.ts';

/** One decoder layer as loaded: an MoE block ready for any backend, or a dense MLP (not an anyk layer). */
export type CheckpointLayer =
  | { readonly kind: 'moe'; readonly index: number; readonly layer: MoeLayerV1 }
  | { readonly kind: 'dense'; readonly index: number };

/** A checkpoint whose headers and MoE tensors were validated; tensors are decoded on `loadLayer`. */
export interface Checkpoint {
  /** Where it was read from. */
  readonly source: string;
  /** `config.json` as parsed. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly architecture: ArchitectureLayout;
  /** Safetensors files (one, or the shards sorted by name) and the index file if sharded. */
  readonly files: readonly string[];
  readonly index: string | undefined;
  /** Every tensor of the checkpoint (embeddings and attention included), located, not decoded. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  /** Elements over all tensors. */
  readonly parameterCount: number;
  /** Tensors per stored dtype. */
  readonly dtypeCounts: Readonly<Partial<Record<SafetensorsDtype, number>>>;
  /** Decodes decoder layer `index` (`kind: 'dense'` for dense layers, nothing decoded). */
  loadLayer(index: number): Promise<CheckpointLayer>;
  /** Decodes every layer; resolves only when all succeeded, so nothing is half-loaded. */
  loadLayers(): Promise<readonly CheckpointLayer[]>;
}

/**
 * Opens a Hugging Face MoE checkpoint: parses `config.json`, maps `model_type` to its architecture
 * (`UnsupportedError` if unknown), reads and cross-checks every safetensors header (and the shard index),
 * and checks that every MoE tensor of every MoE layer exists with the right shape, before decoding any
 * weight. Problems are `CheckpointError`s naming the file and tensor.
 */
export async function openCheckpoint(source: CheckpointSource): Promise<Checkpoint> {
  const config = await readConfig(source);
  const architecture = architectureLayout(config);
  const set = await openSafetensorsSet(source);
  for (let layer = 0; layer < architecture.numLayers; layer++) {
    if (architecture.layerKinds[layer] === 'moe') checkMoeTensors(architecture, layer, set);
  }
  let parameterCount = 0;
  const dtypeCounts: Partial<Record<SafetensorsDtype, number>> = {};
  for (const info of set.tensors.values()) {
    parameterCount += elementCount(info);
    dtypeCounts[info.dtype] = (dtypeCounts[info.dtype] ?? 0) + 1;
  }
  const loadLayer = async (index: number): Promise<CheckpointLayer> => {
    const kind = architecture.layerKinds[index];
    if (kind === undefined)
      throw new CheckpointError(
        'config',
        'config.json',
        `has ${architecture.numLayers} layers, no layer ${index}`,
      );
    if (kind === 'dense') return { kind, index };
    return { kind, index, layer: await loadMoeLayer(source, architecture, set, index) };
  };
  return {
    source: source.description,
    config,
    architecture,
    files: set.files,
    index: set.index,
    tensors: set.tensors,
    parameterCount,
    dtypeCounts,
    loadLayer,
    loadLayers: async () => {
      const layers: CheckpointLayer[] = [];
      for (let index = 0; index < architecture.numLayers; index++) layers.push(await loadLayer(index));
      return layers;
    },
  };
}

/** `openCheckpoint` then `loadLayers`: the whole checkpoint's MoE blocks, or an error and nothing. */
export async function loadCheckpoint(
  source: CheckpointSource,
): Promise<{ readonly checkpoint: Checkpoint; readonly layers: readonly CheckpointLayer[] }> {
  const checkpoint = await openCheckpoint(source);
  return { checkpoint, layers: await checkpoint.loadLayers() };
}

async function readConfig(source: CheckpointSource): Promise<Record<string, unknown>> {
  const size = await source.size('config.json');
  if (size === undefined)
    throw new CheckpointError('config', 'config.json', `is not in ${source.description}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await source.read('config.json', 0, size)));
  } catch (error) {
    throw new CheckpointError('config', 'config.json', `is not JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new CheckpointError('config', 'config.json', 'is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** Every tensor MoE layer `layer` reads must exist with its expected shape. */
function checkMoeTensors(architecture: ArchitectureLayout, layer: number, set: SafetensorsSet): void {
  for (const { name, shape } of expectedMoeShapes(architecture, architecture.moeTensors(layer))) {
    const info = set.tensors.get(name);
    if (!info)
      throw new CheckpointError(
        'missing-tensor',
        set.index ?? set.files[0] ?? 'checkpoint',
        `is needed by MoE layer ${layer} but stored in no file`,
        name,
      );
    if (info.shape.length !== shape.length || info.shape.some((extent, axis) => extent !== shape[axis]))
      throw new CheckpointError('shape', info.file, `has shape [${info.shape}], expected [${shape}]`, name);
  }
}

/** Decodes one tensor into `target[offset ..]` (float32), rejecting NaN and infinities. */
async function readTensorInto(
  source: CheckpointSource,
  set: SafetensorsSet,
  name: string,
  target: Float32Array,
  offset: number,
): Promise<void> {
  const info = set.tensors.get(name) as SafetensorsTensorInfo;
  const count = elementCount(info);
  const bytes = await source.read(info.file, info.begin, info.end);
  if (bytes.length !== info.end - info.begin)
    throw new CheckpointError(
      'truncated',
      info.file,
      `read ${bytes.length} of ${info.end - info.begin} bytes`,
      name,
    );
  decodeTensorInto(bytes, info.dtype, target, offset, count);
  assertFiniteTensor(target, offset, count, info.file, name);
}

/** Stacks per-expert `[f, d]` / `[d, f]` tensors into `[E, f, d]` / `[E, d, f]`. */
async function readStacked(
  source: CheckpointSource,
  set: SafetensorsSet,
  experts: readonly FfnTensorNames[],
  which: keyof FfnTensorNames,
  expertSize: number,
): Promise<Float32Array> {
  const stacked = new Float32Array(experts.length * expertSize);
  for (const [expert, names] of experts.entries())
    await readTensorInto(source, set, names[which], stacked, expert * expertSize);
  return stacked;
}

async function readWhole(source: CheckpointSource, set: SafetensorsSet, name: string): Promise<Float32Array> {
  const values = new Float32Array(elementCount(set.tensors.get(name) as SafetensorsTensorInfo));
  await readTensorInto(source, set, name, values, 0);
  return values;
}

/** Decodes MoE layer `index` into a `MoeLayerV1`: router, stacked SwiGLU experts, bias, shared expert. */
async function loadMoeLayer(
  source: CheckpointSource,
  architecture: ArchitectureLayout,
  set: SafetensorsSet,
  index: number,
): Promise<MoeLayerV1> {
  const names = architecture.moeTensors(index);
  const d = architecture.hiddenSize;
  const f = architecture.expertWidth;
  const router = await readWhole(source, set, names.router);
  const wGate = await readStacked(source, set, names.experts, 'gate', f * d);
  const wUp = await readStacked(source, set, names.experts, 'up', f * d);
  const wDown = await readStacked(source, set, names.experts, 'down', d * f);
  const selectionBias =
    names.selectionBias === undefined ? undefined : await readWhole(source, set, names.selectionBias);
  let shared: SharedExpertsV1 | undefined;
  if (names.shared && architecture.sharedExpert) {
    const { f: sharedWidth, gate } = architecture.sharedExpert;
    shared = {
      count: 1,
      f: sharedWidth,
      gate,
      wGate: await readWhole(source, set, names.shared.gate),
      wUp: await readWhole(source, set, names.shared.up),
      wDown: await readWhole(source, set, names.shared.down),
      gateWeight:
        names.shared.gateWeight === undefined
          ? undefined
          : await readWhole(source, set, names.shared.gateWeight),
    };
  }
  return {
    spec: architecture.routerSpec,
    weights: { d, f, expert: { kind: 'swiglu' }, router, wGate, wUp, wDown, shared },
    params: selectionBias ? { selectionBias } : undefined,
  };
}
