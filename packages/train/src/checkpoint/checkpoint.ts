import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { decodeSafetensors, encodeSafetensors, type SafetensorsEntry } from '@anyk/checkpoints';
import { CorruptFileError, type FloatArray, InvalidArgumentError, type KernelBackendV1 } from '@anyk/core';
import type { ByteCorpus } from '../data/byte-corpus.ts';
import { type ModelConfig, validateModelConfig } from '../model/model-config.ts';
import { MoeLanguageModel } from '../model/moe-language-model.ts';
import { TensorStore } from '../model/parameter-store.ts';
import { createLayerRouter, type LayerRouter } from '../routing/layer-router.ts';
import { Trainer, type TrainerState } from '../trainer/trainer.ts';
import { type TrainingConfig, validateTrainingConfig } from '../trainer/training-config.ts';

/**
 * The checkpoint format version this package writes. Version 2 added the families of issue 19 and their
 * controller state in `state` (BlockFFN's chunk schedule, Ada-K's PPO sampler); version 1 checkpoints
 * (the six families before it) still load.
 */
export const checkpointVersion = 2;

/** The families a version 1 checkpoint could hold. */
const versionOneFamilies: readonly string[] = [
  'top-k',
  'top-p',
  'remoe',
  'dynmoe',
  'moe-plus-plus',
  'deepseek-v3',
];

/** The JSON written beside the safetensors file. */
export interface CheckpointConfig {
  readonly format: 'anyk-train-checkpoint';
  readonly version: 1 | 2;
  readonly model: ModelConfig;
  readonly training: TrainingConfig;
  readonly state: TrainerState;
  /** Whether the safetensors file holds AdamW moments (needed to resume, not to run the model). */
  readonly optimizer: boolean;
  /**
   * SHA-256 (hex) of the safetensors file this config was written with (version 2): a config paired with
   * another run's or a half-written tensors file is a `CorruptFileError`, not a silently wrong resume.
   */
  readonly tensorsSha256?: string | undefined;
  /** Free-form results (validation loss, experts per token) for documentation. */
  readonly results?: Readonly<Record<string, unknown>> | undefined;
}

/** A loaded checkpoint: the model, and what a resumed run needs. */
export interface LoadedCheckpoint {
  readonly config: CheckpointConfig;
  readonly model: MoeLanguageModel;
  readonly firstMoment?: TensorStore | undefined;
  readonly secondMoment?: TensorStore | undefined;
}

/** `base.safetensors` and `base.json` from a path given with either extension or none. */
export function checkpointPaths(path: string): { tensors: string; config: string } {
  const base = path.replace(/\.(safetensors|json)$/, '');
  return { tensors: `${base}.safetensors`, config: `${base}.json` };
}

/**
 * Writes a trainer's checkpoint: `param.*` (model dtype), `state.*` (router state, F64) and, with
 * `optimizer`, `adam.m.*` / `adam.v.*` (F64) in safetensors, plus the JSON config (model, training, step,
 * PRNG and controller state). Returns the two paths.
 */
export function saveCheckpoint(
  trainer: Trainer,
  path: string,
  options: { readonly optimizer?: boolean; readonly results?: Record<string, unknown> } = {},
): { tensors: string; config: string } {
  const optimizer = options.optimizer ?? true;
  const entries: SafetensorsEntry[] = [];
  const push = (prefix: string, store: TensorStore): void => {
    for (const tensor of store.entries()) entries.push({ ...tensor, name: `${prefix}${tensor.name}` });
  };
  push('param.', trainer.model.parameters);
  push('state.', trainer.model.state);
  if (optimizer) {
    push('adam.m.', trainer.firstMoment);
    push('adam.v.', trainer.secondMoment);
  }
  const tensors = encodeSafetensors(entries, { format: 'anyk-train-checkpoint' });
  const config: CheckpointConfig = {
    format: 'anyk-train-checkpoint',
    version: checkpointVersion,
    model: trainer.model.config,
    training: trainer.training,
    state: trainer.snapshot(),
    optimizer,
    tensorsSha256: sha256(tensors),
    ...(options.results ? { results: options.results } : {}),
  };
  const paths = checkpointPaths(path);
  // Each file is written beside its place and renamed over it, so a run killed mid-write leaves whole
  // files; the hash pairs them.
  writeWhole(paths.tensors, tensors);
  writeWhole(paths.config, `${JSON.stringify(config, null, 2)}\n`);
  return paths;
}

/**
 * Loads a checkpoint written by {@link saveCheckpoint}. The safetensors header is validated, and every
 * tensor the config's model needs must be present with its exact shape and dtype; anything else is a
 * `CorruptFileError` naming the file.
 */
