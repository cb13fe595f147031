import {
  type ExpertTensorV1,
  type FloatArray,
  type HalfTensorV1,
  InvalidArgumentError,
  type MoeLayerV1,
  type SharedExpertsV1,
} from '@anyk/core';
import {
  type ArchitectureLayout,
  architectureLayout,
  expectedMoeShapes,
  type FfnTensorNames,
} from './architectures/index.ts';
import { CheckpointError } from './checkpoint-error.ts';
import {
  assertFiniteHalfBits,
  assertFiniteTensor,
  decodeTensorInto,
  halfBitsOf,
} from './safetensors/decode-tensor.ts';
import { elementCount, openSafetensorsSet, type SafetensorsSet } from './safetensors/open-safetensors-set.ts';
import type { SafetensorsDtype, SafetensorsTensorInfo } from './safetensors/safetensors-header.ts';
import type { CheckpointSource } from './sources/checkpoint-source.ts';

/**
 * How `openCheckpoint` / `loadCheckpoint` decode the expert tensors.
 * - `weights: 'float32'` (default): every tensor is decoded to float32.
 * - `weights: 'keep'`: expert tensors (routed and shared `gate` / `up` / `down`) stored as BF16 or F16 stay
 *   16-bit (`HalfTensorV1`, the stored bits): a backend that keeps 16-bit weights (the node backend) holds
 *   half the bytes and a decode step reads half; every other backend widens them exactly, so results do
 *   not change. F32 expert tensors, a stack whose experts differ in dtype, the router, the selection bias
 *   and the shared expert's gate row are float32 as before.
 */
export interface CheckpointOptions {
  readonly weights?: 'float32' | 'keep' | undefined;
}

/**
 * The expert tensor type a `CheckpointOptions` yields: float arrays without options or with
 * `weights: 'float32'`; 16-bit ones too with `'keep'`, or when the option is not known at compile time.
 * (Not distributive: an options type that may be either yields one type, not a union.)
 */
export type CheckpointWeights<O extends CheckpointOptions | undefined> = [O] extends [
  { readonly weights: 'keep' },
]
  ? ExpertTensorV1
  : [O] extends [{ readonly weights?: 'float32' | undefined } | undefined]
    ? FloatArray
    : ExpertTensorV1;

/** One decoder layer as loaded: an MoE block ready for any backend, or a dense MLP (not an anyk layer). */
export type CheckpointLayer<W extends ExpertTensorV1 = FloatArray> =
  | { readonly kind: 'moe'; readonly index: number; readonly layer: MoeLayerV1<W> }
  | { readonly kind: 'dense'; readonly index: number };

/** A checkpoint whose headers and MoE tensors were validated; tensors are decoded on `loadLayer`. */
export interface Checkpoint<W extends ExpertTensorV1 = FloatArray> {
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
  loadLayer(index: number): Promise<CheckpointLayer<W>>;
  /** Decodes every layer; resolves only when all succeeded, so nothing is half-loaded. */
  loadLayers(): Promise<readonly CheckpointLayer<W>[]>;
}

/**
 * Opens a Hugging Face MoE checkpoint: parses `config.json`, maps `model_type` to its architecture
 * (`UnsupportedError` if unknown), reads and cross-checks every safetensors header (and the shard index),
 * and checks that every MoE tensor of every MoE layer exists with the right shape, before decoding any
 * weight. Problems are `CheckpointError`s naming the file and tensor. `options.weights: 'keep'` keeps
 * BF16 / F16 expert tensors as 16 bits (`CheckpointOptions`).
 */
export async function openCheckpoint<O extends CheckpointOptions | undefined = undefined>(
  source: CheckpointSource,
  options?: O,
): Promise<Checkpoint<CheckpointWeights<O>>> {
  const weightsOption = options?.weights ?? 'float32';
  if (weightsOption !== 'float32' && weightsOption !== 'keep')
    throw new InvalidArgumentError('weights', '"float32" or "keep"', weightsOption, 'openCheckpoint');
  const keep = weightsOption === 'keep';
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
  type W = CheckpointWeights<O>;
  const loadLayer = async (index: number): Promise<CheckpointLayer<W>> => {
    const kind = architecture.layerKinds[index];
    if (kind === undefined)
      throw new InvalidArgumentError(
        'index',
        `a layer index in [0, ${architecture.numLayers})`,
        index,
        'loadLayer',
      );
    if (kind === 'dense') return { kind, index };
    const layer = (await loadMoeLayer(source, architecture, set, index, keep)) as MoeLayerV1<W>;
    return { kind, index, layer };
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
      const layers: CheckpointLayer<W>[] = [];
      for (let index = 0; index < architecture.numLayers; index++) layers.push(await loadLayer(index));
      return layers;
    },
  };
}

