import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { createNodeBackend } from '@anyk/kernels-node';
import { saveCheckpoint } from '../checkpoint/checkpoint.ts';
import { loadCorpus } from '../data/byte-corpus.ts';
import type { ModelConfig } from '../model/model-config.ts';
import { Trainer } from '../trainer/trainer.ts';
import type { TrainingConfig } from '../trainer/training-config.ts';
import { analyseDifficulty, type DifficultyAnalysis } from './difficulty.ts';
import { evaluateModel } from './evaluate-model.ts';

/** One training run of the reproduction: a label, the model and the recipe. Plain JSON (crosses threads). */
export interface TrainingJob {
  /** Group name in the report (`top-2`, `top-p`, `top-p p=0.3`, ...). */
  readonly label: string;
  readonly model: ModelConfig;
  readonly training: TrainingConfig;
  /** Validation windows evaluated at the end. */
  readonly evalSequences: number;
  /** Record mean experts per token every this many steps. */
  readonly logEvery: number;
  readonly backend: 'node' | 'reference';
  /** Where to write the run's checkpoint (model only), if anywhere. */
  readonly checkpointDir?: string | undefined;
}

/** What a run measured. */
export interface TrainingJobResult {
  readonly label: string;
  readonly seed: number;
  readonly valLoss: number;
  readonly avgExperts: number;
  readonly perLayerExperts: number[];
  /** Pearson correlation over validation tokens: token loss vs experts summed over layers. */
  readonly corrLossExperts: number;
  /** That correlation as ranks and per layer, and loss / experts per byte context. */
  readonly difficulty: DifficultyAnalysis;
  /** `[step, mean experts per token (training batch), training loss]` every `logEvery` steps. */
  readonly history: [number, number, number][];
  readonly finalTrainLoss: number;
  readonly trainSeconds: number;
  readonly checkpoint?: string | undefined;
}

/** Trains and evaluates one job on this thread. */
export async function runTrainingJob(job: TrainingJob): Promise<TrainingJobResult> {
  const backend: KernelBackendV1 =
    job.backend === 'node' ? await createNodeBackend({ threads: 1 }) : await createReferenceBackend();
  try {
    const corpus = loadCorpus();
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
    const evaluation = await evaluateModel(trainer.model, backend, corpus.validation, {
      sequences: job.evalSequences,
      length: job.training.sequenceLength,
    });
    const difficulty = analyseDifficulty(evaluation);
    const result = {
      label: job.label,
      seed: job.training.seed,
      valLoss: evaluation.valLoss,
      avgExperts: evaluation.avgExperts,
      perLayerExperts: evaluation.perLayerExperts,
      corrLossExperts: difficulty.corrLossExperts,
      difficulty,
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