export function loadCheckpoint(path: string): LoadedCheckpoint {
  const paths = checkpointPaths(path);
  let config: CheckpointConfig;
  const configText = readCheckpointFile(paths.config, path).toString('utf8');
  try {
    config = JSON.parse(configText) as CheckpointConfig;
  } catch (error) {
    throw new CorruptFileError(paths.config, `not valid JSON (${(error as Error).message})`);
  }
  if (config === null || typeof config !== 'object' || config.format !== 'anyk-train-checkpoint')
    throw new CorruptFileError(paths.config, 'not an anyk-train-checkpoint config');
  let router: LayerRouter;
  if (config.version !== 1 && config.version !== checkpointVersion)
    throw new CorruptFileError(
      paths.config,
      `format version ${JSON.stringify(config.version)}; this @anyk/train reads versions 1 and ${checkpointVersion}`,
    );
  try {
    validateModelConfig(config.model);
    validateTrainingConfig(config.training);
    if (config.version === 1 && !versionOneFamilies.includes(config.model.router.family))
      throw new Error(`version 1 predates the ${config.model.router.family} family`);
    validateTrainerState(config.state, config.model.router.family);
    router = createLayerRouter(config.model.router, config.model.numExperts);
  } catch (error) {
    throw new CorruptFileError(paths.config, (error as Error).message);
  }
  const tensorBytes = readCheckpointFile(paths.tensors, path);
  if (config.version >= 2 && config.tensorsSha256 !== sha256(tensorBytes))
    throw new CorruptFileError(
      paths.tensors,
      `does not match ${paths.config} (SHA-256 differs: another run's file, or a half-written one)`,
    );
  const { tensors } = decodeSafetensors(tensorBytes, paths.tensors);
  const take = (name: string, shape: readonly number[], dtype: 'float32' | 'float64'): FloatArray => {
    const entry = tensors.get(name);
    if (!entry) throw new CorruptFileError(paths.tensors, `tensor "${name}" is missing`);
    if (entry.shape.length !== shape.length || entry.shape.some((extent, axis) => extent !== shape[axis]))
      throw new CorruptFileError(
        paths.tensors,
        `tensor "${name}" has shape [${entry.shape}], expected [${shape}]`,
      );
    const wanted = dtype === 'float32' ? Float32Array : Float64Array;
    if (!(entry.data instanceof wanted))
      throw new CorruptFileError(paths.tensors, `tensor "${name}" has the wrong dtype for ${dtype}`);
    return entry.data;
  };
  const parameters = new TensorStore();
  const parameterShapes = MoeLanguageModel.parameterShapes(config.model, router);
  for (const [name, shape] of parameterShapes)
    parameters.add(name, shape, take(`param.${name}`, shape, config.model.dtype));
  const state = new TensorStore();
  for (const [name, shape] of MoeLanguageModel.stateShapes(config.model, router))
    state.add(name, shape, take(`state.${name}`, shape, 'float64'));
  const model = new MoeLanguageModel(config.model, parameters, state);
  if (!config.optimizer) return { config, model };
  const firstMoment = new TensorStore();
  const secondMoment = new TensorStore();
  for (const [name, shape] of parameterShapes) {
    firstMoment.add(name, shape, take(`adam.m.${name}`, shape, 'float64'));
    secondMoment.add(name, shape, take(`adam.v.${name}`, shape, 'float64'));
  }
  return { config, model, firstMoment, secondMoment };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes `file` through a temporary sibling and a rename (never a half-written file under its name). */
function writeWhole(file: string, contents: Uint8Array | string): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, file);
}

/**
 * Checks the trainer state of a checkpoint's config: step, the data PRNG and the controller state its
 * family needs to resume exactly (a state without it would silently restart a controller).
 */
function validateTrainerState(state: TrainerState, family: string): void {
  const isRandom = (value: unknown): boolean =>
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((word) => Number.isInteger(word) && word >= 0 && word < 2 ** 32);
  if (state === null || typeof state !== 'object') throw new Error('state: not an object');
  if (!(Number.isInteger(state.step) && state.step >= 0)) throw new Error('state.step: not an integer >= 0');
  if (!isRandom(state.dataRandom)) throw new Error('state.dataRandom: not four uint32 words');
  if (typeof state.remoeLambda !== 'number' || !Number.isFinite(state.remoeLambda))
    throw new Error('state.remoeLambda: not a finite number');
  if (family === 'blockffn') {
    const schedule = state.chunkSchedule;
    const numbers = ['step', 'base', 'progress', 'length', 'target'] as const;
    if (
      schedule === null ||
      typeof schedule !== 'object' ||
      numbers.some((key) => typeof schedule[key] !== 'number' || !Number.isFinite(schedule[key])) ||
      !Array.isArray(schedule.recent) ||
      !Array.isArray(schedule.older)
    )
      throw new Error("state.chunkSchedule: BlockFFN's chunk schedule is missing or malformed");
  }
  if (family === 'ada-k') {
    const ppo = state.allocatorPpo;
    if (
      ppo === null ||
      typeof ppo !== 'object' ||
      !isRandom(ppo.random) ||
      !(Number.isInteger(ppo.updates) && ppo.updates >= 0)
    )
      throw new Error("state.allocatorPpo: Ada-K's PPO sampler state is missing or malformed");
  }
}

/**
 * Reads one of a checkpoint's two files; a missing file is an `InvalidArgumentError` naming `path` and
 * the file that is not there (a raw `ENOENT` said neither which argument nor which half was missing).
 */
function readCheckpointFile(file: string, path: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new InvalidArgumentError(
        'path',
        `a checkpoint saved by saveCheckpoint (${file} ${code === 'ENOENT' ? 'does not exist' : 'is not a file'})`,
        path,
        'loadCheckpoint',
      );
    }
    throw error;
  }
}

/** Rebuilds a {@link Trainer} from a checkpoint saved with its optimizer state, to continue the run. */
export function resumeTrainer(path: string, backend: KernelBackendV1, corpus: ByteCorpus): Trainer {
  const loaded = loadCheckpoint(path);
  if (!loaded.firstMoment || !loaded.secondMoment)
    throw new CorruptFileError(
      checkpointPaths(path).tensors,
      'has no optimizer moments (saved for inference only)',
    );
  return new Trainer({
    model: loaded.model,
    training: loaded.config.training,
    backend,
    corpus,
    firstMoment: loaded.firstMoment,
    secondMoment: loaded.secondMoment,
    state: loaded.config.state,
  });
}