/** `openCheckpoint` then `loadLayers`: the whole checkpoint's MoE blocks, or an error and nothing. */
export async function loadCheckpoint<O extends CheckpointOptions | undefined = undefined>(
  source: CheckpointSource,
  options?: O,
): Promise<{
  readonly checkpoint: Checkpoint<CheckpointWeights<O>>;
  readonly layers: readonly CheckpointLayer<CheckpointWeights<O>>[];
}> {
  const checkpoint = await openCheckpoint(source, options);
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

/** One tensor's stored bytes, all of them (`truncated` otherwise). */
async function readTensorBytes(source: CheckpointSource, name: string, info: SafetensorsTensorInfo) {
  const bytes = await source.read(info.file, info.begin, info.end);
  if (bytes.length !== info.end - info.begin)
    throw new CheckpointError(
      'truncated',
      info.file,
      `read ${bytes.length} of ${info.end - info.begin} bytes`,
      name,
    );
  return bytes;
}

/**
 * Decodes one tensor into `target[offset ..]`: float32 values, or (a `Uint16Array` target, the tensor
 * stored as BF16 / F16) its 16-bit patterns as stored; NaN and infinities rejected either way.
 */
async function readTensorInto(
  source: CheckpointSource,
  set: SafetensorsSet,
  name: string,
  target: Float32Array | Uint16Array,
  offset: number,
): Promise<void> {
  const info = set.tensors.get(name) as SafetensorsTensorInfo;
  const count = elementCount(info);
  const bytes = await readTensorBytes(source, name, info);
  if (target instanceof Uint16Array) {
    target.set(halfBitsOf(bytes, count), offset);
    assertFiniteHalfBits(target, offset, count, info.dtype as 'BF16' | 'F16', info.file, name);
    return;
  }
  decodeTensorInto(bytes, info.dtype, target, offset, count);
  assertFiniteTensor(target, offset, count, info.file, name);
}

/** The 16-bit dtype all of `names` are stored in, when they share one (`weights: 'keep'` keeps them). */
function sharedHalfDtype(set: SafetensorsSet, names: readonly string[]): HalfTensorV1['dtype'] | undefined {
  const dtypes = new Set(names.map((name) => set.tensors.get(name)?.dtype));
  if (dtypes.size !== 1) return undefined;
  const [dtype] = dtypes;
  return dtype === 'BF16' ? 'bf16' : dtype === 'F16' ? 'f16' : undefined;
}

/**
 * Stacks per-expert `[f, d]` / `[d, f]` tensors into `[E, f, d]` / `[E, d, f]`: float32, or with `keep`
 * and every expert stored in one 16-bit dtype, that dtype's bits.
 */
async function readStacked(
  source: CheckpointSource,
  set: SafetensorsSet,
  experts: readonly FfnTensorNames[],
  which: keyof FfnTensorNames,
  expertSize: number,
  keep: boolean,
): Promise<ExpertTensorV1> {
  const names = experts.map((entry) => entry[which]);
  const half = keep ? sharedHalfDtype(set, names) : undefined;
  const length = experts.length * expertSize;
  const stacked = half ? new Uint16Array(length) : new Float32Array(length);
  for (const [expert, name] of names.entries())
    await readTensorInto(source, set, name, stacked, expert * expertSize);
  return half ? { dtype: half, bits: stacked as Uint16Array } : (stacked as Float32Array);
}

/** One expert tensor: float32, or with `keep` and a BF16 / F16 tensor, its bits. */
async function readExpertTensor(
  source: CheckpointSource,
  set: SafetensorsSet,
  name: string,
  keep: boolean,
): Promise<ExpertTensorV1> {
  const half = keep ? sharedHalfDtype(set, [name]) : undefined;
  if (!half) return readWhole(source, set, name);
  const bits = new Uint16Array(elementCount(set.tensors.get(name) as SafetensorsTensorInfo));
  await readTensorInto(source, set, name, bits, 0);
  return { dtype: half, bits };
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
  keep: boolean,
): Promise<MoeLayerV1<ExpertTensorV1>> {
  const names = architecture.moeTensors(index);
  const d = architecture.hiddenSize;
  const f = architecture.expertWidth;
  const router = await readWhole(source, set, names.router);
  const wGate = await readStacked(source, set, names.experts, 'gate', f * d, keep);
  const wUp = await readStacked(source, set, names.experts, 'up', f * d, keep);
  const wDown = await readStacked(source, set, names.experts, 'down', d * f, keep);
  const selectionBias =
    names.selectionBias === undefined ? undefined : await readWhole(source, set, names.selectionBias);
  let shared: SharedExpertsV1<ExpertTensorV1> | undefined;
  if (names.shared && architecture.sharedExpert) {
    const { f: sharedWidth, gate } = architecture.sharedExpert;
    shared = {
      count: 1,
      f: sharedWidth,
      gate,
      wGate: await readExpertTensor(source, set, names.shared.gate, keep),
      wUp: await readExpertTensor(source, set, names.shared.up, keep),
      wDown: await readExpertTensor(source, set, names.shared.down, keep),
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
