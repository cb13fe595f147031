import { InvalidArgumentError } from '@anyk/core';
import { pearson } from '@anyk/core/diagnostics';
import type { AuxLossConfig } from '@anyk/losses';
import {
  defaultAuxLosses,
  defaultTrainingConfig,
  evaluateModel,
  loadCorpus,
  type ModelConfig,
  type RouterConfig,
  resumeTrainer,
  saveCheckpoint,
  Trainer,
  type TrainingConfig,
} from '@anyk/train';
import { createBackend } from '../backends/create-backend.ts';
import type { OptionValues } from './command-spec.ts';
import { defineCommand } from './define-command.ts';

/** The families `@anyk/train` can train, as the CLI names them. */
export const trainableFamilies = [
  'top-p',
  'top-k',
  'remoe',
  'dynmoe',
  'moe-plus-plus',
  'deepseek-v3',
] as const;
type TrainableFamily = (typeof trainableFamilies)[number];

/**
 * Backends that can train (they have a backward pass): the CPU backend (default), WebGPU (its expert FFN
 * forward and backward on the device; the model's dense parts stay in JS) and the float64 reference.
 */
export const trainingBackends = ['node', 'webgpu', 'reference'] as const;

/** `anyk train`'s options, declared once for the parser and the help text. */
const trainOptions = {
  family: {
    type: 'string',
    valueName: trainableFamilies.join('|'),
    default: 'top-p',
    description: 'the router family',
  },
  p: { type: 'string', valueName: 'x', default: '0.6', description: 'top-p threshold' },
  k: {
    type: 'string',
    valueName: 'n',
    default: '2',
    description: 'experts per token (top-k, moe-plus-plus, deepseek-v3)',
  },
  'target-k': { type: 'string', valueName: 'x', default: '2', description: 'ReMoE target experts per token' },
  'entropy-coef': {
    type: 'string',
    valueName: 'c',
    description: "entropy loss coefficient (default: the family's; top-p 1.2e-2)",
  },
  'balance-coef': {
    type: 'string',
    valueName: 'c',
    description: "load-balance loss coefficient (default: the family's)",
  },
  steps: { type: 'string', valueName: 'n', default: '400', description: 'training steps' },
  layers: { type: 'string', valueName: 'n', default: '2', description: 'transformer blocks' },
  d: { type: 'string', valueName: 'n', default: '64', description: 'model width (a multiple of 4)' },
  experts: { type: 'string', valueName: 'n', default: '8', description: 'experts per MoE layer' },
  seed: { type: 'string', valueName: 'n', default: '1', description: 'initialisation and data seed' },
  lr: { type: 'string', valueName: 'x', default: '3e-3', description: 'peak learning rate' },
  batch: { type: 'string', valueName: 'n', default: '8', description: 'sequences per step' },
  threads: { type: 'string', valueName: 'n', default: '1', description: "the node backend's worker threads" },
  'log-every': { type: 'string', valueName: 'n', default: '50', description: 'log every n steps' },
  'eval-windows': { type: 'string', valueName: 'n', default: '96', description: 'validation windows' },
  out: {
    type: 'string',
    valueName: 'path',
    default: 'anyk-model',
    description: 'checkpoint path (without extension)',
  },
  resume: { type: 'string', valueName: 'file', description: 'resume a checkpoint (.safetensors)' },
  backend: {
    type: 'string',
    valueName: trainingBackends.join('|'),
    default: 'node',
    description: 'the backend that trains',
  },
} as const;
type TrainOptions = OptionValues<typeof trainOptions>;

/** Options a checkpoint fixes: giving one with `--resume` is an error. */
const optionsFixedByCheckpoint = Object.keys(trainOptions).filter(
  (name) => !['resume', 'out', 'threads', 'log-every', 'eval-windows', 'backend'].includes(name),
);

/** The number an option holds (its declared default when absent), checked. */
function numberOption(
  options: TrainOptions,
  name: keyof TrainOptions,
  check: (value: number) => boolean,
  expected: string,
): number {
  const raw = options[name] as string;
  const value = Number(raw);
  if (!check(value)) throw new InvalidArgumentError(`--${name}`, expected, raw, 'anyk train');
  return value;
}

