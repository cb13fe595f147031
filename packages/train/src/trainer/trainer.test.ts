import { createReferenceBackend, InvalidArgumentError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { splitCorpus } from '../data/byte-corpus.ts';
import { learningRateAt } from '../optim/adamw.ts';
import { Trainer } from './trainer.ts';
import { defaultTrainingConfig, type TrainingConfig } from './training-config.ts';

describe('Trainer', () => {
  it('lowers the training loss within a few steps (top-p, entropy + balance losses)', async () => {
    const backend = await createReferenceBackend();
    const corpus = splitCorpus(new TextEncoder().encode('abcabcabd '.repeat(60)), 0.9);
    const trainer = Trainer.create(
      {
        vocabSize: 256,
        d: 16,
        layers: 1,
        heads: 2,
        context: 8,
        numExperts: 4,
        f: 16,
        expert: 'swiglu',
        tiedEmbeddings: true,
        router: { family: 'top-p', p: 0.4 },
        normEps: 1e-5,
        dtype: 'float64',
      },
      {
        ...defaultTrainingConfig,
        steps: 25,
        batchSequences: 4,
        sequenceLength: 8,
        warmupSteps: 3,
        learningRate: 1e-2,
      },
      backend,
      corpus,
    );
    const losses: number[] = [];
    for (let step = 0; step < 25; step++) losses.push((await trainer.trainStep()).loss);
    const first = losses[0]! + losses[1]!;
    const last = losses[23]! + losses[24]!;
    expect(last).toBeLessThan(0.6 * first);
    expect(losses.every(Number.isFinite)).toBe(true);
  });

  it('follows linear warm-up then cosine decay', () => {
    const schedule = { peak: 1, minimum: 0.1, warmupSteps: 10, totalSteps: 110 };
    expect(learningRateAt(5, schedule)).toBeCloseTo(0.5);
    expect(learningRateAt(10, schedule)).toBeCloseTo(1);
    expect(learningRateAt(60, schedule)).toBeCloseTo(0.55);
    expect(learningRateAt(110, schedule)).toBeCloseTo(0.1);
  });

  it('scales the entropy coefficient by entropyRamp (0 before start) and rejects a bad ramp', async () => {
    const backend = await createReferenceBackend();
    const corpus = splitCorpus(new TextEncoder().encode('abcabcabd '.repeat(60)), 0.9);
    const model = {
      vocabSize: 256,
      d: 8,
      layers: 1,
      heads: 2,
      context: 8,
      numExperts: 4,
      f: 8,
      expert: 'swiglu',
      tiedEmbeddings: true,
      router: { family: 'top-p', p: 0.4 },
      normEps: 1e-5,
      dtype: 'float64',
    } as const;
    const balance = { type: 'load_balance', variant: 'assignment-fraction', coef: 1e-2 } as const;
    const training: TrainingConfig = {
      ...defaultTrainingConfig,
      steps: 4,
      batchSequences: 2,
      sequenceLength: 8,
      auxLosses: [{ type: 'entropy', coef: 0.5 }, balance],
    };
    const firstAux = async (config: TrainingConfig): Promise<number> =>
      (await Trainer.create(model, config, backend, corpus).trainStep()).auxLoss;
    const balanceOnly = await firstAux({ ...training, auxLosses: [balance] });
    const ramped = await firstAux({ ...training, entropyRamp: { start: 1, end: 3 } });
    const full = await firstAux(training);
    expect(ramped).toBeCloseTo(balanceOnly, 12);
    expect(full - balanceOnly).toBeGreaterThan(0.1);
    expect(() =>
      Trainer.create(model, { ...training, entropyRamp: { start: 3, end: 3 } }, backend, corpus),
    ).toThrow(InvalidArgumentError);
  });
});
