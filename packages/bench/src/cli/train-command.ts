import { InvalidArgumentError } from '@anyk/core';
import type { AuxLossConfig } from '@anyk/losses';
import {
  defaultAuxLosses,
  defaultTrainingConfig,
  evaluateModel,
  loadCorpus,
  type ModelConfig,
  pearson,
  type RouterConfig,
  resumeTrainer,
  saveCheckpoint,
  Trainer,
  type TrainingConfig,
} from '@anyk/train';
import { createBackend } from '../backends/create-backend.ts';
import { checkOptions, parseArgs } from './parse-args.ts';

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

const optionNames = [
  'family',
  'p',
  'k',
  'target-k',
  'entropy-coef',
  'balance-coef',
  'steps',
  'layers',
  'd',
  'experts',
  'seed',
  'lr',
  'batch',
  'threads',
  'log-every',
  'eval-windows',
  'out',
  'resume',
  'backend',
] as const;

/**
 * Backends that can train (they have a backward pass): the CPU backend (default), WebGPU (its expert FFN
 * forward and backward on the device; the model's dense parts stay in JS) and the float64 reference.
 */
export const trainingBackends = ['node', 'webgpu', 'reference'] as const;

function numberOption(
  options: Record<string, string | true>,
  name: string,
  fallback: number,
  check: (value: number) => boolean,
  expected: string,
): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !check(value)) throw new InvalidArgumentError(`--${name}`, expected, raw, 'anyk train');
  return value;
}

const positiveInteger = (value: number): boolean => Number.isInteger(value) && value >= 1;

/** The router of a CLI family with its hyper-parameters (defaults: the reproduction's quick recipe). */
function routerFor(family: TrainableFamily, options: Record<string, string | true>): RouterConfig {
  const k = () => numberOption(options, 'k', 2, positiveInteger, 'a positive integer');
  switch (family) {
    case 'top-p':
      return {
        family,
        p: numberOption(options, 'p', 0.6, (value) => value > 0 && value <= 1, 'a number in (0, 1]'),
      };
    case 'top-k':
      return { family, k: k() };
    case 'remoe':
      return {
        family,
        targetK: numberOption(options, 'target-k', 2, (value) => value > 0, 'a positive number'),
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
function auxLossesFor(router: RouterConfig, options: Record<string, string | true>): AuxLossConfig[] {
  const coefficient = (name: string) =>
    options[name] === undefined
      ? undefined
      : numberOption(options, name, 0, (value) => Number.isFinite(value) && value >= 0, 'a number >= 0');
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
export async function trainCommand(
  argv: readonly string[],
  io: { readonly log?: (line: string) => void } = {},
): Promise<number> {
  const log = io.log ?? ((line: string) => console.log(line));
  const parsed = parseArgs(argv, []);
  checkOptions(parsed, [...optionNames], 'train');
  const { options } = parsed;
  const family = (options.family ?? 'top-p') as string;
  if (!(trainableFamilies as readonly string[]).includes(family))
    throw new InvalidArgumentError(
      '--family',
      `one of ${trainableFamilies.join(', ')}`,
      family,
      'anyk train',
    );
  const out = typeof options.out === 'string' ? options.out : 'anyk-model';
  const threads = numberOption(options, 'threads', 1, positiveInteger, 'a positive integer');
  const logEvery = numberOption(options, 'log-every', 50, positiveInteger, 'a positive integer');
  const evalWindows = numberOption(options, 'eval-windows', 96, positiveInteger, 'a positive integer');
  const backendName = (options.backend ?? 'node') as string;
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
    if (typeof options.resume === 'string') {
      const fixed = optionNames.filter(
        (name) => !['resume', 'out', 'threads', 'log-every', 'eval-windows', 'backend'].includes(name),
      );
      const conflicting = fixed.find((name) => options[name] !== undefined);
      if (conflicting)
        throw new InvalidArgumentError(
          `--${conflicting}`,
          'no model or recipe option with --resume (the checkpoint holds them)',
          options[conflicting],
          'anyk train',
        );
      trainer = resumeTrainer(options.resume, backend, corpus);
      log(`anyk train: resuming ${options.resume} at step ${trainer.step}`);
    } else {
      const d = numberOption(
        options,
        'd',
        64,
        (value) => positiveInteger(value) && value % 4 === 0,
        'a positive multiple of 4',
      );
      const router = routerFor(family as TrainableFamily, options);
      const model: ModelConfig = {
        vocabSize: 256,
        d,
        layers: numberOption(options, 'layers', 2, positiveInteger, 'a positive integer'),
        heads: 4,
        context: 64,
        numExperts: numberOption(options, 'experts', 8, positiveInteger, 'a positive integer'),
        f: 2 * d,
        expert: 'swiglu',
        tiedEmbeddings: false,
        router,
        normEps: 1e-5,
        dtype: 'float32',
      };
      const learningRate = numberOption(options, 'lr', 3e-3, (value) => value > 0, 'a positive number');
      const steps = numberOption(options, 'steps', 400, positiveInteger, 'a positive integer');
      const training: TrainingConfig = {
        ...defaultTrainingConfig,
        seed: numberOption(
          options,
          'seed',
          1,
          (value) => Number.isInteger(value) && value >= 0,
          'an integer >= 0',
        ),
        steps,
        batchSequences: numberOption(options, 'batch', 8, positiveInteger, 'a positive integer'),
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
}
