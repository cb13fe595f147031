import { createReferenceBackend, InvalidArgumentError, UnsupportedError } from '@anyk/core';
import { computeLayerAuxLoss } from '@anyk/losses';
import { uniMoE2 } from '@anyk/routers/uni-moe-2';
import { describe, expect, it } from 'vitest';
import { sampleBatch, splitCorpus } from '../data/byte-corpus.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { tinyModel } from '../trainer/__tests__/tiny-runs.ts';
import { Trainer } from '../trainer/trainer.ts';
import {
  defaultTrainingConfig,
  type TrainingConfig,
  validateTrainingConfig,
} from '../trainer/training-config.ts';
import { layerAuxLoss, selectionMask } from './layer-aux-losses.ts';
import { createLayerRouter } from './layer-router.ts';
import { defaultAuxLosses, type RouterConfig } from './router-config.ts';

describe('createLayerRouter', () => {
  it('rejects an unknown family (UnsupportedError) and a key of another family (InvalidArgumentError, named)', () => {
    expect(() => createLayerRouter({ family: 'switch' } as unknown as RouterConfig, 8)).toThrow(
      UnsupportedError,
    );
    expect(() => createLayerRouter({ family: 'ada-k' } as unknown as RouterConfig, 8)).toThrow(/kMax/);
    const stray = { family: 'top-k', k: 2, costWeight: 0.1 } as unknown as RouterConfig;
    expect(() => createLayerRouter(stray, 8)).toThrow(InvalidArgumentError);
    expect(() => createLayerRouter(stray, 8)).toThrow(/router\.costWeight/);
    const longcat: RouterConfig = { family: 'longcat', identityExperts: 2, k: 2, targetFfnK: 2 };
    expect(() => createLayerRouter(longcat, 4)).toThrow(/targetFfnK/);
  });

  it("rejects Ada-K's PPO settings out of range by name", async () => {
    const backend = await createReferenceBackend();
    const corpus = splitCorpus(new TextEncoder().encode('abc '.repeat(100)), 0.9);
    const training = { ...defaultTrainingConfig, steps: 1, batchSequences: 1, sequenceLength: 8 };
    for (const [router, name] of [
      [{ family: 'ada-k', kMax: 2, costWeight: -1 }, /router\.costWeight/],
      [{ family: 'ada-k', kMax: 2, costWeight: 0, ppoEpochs: 0 }, /router\.ppoEpochs/],
      [{ family: 'ada-k', kMax: 9, costWeight: 0 }, /kMax/],
    ] as const)
      expect(() => Trainer.create(tinyModel(router), training, backend, corpus)).toThrow(name);
  });

  it('rejects an unknown training config key by name', () => {
    const training = { ...defaultTrainingConfig, lambdaInit: 1 } as unknown as TrainingConfig;
    expect(() => validateTrainingConfig(training)).toThrow(/lambdaInit/);
  });

  it("gives the new families their papers' losses", () => {
    expect(defaultAuxLosses({ family: 'blockffn' }).map((loss) => loss.type)).toEqual([
      'activation_locality',
      'chunk_sparsity',
    ]);
    expect(defaultAuxLosses({ family: 'adamoe', nullExperts: 2, k: 2 })[0]?.type).toBe('adamoe_balance');
    expect(defaultAuxLosses({ family: 'longcat', identityExperts: 2, k: 2, targetFfnK: 1 })[0]?.type).toBe(
      'device_balance',
    );
    expect(defaultAuxLosses({ family: 'uni-moe-2', nullExperts: 1, sharedExperts: 1, p: 0.5 })[0]).toEqual({
      type: 'uni_moe_balance',
      sharedExperts: 1,
      coef: 1e-2,
    });
    expect(defaultAuxLosses({ family: 'expert-choice' })).toEqual([]);
  });

  it('gives every supported family explicit default losses', () => {
    expect(defaultAuxLosses({ family: 'top-p', p: 0.4 })).toEqual([
      { type: 'entropy', coef: 1e-4 },
      { type: 'load_balance', variant: 'assignment-fraction', coef: 1e-2 },
    ]);
    expect(defaultAuxLosses({ family: 'remoe', targetK: 1 })[0]?.type).toBe('l1_balanced');
    expect(defaultAuxLosses({ family: 'dynmoe' })[0]?.type).toBe('l_aux');
    expect(defaultAuxLosses({ family: 'moe-plus-plus' })[0]?.type).toBe('heterogeneous_balance');
  });

  it('runs the controllers: ReMoE lambda grows while too dense, DeepSeek biases move, DynMoE masks update', async () => {
    const backend = await createReferenceBackend();
    const corpus = splitCorpus(
      new TextEncoder().encode('the quick brown fox jumps over the lazy dog '.repeat(20)),
      0.9,
    );
    const make = (router: RouterConfig) =>
      Trainer.create(
        {
          vocabSize: 256,
          d: 8,
          layers: 2,
          heads: 2,
          context: 8,
          numExperts: 4,
          f: 8,
          expert: 'swiglu',
          tiedEmbeddings: false,
          router,
          normEps: 1e-5,
          dtype: 'float64',
        },
        { ...defaultTrainingConfig, steps: 3, batchSequences: 2, sequenceLength: 8 },
        backend,
        corpus,
      );
    const remoe = make({ family: 'remoe', targetK: 1, lambdaInit: 1e-4 });
    const log = await remoe.trainStep();
    // A fresh ReLU router activates about half the experts: sparsity 0.5 < target 0.75, so lambda * 1.2.
    expect(log.remoeLambda).toBeCloseTo(1.2e-4, 12);
    const deepseek = make({ family: 'deepseek-v3', k: 2, biasRate: 0.01 });
    await deepseek.trainStep();
    const bias = deepseek.model.state.get('layers.0.selectionBias');
    expect([...bias].some((value) => value !== 0)).toBe(true);
    const dynmoe = make({ family: 'dynmoe', adaptiveInterval: 1 });
    dynmoe.model.parameters.get('layers.0.thresholds').fill(3);
    await dynmoe.trainStep();
    // Thresholds near 1 leave every slot unused: the adaptive update deactivates unused slots.
    expect([...dynmoe.model.state.get('layers.0.mask')].some((value) => value === 0)).toBe(true);
  });

  it("Uni-MoE-2.0's balance loss counts every pick before the capacity drop", async () => {
    const backend = await createReferenceBackend();
    const router: RouterConfig = {
      family: 'uni-moe-2',
      nullExperts: 1,
      sharedExperts: 1,
      p: 0.9,
      capacityFactor: 0.5,
    };
    const corpus = splitCorpus(
      new TextEncoder().encode('the quick brown fox jumps over the lazy dog '.repeat(20)),
      0.9,
    );
    const trainer = Trainer.create(
      { ...tinyModel(router), layers: 1 },
      { ...defaultTrainingConfig, steps: 1, batchSequences: 4, sequenceLength: 8 },
      backend,
      corpus,
    );
    const batch = sampleBatch(corpus.train, 4, 8, new SeededRandom(1));
    const pass = await trainer.model.forward(backend, batch, { retain: false, mode: 'train' });
    const routing = pass.routings[0]!;
    const layer = trainer.model.router;
    const family = uniMoE2({ numExperts: 4, nullExperts: 1, sharedExperts: 1, p: 0.9, capacityFactor: 0.5 });
    const picks = family.picks(routing.logits, routing.tokens);
    const slots = selectionMask(routing, layer.totalExperts);
    const pickCount = picks.reduce((a, b) => a + b, 0);
    // The capacity dropped picks: the slots hold fewer than the picks.
    expect(slots.reduce((a, b) => a + b, 0)).toBeLessThan(pickCount);
    const losses = [{ type: 'uni_moe_balance', sharedExperts: 1, coef: 1 }] as const;
    const tensors = { router: trainer.model.parameters.get('layers.0.router') };
    const shape = { d: 8, sequences: 4, length: 8 };
    const value = layerAuxLoss(layer, routing, tensors, shape, losses, { remoeLambda: 0 })?.value;
    const selection = new Float64Array(routing.tokens * layer.totalExperts);
    for (let token = 0; token < routing.tokens; token++)
      for (let column = 0; column < 5; column++) selection[token * 6 + column] = picks[token * 5 + column]!;
    const expected = computeLayerAuxLoss(
      {
        numTokens: routing.tokens,
        numExperts: 4,
        numCandidates: 6,
        logits: routing.logits,
        scoring: 'softmax',
        selection,
      },
      losses,
    ).value;
    expect(value).toBe(expected);
  });
});