const positiveInteger = (value: number): boolean => Number.isInteger(value) && value >= 1;

/** The router of a CLI family with its hyper-parameters (defaults: the reproduction's quick recipe). */
function routerFor(family: TrainableFamily, options: TrainOptions): RouterConfig {
  const k = () => numberOption(options, 'k', positiveInteger, 'a positive integer');
  switch (family) {
    case 'top-p':
      return {
        family,
        p: numberOption(options, 'p', (value) => value > 0 && value <= 1, 'a number in (0, 1]'),
      };
    case 'top-k':
      return { family, k: k() };
    case 'remoe':
      return {
        family,
        targetK: numberOption(options, 'target-k', (value) => value > 0, 'a positive number'),
      };
    case 'dynmoe':
      return { family };
    case 'moe-plus-plus':
      return { family, k: k() };
    case 'deepseek-v3':
      return { family, k: k() };
  }
}

/**
 * The family's auxiliary losses (`defaultAuxLosses`), except top-p, whose default is the reproduction's
 * quick recipe (entropy 1.2e-2: the paper's 1e-4 leaves a small model above two experts per token), and
 * with `--entropy-coef` / `--balance-coef` replacing the coefficient of those losses where the family has
 * them.
 */
function auxLossesFor(router: RouterConfig, options: TrainOptions): AuxLossConfig[] {
  const coefficient = (name: 'entropy-coef' | 'balance-coef') =>
    options[name] === undefined
      ? undefined
      : numberOption(options, name, (value) => Number.isFinite(value) && value >= 0, 'a number >= 0');
  const entropy = coefficient('entropy-coef') ?? (router.family === 'top-p' ? 1.2e-2 : undefined);
  const balance = coefficient('balance-coef');
  return defaultAuxLosses(router).map((loss) => {
    if (loss.type === 'entropy' && entropy !== undefined) return { ...loss, coef: entropy };
    if (loss.type === 'load_balance' && balance !== undefined) return { ...loss, coef: balance };
    return loss;
  });
}

/**
 * `anyk train [--family f] [--p ..|--k ..|--target-k ..] [--steps n] [--layers n] [--d n] [--experts n]
 * [--seed n] [--lr x] [--batch n] [--threads n] [--entropy-coef c] [--balance-coef c] [--log-every n]
 * [--eval-windows n] [--out path] [--resume checkpoint.safetensors] [--backend node|webgpu|reference]`:
 * trains a byte-level MoE language model with a dynamic router on the KJV text (on the CPU backend unless
 * `--backend` says otherwise), logs loss and experts per token, evaluates
 * on the validation split and writes a resumable checkpoint (`<out>.safetensors` + `<out>.json`) that
 * `anyk demo --checkpoint` and `loadCheckpoint` read.
 */
