import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { createNodeBackend } from '@anyk/kernels-node';
import { saveCheckpoint } from '../checkpoint/checkpoint.ts';
import {
  type DifficultyTaskName,
  loadDifficultyTasks,
  mixDifficultyTasks,
} from '../data/difficulty-tasks.ts';
import type { ModelConfig } from '../model/model-config.ts';
import { Trainer } from '../trainer/trainer.ts';
import type { TrainingConfig } from '../trainer/training-config.ts';
import { analyseDifficulty, type DifficultyAnalysis } from './difficulty.ts';
import { concatenateEvaluations, type Evaluation, evaluateModel } from './evaluate-model.ts';

/** One training run of the reproduction: a label, the model and the recipe. Plain JSON (crosses threads). */
export interface TrainingJob {
  /** Group name in the report (`top-2`, `top-p`, `top-p p=0.3`, ...). */
  readonly label: string;
  readonly model: ModelConfig;
  readonly training: TrainingConfig;
  /** Validation windows evaluated at the end, per task. */
  readonly evalSequences: number;
  /** Record mean experts per token every this many steps. */
  readonly logEvery: number;
  readonly backend: 'node' | 'reference';
  /** Where to write the run's checkpoint (model only), if anywhere. */
  readonly checkpointDir?: string | undefined;
}

/** A run's validation loss and experts per token (mean over layers) on one task. */
export interface TaskEvaluation {
  readonly task: DifficultyTaskName;
  readonly valLoss: number;
  readonly avgExperts: number;
  readonly perLayerExperts: number[];
}

/** What a run measured. */
export interface TrainingJobResult {
  readonly label: string;
  readonly seed: number;
  /** Over the validation tokens of every task (each task weighs the same). */
  readonly valLoss: number;
  readonly avgExperts: number;
  readonly perLayerExperts: number[];
  /** Pearson correlation over validation tokens: token loss vs experts summed over layers. */
  readonly corrLossExperts: number;
  /** That correlation as ranks and per layer, and loss / experts per byte context. */
  readonly difficulty: DifficultyAnalysis;
  /** Per task, in `difficultyTaskNames` order. */
  readonly tasks: TaskEvaluation[];
  /** `[step, mean experts per token (training batch), training loss]` every `logEvery` steps. */
  readonly history: [number, number, number][];
  readonly finalTrainLoss: number;
  readonly trainSeconds: number;
  readonly checkpoint?: string | undefined;
}

/** Trains on the mix of the difficulty tasks and evaluates on each task's validation bytes, on this thread. */
export async function runTrainingJob(job: TrainingJob): Promise<TrainingJobResult> {
  const backend: KernelBackendV1 =
    job.backend === 'node' ? await createNodeBackend({ threads: 1 }) : await createReferenceBackend();
  try {
    const tasks = loadDifficultyTasks();
    const corpus = mixDifficultyTasks(tasks);
    const trainer = Trainer.create(job.model, job.training, backend, corpus);
    const history: [number, number, number][] = [];
    const started = performance.now();
    let windowExperts = 0;
    let windowLoss = 0;
    let windowSteps = 0;
    let lastLoss = Number.NaN;
    while (trainer.step < job.training.steps) {
      const log = await trainer.trainStep();
      windowExperts += log.avgExperts;
      windowLoss += log.loss;
      windowSteps++;
      lastLoss = log.loss;
      if (log.step % job.logEvery === 0 || log.step === job.training.steps) {
        history.push([log.step, windowExperts / windowSteps, windowLoss / windowSteps]);
        windowExperts = 0;
        windowLoss = 0;
        windowSteps = 0;
      }
    }
    const trainSeconds = (performance.now() - started) / 1000;
    const perTask: Evaluation[] = [];
    for (const task of tasks)
      perTask.push(
        await evaluateModel(trainer.model, backend, task.validation, {
          sequences: job.evalSequences,
          length: job.training.sequenceLength,
        }),
      );
    const evaluation = concatenateEvaluations(perTask);
    const difficulty = analyseDifficulty(evaluation);
    const result = {
      label: job.label,
      seed: job.training.seed,
      valLoss: evaluation.valLoss,
      avgExperts: evaluation.avgExperts,
      perLayerExperts: evaluation.perLayerExperts,
      corrLossExperts: difficulty.corrLossExperts,
      difficulty,
      tasks: tasks.map(({ task }, at) => ({
        task,
        valLoss: perTask[at]!.valLoss,
        avgExperts: perTask[at]!.avgExperts,
        perLayerExperts: perTask[at]!.perLayerExperts,
      })),
      history,
      finalTrainLoss: lastLoss,
      trainSeconds,
    };
    if (!job.checkpointDir) return result;
    mkdirSync(job.checkpointDir, { recursive: true });
    const name = `${job.label.replace(/[^a-z0-9.-]+/gi, '_')}-seed${job.training.seed}`;
    const paths = saveCheckpoint(trainer, join(job.checkpointDir, name), {
      optimizer: false,
      results: {
        valLoss: result.valLoss,
        avgExperts: result.avgExperts,
        perLayerExperts: result.perLayerExperts,
        corrLossExperts: result.corrLossExperts,
      },
    });
    return { ...result, checkpoint: paths.tensors };
  } finally {
    await backend.dispose();
  }
}
