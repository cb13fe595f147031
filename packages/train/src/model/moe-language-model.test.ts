import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { createNodeBackend } from '@anyk/kernels-node';
import type { AuxLossConfig } from '@anyk/losses';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleBatch, splitCorpus } from '../data/byte-corpus.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import type { RouterConfig } from '../routing/router-config.ts';
import { Trainer } from '../trainer/trainer.ts';
import { defaultTrainingConfig } from '../trainer/training-config.ts';
import type { ModelConfig } from './model-config.ts';

const text = new TextEncoder().encode(
  'In the beginning God created the heaven and the earth. And the earth was without form, and void. '.repeat(
    4,
  ),
);
const corpus = splitCorpus(text, 0.9);

function tinyConfig(router: RouterConfig, tiedEmbeddings: boolean): ModelConfig {
  return {
    vocabSize: 256,
    d: 8,
    layers: 2,
    heads: 2,
    context: 5,
    numExperts: 4,
    f: 6,
    expert: router.family === 'blockffn' ? 'silu' : 'swiglu',
    tiedEmbeddings,
    router,
    normEps: 1e-6,
    dtype: 'float64',
  };
}

/**
 * DynMoE's uniform 1/k weights carry the straight-through estimator (apps/docs/site/guide/algorithms.md),
 * which by design
 * is not the derivative of the piecewise-constant forward; there, finite differences can only check the
 * tensors downstream of every router (LM head, final norm, last layer's experts).
 */
const downstreamOfRouters = (name: string): boolean =>
  name === 'lmHead' || name === 'finalNorm' || /^layers\.1\.w(Gate|Up|Down)$/.test(name);

const cases: {
  name: string;
  router: RouterConfig;
  aux: AuxLossConfig[];
  tied: boolean;
  checks?: (name: string) => boolean;
}[] = [
  {
    name: 'top-p with entropy + assignment-fraction balance (untied head)',
    router: { family: 'top-p', p: 0.4 },
    aux: [
      { type: 'entropy', coef: 0.3 },
      { type: 'load_balance', variant: 'assignment-fraction', coef: 0.2 },
    ],
    tied: false,
  },
  {
    name: 'top-k with token-fraction balance (tied head)',
    router: { family: 'top-k', k: 2 },
    aux: [{ type: 'load_balance', variant: 'token-fraction', coef: 0.2 }],
    tied: true,
  },
  {
    name: 'ReMoE with balanced L1',
    router: { family: 'remoe', targetK: 1, lambdaInit: 0.05 },
    aux: [{ type: 'l1_balanced', lambda: 0, targetK: 1 }],
    tied: false,
  },
  {
    name: 'MoE++ with heterogeneous balance (gating residual across layers)',
    router: { family: 'moe-plus-plus', k: 2 },
    aux: [{ type: 'heterogeneous_balance', coef: 0.2 }],
    tied: false,
  },
  {
    name: 'DynMoE with l_aux (cosine router, thresholds)',
    router: { family: 'dynmoe' },
    aux: [{ type: 'l_aux', coef: 0.2 }],
    tied: false,
    checks: downstreamOfRouters,
  },
  {
    name: 'BlockFFN with activation locality + chunk sparsity (SiLU experts, router gain)',
    router: { family: 'blockffn', chunkSize: 5 },
    // A soft sharpness keeps the locality loss smooth at the finite-difference step.
    aux: [
      { type: 'activation_locality', sharpness: 5, coef: 0.2 },
      { type: 'chunk_sparsity', chunkSize: 5, coef: 0.2 },
    ],
    tied: false,
  },
  {
    name: 'AdaMoE with its null-expert balance',
    router: { family: 'adamoe', nullExperts: 2, k: 2 },
    aux: [{ type: 'adamoe_balance', averageNullLoads: true, coef: 0.2 }],
    tied: false,
  },
  {
    name: 'LongCat-Flash with device balance (identity experts, scaled weights)',
    router: { family: 'longcat', identityExperts: 2, k: 2, targetFfnK: 1 },
    aux: [{ type: 'device_balance', groups: 1, targetFfnK: 1, k: 2, coef: 0.2 }],
    tied: false,
  },
  {
    name: 'Uni-MoE-2.0 with its balance (null and shared experts)',
    router: { family: 'uni-moe-2', nullExperts: 1, sharedExperts: 1, p: 0.5 },
    aux: [{ type: 'uni_moe_balance', sharedExperts: 1, coef: 0.2 }],
    tied: false,
  },
];