export const trainCommand = defineCommand(
  {
    name: 'train',
    summary: 'train your own byte-level MoE LM on the KJV text, write a resumable checkpoint',
    options: trainOptions,
  },
  async ({ values: options, given }, io) => {
    const log = io.log ?? ((line: string) => console.log(line));
    const family = options.family;
    if (!(trainableFamilies as readonly string[]).includes(family))
      throw new InvalidArgumentError(
        '--family',
        `one of ${trainableFamilies.join(', ')}`,
        family,
        'anyk train',
      );
    const out = options.out;
    const threads = numberOption(options, 'threads', positiveInteger, 'a positive integer');
    const logEvery = numberOption(options, 'log-every', positiveInteger, 'a positive integer');
    const evalWindows = numberOption(options, 'eval-windows', positiveInteger, 'a positive integer');
    const backendName = options.backend;
    if (!(trainingBackends as readonly string[]).includes(backendName))
      throw new InvalidArgumentError(
        '--backend',
        `one of ${trainingBackends.join(', ')}`,
        backendName,
        'anyk train',
      );
    const backend = await createBackend(backendName, { threads });
    try {
      const corpus = loadCorpus();
      let trainer: Trainer;
      if (options.resume !== undefined) {
        const conflicting = optionsFixedByCheckpoint.find((name) => given.has(name));
        if (conflicting)
          throw new InvalidArgumentError(
            `--${conflicting}`,
            'no model or recipe option with --resume (the checkpoint holds them)',
            options[conflicting as keyof TrainOptions],
            'anyk train',
          );
        trainer = resumeTrainer(options.resume, backend, corpus);
        log(`anyk train: resuming ${options.resume} at step ${trainer.step}`);
      } else {
        const d = numberOption(
          options,
          'd',
          (value) => positiveInteger(value) && value % 4 === 0,
          'a positive multiple of 4',
        );
        const router = routerFor(family as TrainableFamily, options);
        const model: ModelConfig = {
          vocabSize: 256,
          d,
          layers: numberOption(options, 'layers', positiveInteger, 'a positive integer'),
          heads: 4,
          context: 64,
          numExperts: numberOption(options, 'experts', positiveInteger, 'a positive integer'),
          f: 2 * d,
          expert: 'swiglu',
          tiedEmbeddings: false,
          router,
          normEps: 1e-5,
          dtype: 'float32',
        };
        const learningRate = numberOption(options, 'lr', (value) => value > 0, 'a positive number');
        const steps = numberOption(options, 'steps', positiveInteger, 'a positive integer');
        const training: TrainingConfig = {
          ...defaultTrainingConfig,
          seed: numberOption(
            options,
            'seed',
            (value) => Number.isInteger(value) && value >= 0,
            'an integer >= 0',
          ),
          steps,
          batchSequences: numberOption(options, 'batch', positiveInteger, 'a positive integer'),
          learningRate,
          minLearningRate: learningRate / 10,
          warmupSteps: Math.max(1, Math.round(steps / 10)),
          auxLosses: auxLossesFor(router, options),
        };
        trainer = Trainer.create(model, training, backend, corpus);
        log(
          `anyk train: ${family} (${JSON.stringify(router)}) on the ${backend.name} backend, d=${d}, ${model.layers} layers, E=${model.numExperts}, ${steps} steps of ${training.batchSequences}x${training.sequenceLength} bytes, aux ${JSON.stringify(training.auxLosses)}`,
        );
      }
      const total = trainer.training.steps;
      const started = performance.now();
      let windowLoss = 0;
      let windowExperts = 0;
      let windowSteps = 0;
      while (trainer.step < total) {
        const step = await trainer.trainStep();
        windowLoss += step.loss;
        windowExperts += step.avgExperts;
        windowSteps++;
        if (step.step % logEvery === 0 || step.step === total) {
          log(
            `  step ${step.step}/${total}: loss ${(windowLoss / windowSteps).toFixed(4)}, experts/token ${(windowExperts / windowSteps).toFixed(3)}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
          );
          windowLoss = 0;
          windowExperts = 0;
          windowSteps = 0;
        }
      }
      const evaluation = await evaluateModel(trainer.model, backend, corpus.validation, {
        sequences: evalWindows,
        length: trainer.training.sequenceLength,
      });
      log(
        `validation (${evalWindows} x ${trainer.training.sequenceLength} bytes): loss ${evaluation.valLoss.toFixed(4)} nats/byte, experts/token ${evaluation.avgExperts.toFixed(3)} [${evaluation.perLayerExperts.map((value) => value.toFixed(2)).join(', ')}], corr(token loss, experts) ${pearson(evaluation.tokenLosses, evaluation.tokenExperts).toFixed(3)}`,
      );
      const paths = saveCheckpoint(trainer, out, {
        results: {
          valLoss: evaluation.valLoss,
          avgExperts: evaluation.avgExperts,
          perLayerExperts: evaluation.perLayerExperts,
        },
      });
      log(
        `checkpoint: ${paths.tensors} (+ ${paths.config}); route text with it: anyk demo --checkpoint ${paths.tensors}`,
      );
      return 0;
    } finally {
      await backend.dispose();
    }
  },
);
