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
  type RouterFamilyName,
  resumeTrainer,
  type StepLog,
  saveCheckpoint,
  Trainer,
  type TrainingConfig,
  trainableRouterFamilies,
} from '@anyk/train';
import { createBackend } from '../backends/create-backend.ts';
import type { OptionValues } from './command-spec.ts';
import { defineCommand } from './define-command.ts';

/** The families `@anyk/train` trains, as the CLI names them: every family of `@anyk/routers`. */
export const trainableFamilies = trainableRouterFamilies;
type TrainableFamily = RouterFamilyName;

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
  p: {
    type: 'string',
    valueName: 'x',
    default: '0.6',
    description: 'cumulative-probability threshold (top-p, uni-moe-2)',
  },
  k: {
    type: 'string',
    valueName: 'n',
    default: '2',
    description: 'picks per token (top-k, moe-plus-plus, deepseek-v3, adamoe, longcat, uni-moe-2)',
  },
  'target-k': { type: 'string', valueName: 'x', default: '2', description: 'ReMoE target experts per token' },
  'null-experts': {
    type: 'string',
    valueName: 'n',
    description: 'null experts (adamoe, uni-moe-2; default 4 and 2)',
  },
  'shared-experts': { type: 'string', valueName: 'n', description: 'shared experts (uni-moe-2; default 1)' },
  'identity-experts': {
    type: 'string',
    valueName: 'n',
    description: 'identity (zero-computation) experts (longcat; default 4)',
  },
  'target-ffn-k': {
    type: 'string',
    valueName: 'x',
    description: 'FFN experts per token the bias controller aims at (longcat; default 1.5, below --k)',
  },
  'k-max': { type: 'string', valueName: 'n', description: "the allocator's largest k (ada-k; default 4)" },
  'cost-weight': {
    type: 'string',
    valueName: 'c',
    description: 'PPO reward cost per expert per token (ada-k; default 0.05)',
  },
  'capacity-factor': {
    type: 'string',
    valueName: 'c',
    description:
      'capacity factor (expert-choice: C = c T / E, default 2; uni-moe-2: token dropping, off by default)',
  },
  'chunk-size': {
    type: 'string',
    valueName: 'n',
    description: 'chunk length of the chunk-sparsity loss (blockffn; default 8, must divide 64)',
  },
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
  'checkpoint-every': {
    type: 'string',
    valueName: 'n',
    description: 'also write the checkpoint every n steps (a killed run resumes from the last one)',
  },
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
  (name) =>
    !['resume', 'out', 'threads', 'log-every', 'eval-windows', 'backend', 'checkpoint-every'].includes(name),
);

/** The options that configure one family's router, and the families that take each. */
const familyOptions: Readonly<Partial<Record<keyof TrainOptions, readonly TrainableFamily[]>>> = {
  p: ['top-p', 'uni-moe-2'],
  k: ['top-k', 'moe-plus-plus', 'deepseek-v3', 'adamoe', 'longcat', 'uni-moe-2'],
  'target-k': ['remoe'],
  'null-experts': ['adamoe', 'uni-moe-2'],
  'shared-experts': ['uni-moe-2'],
  'identity-experts': ['longcat'],
  'target-ffn-k': ['longcat'],
  'k-max': ['ada-k'],
  'cost-weight': ['ada-k'],
  'capacity-factor': ['expert-choice', 'uni-moe-2'],
  'chunk-size': ['blockffn'],
};

/** A family option given with another family is an error (it would be ignored silently otherwise). */
function checkFamilyOptions(family: TrainableFamily, given: ReadonlySet<string>): void {
  for (const [name, families] of Object.entries(familyOptions))
    if (given.has(name) && !(families as readonly string[]).includes(family))
      throw new InvalidArgumentError(
        `--${name}`,
        `only with --family ${(families as readonly string[]).join('|')}`,
        family,
        'anyk train',
      );
}

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

/** The number an optional option holds, or `fallback` when it was not given. */
function optionalNumber(
  options: TrainOptions,
  name: keyof TrainOptions,
  fallback: number,
  check: (value: number) => boolean,
  expected: string,
): number {
  return options[name] === undefined ? fallback : numberOption(options, name, check, expected);
}

const nonNegativeInteger = (value: number): boolean => Number.isInteger(value) && value >= 0;
const positive = (value: number): boolean => Number.isFinite(value) && value > 0;

/**
 * The router of a CLI family with its hyper-parameters (defaults: the reproduction's quick recipe, and
 * small counts of null / identity / shared experts for the families that have them). BlockFFN's chunk
 * schedule is scaled to the run: it holds for the first quarter and then adapts every `steps / 20`
 * steps (the paper's 1000 / 100 would never move in a few hundred steps).
 */