describe('MoeLanguageModel backward', () => {
  let backend: KernelBackendV1;
  beforeAll(async () => {
    backend = await createReferenceBackend();
  });

  for (const testCase of cases) {
    it(`matches central finite differences for every parameter group: ${testCase.name}`, async () => {
      const trainer = Trainer.create(
        tinyConfig(testCase.router, testCase.tied),
        { ...defaultTrainingConfig, seed: 7, sequenceLength: 5, batchSequences: 2, auxLosses: testCase.aux },
        backend,
        corpus,
      );
      const params = trainer.model.parameters;
      // Make MoE++ gate maps and DynMoE thresholds non-trivial so their paths are exercised.
      const init = new SeededRandom(3);
      for (const tensor of params.entries()) {
        if (tensor.name.endsWith('gateMap'))
          for (let i = 0; i < tensor.data.length; i++) tensor.data[i] = 0.3 * init.nextNormal();
        if (tensor.name.endsWith('thresholds')) tensor.data.fill(-1.5);
        if (tensor.name.endsWith('router') && testCase.router.family !== 'dynmoe')
          for (let i = 0; i < tensor.data.length; i++) tensor.data[i] = 0.8 * init.nextNormal();
      }
      const batch = sampleBatch(corpus.train, 2, 5, new SeededRandom(11));
      const total = async (): Promise<number> => {
        const { pass, auxLoss } = await trainer.lossAndGradients(batch);
        return pass.loss + auxLoss;
      };
      const { grads, auxLoss } = await trainer.lossAndGradients(batch);
      expect(auxLoss).not.toBe(0);
      const analytic = new Map(
        grads.entries().map((tensor) => [tensor.name, Float64Array.from(tensor.data)]),
      );
      const picker = new SeededRandom(5);
      let checked = 0;
      const checkedTensors = params.entries().filter((tensor) => testCase.checks?.(tensor.name) ?? true);
      for (const tensor of checkedTensors) {
        const gradient = analytic.get(tensor.name) as Float64Array;
        // Check the largest-gradient entry plus two random ones of every tensor.
        let largest = 0;
        for (let i = 1; i < gradient.length; i++)
          if (Math.abs(gradient[i]!) > Math.abs(gradient[largest]!)) largest = i;
        const indices = [largest, picker.nextInt(tensor.data.length), picker.nextInt(tensor.data.length)];
        for (const index of indices) {
          const original = tensor.data[index]!;
          const eps = 1e-5;
          tensor.data[index] = original + eps;
          const plus = await total();
          tensor.data[index] = original - eps;
          const minus = await total();
          tensor.data[index] = original;
          const numeric = (plus - minus) / (2 * eps);
          const value = gradient[index]!;
          expect(
            Math.abs(numeric - value),
            `${tensor.name}[${index}] numeric ${numeric} analytic ${value}`,
          ).toBeLessThan(1e-6 + 1e-4 * Math.abs(numeric));
          checked++;
        }
      }
      expect(checked).toBe(checkedTensors.length * 3);
      expect(checkedTensors.length).toBeGreaterThanOrEqual(4);
    });
  }
});

describe('MoeLanguageModel on the node backend (float32)', () => {
  it('gives the loss and every gradient of the float64 reference model, dense products on the WASM kernels', async () => {
    const node = await createNodeBackend({ threads: 2 });
    const reference = await createReferenceBackend();
    try {
      const shape = { ...tinyConfig({ family: 'top-p', p: 0.6 }, false), d: 16, f: 12, heads: 4, context: 9 };
      const training = {
        ...defaultTrainingConfig,
        seed: 3,
        sequenceLength: 9,
        batchSequences: 3,
        auxLosses: [
          { type: 'entropy', coef: 0.05 },
          { type: 'load_balance', variant: 'assignment-fraction', coef: 0.05 },
        ] satisfies AuxLossConfig[],
      };
      const fast = Trainer.create({ ...shape, dtype: 'float32' }, training, node, corpus);
      const exact = Trainer.create({ ...shape, dtype: 'float64' }, training, reference, corpus);
      // The same (float32-representable) parameters in both.
      for (const tensor of exact.model.parameters.entries())
        tensor.data.set(fast.model.parameters.get(tensor.name));
      const batch = sampleBatch(corpus.train, 3, 9, new SeededRandom(17));
      const fastResult = await fast.lossAndGradients(batch);
      const exactResult = await exact.lossAndGradients(batch);
      expect(fastResult.pass.loss).toBeCloseTo(exactResult.pass.loss, 4);
      for (const [layer, routing] of exactResult.pass.routings.entries())
        expect([...(fastResult.pass.routings[layer]?.kCount ?? [])]).toEqual([...routing.kCount]);
      for (const tensor of exactResult.grads.entries()) {
        const actual = fastResult.grads.get(tensor.name);
        let norm = 0;
        let difference = 0;
        for (let i = 0; i < tensor.data.length; i++) {
          norm += tensor.data[i]! ** 2;
          difference += (actual[i]! - tensor.data[i]!) ** 2;
        }
        expect(Math.sqrt(difference), tensor.name).toBeLessThan(1e-4 * Math.sqrt(norm) + 1e-7);
      }
    } finally {
      await node.dispose();
      await reference.dispose();
    }
  });
});
