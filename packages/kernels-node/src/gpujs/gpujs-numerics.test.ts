import type { KernelBackendV1, RouterSpecV1 } from '@anyk/core';
import { createReferenceBackend, InvalidArgumentError } from '@anyk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpuJsBackend } from './create-gpujs-backend.ts';

/** AdaMoE's shape: softmax over 3 real experts and a null expert, renormalised over the real ones. */
const adaMoe: RouterSpecV1 = {
  specificationVersion: 'v1',
  family: 'adamoe',
  numExperts: 3,
  zeroComputation: ['zero'],
  logits: { kind: 'linear' },
  gatingResidual: false,
  scoring: { kind: 'softmax' },
  selection: { kind: 'top-k', k: 2 },
  weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
};

let gpujs: KernelBackendV1;
let reference: KernelBackendV1;
beforeAll(async () => {
  gpujs = await createGpuJsBackend({ mode: 'cpu' });
  reference = await createReferenceBackend();
});
afterAll(async () => {
  await gpujs.dispose();
});

/** Routes `logits` on both backends and expects the same slots and weights within float32 rounding. */
async function expectSameRouting(spec: RouterSpecV1, logits: number[], tokens = 1): Promise<void> {
  const input = { tokens, logits: Float64Array.from(logits) };
  const [ours, theirs] = await Promise.all([gpujs.route(spec, input), reference.route(spec, input)]);
  expect(Array.from(ours.slotExpert)).toEqual(Array.from(theirs.slotExpert));
  for (const [index, weight] of Array.from(theirs.slotWeight).entries()) {
    expect(ours.slotWeight[index]).toBeCloseTo(weight, 6);
  }
}

describe('gpu.js numerics at any logit scale (issue 17)', () => {
  it('renormalises over float32 probabilities that underflow (null logit 200 gives [1, 0], not [0, 0])', async () => {
    await expectSameRouting(adaMoe, [0, -1, -2, 200]);
    await expectSameRouting({ ...adaMoe, selection: { kind: 'top-k', k: 3 } }, [0, -1, -2, 200]);
    await expectSameRouting({ ...adaMoe, selection: { kind: 'top-k', k: 3 } }, [0, -1, -2, 3.4e38]);
  });
  it('selects by logits where float32 probabilities tie at 0', async () => {
    await expectSameRouting(adaMoe, [-1, 0, -2, 300]);
    await expectSameRouting(adaMoe, [-3.4e38, -1e38, 0, 3.4e38]);
  });
  it('renormalises sigmoid scores far in the tail', async () => {
    const sigmoid: RouterSpecV1 = {
      ...adaMoe,
      zeroComputation: [],
      scoring: { kind: 'sigmoid' },
      weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
    };
    await expectSameRouting(sigmoid, [-150, -151, -153]);
  });
  it('std-normalises logits near float32 max and rejects near-constant rows like the reference', async () => {
    const moePlusPlus: RouterSpecV1 = { ...adaMoe, stdNormalise: { normStd: 1 } };
    await expectSameRouting(moePlusPlus, [3e38, -1e38, 2e38, 0]);
    for (const row of [
      [2, 2, 2, 2],
      [1, 1 + 1e-6, 1, 1],
    ]) {
      const input = { tokens: 2, logits: Float64Array.from([0, 1, 2, 3, ...row]) };
      await expect(reference.route(moePlusPlus, input)).rejects.toMatchObject({ argument: 'logits[1]' });
      const call = gpujs.route(moePlusPlus, input);
      await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(call).rejects.toMatchObject({ argument: 'logits[1]' });
    }
  });
  it('ReLU-RMS scores of logits near float32 max stay finite', async () => {
    const blockFfn: RouterSpecV1 = {
      ...adaMoe,
      zeroComputation: [],
      scoring: { kind: 'relu-rmsnorm', eps: 1e-6 },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 1, gain: false },
    };
    await expectSameRouting(blockFfn, [3e38, 1e38, -2e38]);
  });
});