function routerFor(family: TrainableFamily, options: TrainOptions, steps: number): RouterConfig {
  const k = () => numberOption(options, 'k', positiveInteger, 'a positive integer');
  const p = () => numberOption(options, 'p', (value) => value > 0 && value <= 1, 'a number in (0, 1]');
  const count = (name: keyof TrainOptions, fallback: number) =>
    optionalNumber(options, name, fallback, nonNegativeInteger, 'an integer >= 0');
  switch (family) {
    case 'top-p':
      return { family, p: p() };
    case 'top-k':
    case 'moe-plus-plus':
    case 'deepseek-v3':
      return { family, k: k() };
    case 'remoe':
      return { family, targetK: numberOption(options, 'target-k', positive, 'a positive number') };
    case 'dynmoe':
      return { family };
    case 'blockffn': {
      const interval = Math.max(1, Math.round(steps / 20));
      return {
        family,
        chunkSize: optionalNumber(options, 'chunk-size', 8, positiveInteger, 'a positive integer'),
        chunkSchedule: { interval, stableSteps: 5 * interval },
      };
    }
    case 'ada-k':
      return {
        family,
        kMax: optionalNumber(options, 'k-max', 4, positiveInteger, 'a positive integer'),
        costWeight: optionalNumber(
          options,
          'cost-weight',
          0.05,
          (value) => Number.isFinite(value) && value >= 0,
          'a number >= 0',
        ),
      };
    case 'adamoe':
      return { family, nullExperts: count('null-experts', 4), k: k() };
    case 'longcat':
      return {
        family,
        identityExperts: count('identity-experts', 4),
        k: k(),
        targetFfnK: optionalNumber(options, 'target-ffn-k', 1.5, positive, 'a positive number'),
      };
    case 'expert-choice':
      return {
        family,
        capacityFactor: optionalNumber(options, 'capacity-factor', 2, positive, 'a positive number'),
      };
    case 'uni-moe-2':
      return {
        family,
        nullExperts: count('null-experts', 2),
        sharedExperts: count('shared-experts', 1),
        p: p(),
        k: k(),
        ...(options['capacity-factor'] === undefined
          ? {}
          : { capacityFactor: numberOption(options, 'capacity-factor', positive, 'a positive number') }),
      };
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
  const defaults = defaultAuxLosses(router);
  for (const [name, type] of [
    ['entropy-coef', 'entropy'],
    ['balance-coef', 'load_balance'],
  ] as const)
    if (options[name] !== undefined && !defaults.some((loss) => loss.type === type))
      throw new InvalidArgumentError(
        `--${name}`,
        `a family whose losses include "${type}"`,
        router.family,
        'anyk train',
      );
  return defaults.map((loss) => {
    if (loss.type === 'entropy' && entropy !== undefined) return { ...loss, coef: entropy };
    if (loss.type === 'load_balance' && balance !== undefined) return { ...loss, coef: balance };
    return loss;
  });
}

/** What a family's controller did this step, for the log line (empty for families without one). */
function controllerNote(step: StepLog): string {
  if (step.allocator) return `, allocator k ${step.allocator.meanK.toFixed(3)}`;
  if (step.chunkCoefficient !== undefined)
    return `, chunk loss ${(step.chunkLoss ?? 0).toFixed(4)} x coef ${step.chunkCoefficient.toExponential(3)}`;
  return '';
}

/**
 * `anyk train [--family f] [family options] [--steps n] [--layers n] [--d n] [--experts n] [--seed n]
 * [--lr x] [--batch n] [--threads n] [--entropy-coef c] [--balance-coef c] [--log-every n]
 * [--eval-windows n] [--out path] [--checkpoint-every n] [--resume checkpoint.safetensors]
 * [--backend node|webgpu|reference]`: trains a byte-level MoE language model with any router family on
 * the KJV text (on the CPU backend unless `--backend` says otherwise), with the family's losses and
 * controllers; logs loss and experts per token, evaluates on the validation split and writes a resumable
 * checkpoint (`<out>.safetensors` + `<out>.json`; also every `--checkpoint-every` steps, so a killed run
 * resumes) that `anyk demo --checkpoint` and `loadCheckpoint` read. A family option given with another
 * family (`--cost-weight` with top-p) is an `InvalidArgumentError`.
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
    const checkpointEvery = optionalNumber(
      options,
      'checkpoint-every',
      0,
      positiveInteger,
      'a positive integer',
    );
    const backendName = options.backend;
    if (!(trainingBackends as readonly string[]).includes(backendName))
      throw new InvalidArgumentError(
        '--backend',
        `one of ${trainingBackends.join(', ')}`,
        backendName,
        'anyk train',
      );
    if (options.resume === undefined) checkFamilyOptions(family as TrainableFamily, given);
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
        const steps = numberOption(options, 'steps', positiveInteger, 'a positive integer');
        const router = routerFor(family as TrainableFamily, options, steps);
        const model: ModelConfig = {
          vocabSize: 256,
          d,
          layers: numberOption(options, 'layers', positiveInteger, 'a positive integer'),
          heads: 4,
          context: 64,
          numExperts: numberOption(options, 'experts', positiveInteger, 'a positive integer'),
          f: 2 * d,
          // BlockFFN's experts are non-gated SiLU MLPs (the paper's); every other family uses SwiGLU.
          expert: family === 'blockffn' ? 'silu' : 'swiglu',
          tiedEmbeddings: false,
          router,
          normEps: 1e-5,
          dtype: 'float32',
        };
        const learningRate = numberOption(options, 'lr', (value) => value > 0, 'a positive number');
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
        if (checkpointEvery > 0 && step.step % checkpointEvery === 0 && step.step < total)
          saveCheckpoint(trainer, out);
        windowLoss += step.loss;
        windowExperts += step.avgExperts;
        windowSteps++;
        if (step.step % logEvery === 0 || step.step === total) {
          log(
            `  step ${step.step}/${total}: loss ${(windowLoss / windowSteps).toFixed(4)}, experts/token ${(windowExperts / windowSteps).toFixed(3)}${controllerNote(step)}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
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
