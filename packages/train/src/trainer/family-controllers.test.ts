import { createReferenceBackend, type KernelBackendV1 } from '@anyk/core';
import { runChunkScheduler } from '@anyk/losses';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitCorpus } from '../data/byte-corpus.ts';
import { chunkScheduleOf, type RouterConfig } from '../routing/router-config.ts';
import { tinyModel, tinyTraining } from './__tests__/tiny-runs.ts';
import { type StepLog, Trainer } from './trainer.ts';

const corpus = splitCorpus(
  new TextEncoder().encode(
    'And the earth was without form, and void; and darkness was upon the deep. '.repeat(20),
  ),
  0.9,
);

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe("each family's controller reaches what it controls", () => {
  let backend: KernelBackendV1;
  beforeAll(async () => {
    backend = await createReferenceBackend();
  });

  async function run(router: RouterConfig, steps: number): Promise<StepLog[]> {
    const trainer = Trainer.create(tinyModel(router), { ...tinyTraining, steps }, backend, corpus);
    const logs: StepLog[] = [];
    for (let step = 0; step < steps; step++) logs.push(await trainer.trainStep());
    return logs;
  }

  it('ReMoE: lambda steers the active experts per token down to the target k', async () => {
    const logs = await run({ family: 'remoe', targetK: 1, lambdaInit: 1e-2 }, 40);
    // A fresh ReLU router activates about half of the 4 experts; the target is 1.
    expect(logs[0]!.avgExperts).toBeGreaterThan(1.5);
    expect(Math.abs(mean(logs.slice(-8).map((log) => log.avgExperts)) - 1)).toBeLessThan(0.3);
  });

  it('LongCat-Flash: the PID bias brings FFN experts per token to the target', async () => {
    const logs = await run(
      { family: 'longcat', identityExperts: 2, k: 2, targetFfnK: 0.75, biasRate: 0.2 },
      30,
    );
    // k = 2 over 4 FFN + 2 identity experts starts near 2 x 4/6 = 1.33 FFN experts per token.
    expect(logs[0]!.avgExperts).toBeGreaterThan(1.1);
    expect(Math.abs(mean(logs.slice(-8).map((log) => log.avgExperts)) - 0.75)).toBeLessThan(0.15);
  });

  it("BlockFFN: the chunk coefficient follows the adaptive schedule fed the run's chunk losses", async () => {
    const router: RouterConfig = {
      family: 'blockffn',
      chunkSize: 4,
      chunkSchedule: { stableSteps: 4, interval: 2 },
    };
    const logs = await run(router, 12);
    const losses = logs.map((log) => log.chunkLoss as number);
    const { coefs } = runChunkScheduler(losses, chunkScheduleOf(router));
    expect(logs.map((log) => log.chunkCoefficient)).toEqual([...coefs]);
    expect(coefs.slice(0, 4).every((coef) => coef === 5e-2)).toBe(true);
    // After the stable steps the coefficient moves with the chunk loss's trend.
    expect(coefs.slice(5).some((coef) => coef !== 5e-2)).toBe(true);
  });

  it("Ada-K: PPO lowers the allocators' mean k when the cost weight rises", async () => {
    const meanK = async (costWeight: number) => {
      const logs = await run(
        { family: 'ada-k', kMax: 3, costWeight, allocatorLearningRate: 5e-2, ppoEpochs: 2 },
        24,
      );
      return mean(logs.slice(-6).map((log) => log.allocator?.meanK as number));
    };
    const free = await meanK(0);
    const costly = await meanK(1);
    // The policy starts uniform over k in {1, 2, 3} (mean 2).
    expect(costly).toBeLessThan(1.5);
    expect(costly).toBeLessThan(free - 0.4);
  });
});
