import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointPaths, resumeTrainer, saveCheckpoint } from '../checkpoint/checkpoint.ts';
import { sampleBatch, splitCorpus } from '../data/byte-corpus.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { newFamilies, olderFamilies, tinyModel, tinyTraining } from './__tests__/tiny-runs.ts';
import { Trainer } from './trainer.ts';

const corpus = splitCorpus(
  new TextEncoder().encode('In the beginning God created the heaven and the earth. '.repeat(24)),
  0.9,
);

/** The mean loss of fixed validation windows (inference routing: Ada-K's greedy k). */
async function validationLoss(trainer: Trainer): Promise<number> {
  const batch = sampleBatch(corpus.validation, 4, 8, new SeededRandom(99));
  const pass = await trainer.model.forward(trainer.backend, batch, { retain: false, mode: 'infer' });
  return pass.loss;
}

/** Every parameter, router-state entry and optimizer moment of a trainer, as plain numbers. */
function everything(trainer: Trainer): number[] {
  return [trainer.model.parameters, trainer.model.state, trainer.firstMoment, trainer.secondMoment].flatMap(
    (store) => store.entries().flatMap((tensor) => [...tensor.data]),
  );
}

describe('every family trains through the same trainer', () => {
  let backend: KernelBackendV1;
  const directory = mkdtempSync(join(tmpdir(), 'anyk-families-'));
  beforeAll(async () => {
    backend = await createReferenceBackend();
  });

  describe.each(newFamilies.map((router) => [router.family, router] as const))('%s', (_family, router) => {
    it('a short run lowers the validation loss', async () => {
      const trainer = Trainer.create(tinyModel(router), { ...tinyTraining, steps: 20 }, backend, corpus);
      const before = await validationLoss(trainer);
      for (let step = 0; step < 20; step++) {
        const log = await trainer.trainStep();
        expect(Number.isFinite(log.loss + log.auxLoss)).toBe(true);
      }
      const after = await validationLoss(trainer);
      expect(after).toBeLessThan(before - 0.3);
    });
  });

  describe.each([...olderFamilies, ...newFamilies].map((router) => [router.family, router] as const))(
    '%s',
    (family, router) => {
      it('checkpoint save -> resume continues bit-identically (parameters, moments, controller state)', async () => {
        const training = { ...tinyTraining, steps: 6 };
        const straight = Trainer.create(tinyModel(router), training, backend, corpus);
        const interrupted = Trainer.create(tinyModel(router), training, backend, corpus);
        for (let step = 0; step < 3; step++) {
          await straight.trainStep();
          await interrupted.trainStep();
        }
        const path = join(directory, family);
        saveCheckpoint(interrupted, path);
        const resumed = resumeTrainer(checkpointPaths(path).tensors, backend, corpus);
        for (let step = 0; step < 3; step++) {
          const expected = await straight.trainStep();
          const actual = await resumed.trainStep();
          expect(actual).toEqual(expected);
        }
        expect(resumed.snapshot()).toEqual(straight.snapshot());
        expect(everything(resumed)).toEqual(everything(straight));
      });
    },
  );
});
