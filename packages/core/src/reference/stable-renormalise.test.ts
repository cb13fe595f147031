import { describe, expect, it } from 'vitest';
import type { RouterSpecV1 } from '../contracts/index.ts';
import { InvalidArgumentError } from '../errors/index.ts';
import { createReferenceBackend } from './create-reference-backend.ts';
import { stdNormaliseRelativeFloor } from './stable-renormalise.ts';

/** AdaMoE's shape: softmax over 3 real experts and one null expert, renormalised over real experts only. */
const adaMoe: RouterSpecV1 = {
  specificationVersion: 'v1',
  family: 'adamoe',
  numExperts: 3,
  zeroComputation: ['zero'],
  logits: { kind: 'linear' },
  gatingResidual: false,
  scoring: { kind: 'softmax' },
  selection: { kind: 'top-k', k: 3 },
  weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
};

const cotangent = Float64Array.from([0.5, -2, 0.25, 3]);

describe('renormalisation at any logit scale (issue 17, root causes 1 and 2)', () => {
  it('routeBackward stays finite when the selected probabilities underflow (null logit 400)', async () => {
    const backend = await createReferenceBackend();
    const input = { tokens: 1, logits: Float64Array.from([0, -1, -2, 400]) };
    const grads = await backend.routeBackward(adaMoe, input, cotangent);
    // Selected: the null expert, experts 0 and 1. The weights are softmax([0, -1]) over the real ones,
    // r = [e / (e + 1), 1 / (e + 1)], with gradient r_e (u_e - sum r u) on logits 0 and 1, 0 elsewhere.
    const r0 = Math.E / (Math.E + 1);
    const r1 = 1 / (Math.E + 1);
    const mean = r0 * 0.5 + r1 * -2;
    const expected = [r0 * (0.5 - mean), r1 * (-2 - mean), 0, 0];
    for (let e = 0; e < 4; e++) expect(grads.logits[e]).toBeCloseTo(expected[e]!, 12);
  });

  it('gives the same weights and gradients whatever the null logit, up to float32 max', async () => {
    const backend = await createReferenceBackend();
    const reference = await backend.routeBackward(
      adaMoe,
      { tokens: 1, logits: Float64Array.from([0, -1, -2, 4]) },
      cotangent,
    );
    for (const nullLogit of [200, 400, 800, 1e30, 3.4e38]) {
      const input = { tokens: 1, logits: Float64Array.from([0, -1, -2, nullLogit]) };
      const routing = await backend.route(adaMoe, input);
      expect(Array.from(routing.slotExpert)).toEqual([0, 1, 3]);
      expect(routing.slotWeight[0]).toBeCloseTo(Math.E / (Math.E + 1), 14);
      const grads = await backend.routeBackward(adaMoe, input, cotangent);
      for (let e = 0; e < 4; e++) expect(grads.logits[e]).toBeCloseTo(reference.logits[e]!, 12);
    }
  });

  it('selects by the logits where softmax probabilities tie at 0 (gaps beyond float64 underflow)', async () => {
    const backend = await createReferenceBackend();
    const spec: RouterSpecV1 = { ...adaMoe, selection: { kind: 'top-k', k: 2 } };
    const routing = await backend.route(spec, { tokens: 1, logits: Float64Array.from([-1, 0, -2, 1e4]) });
    expect(Array.from(routing.slotExpert)).toEqual([1, 3]);
    expect(Array.from(routing.slotWeight)).toEqual([1, 0]);
  });

  it('expert-choice orders tokens whose probabilities underflowed to 0 by their log-probabilities', async () => {
    const backend = await createReferenceBackend();
    const spec: RouterSpecV1 = {
      ...adaMoe,
      numExperts: 2,
      zeroComputation: [],
      selection: { kind: 'expert-choice', capacity: 1 },
      weighting: { kind: 'score', scale: 1, gain: false },
    };
    // Expert 1's probability is exp(-1000) and exp(-900): both 0 in float64; token 1's is the larger.
    const routing = await backend.route(spec, { tokens: 2, logits: Float64Array.from([0, -1000, 0, -900]) });
    // Expert 0 ties at probability 1 (token 0 takes it); expert 1 goes to token 1.
    expect(Array.from(routing.slotExpert)).toEqual([0, -1, 1, -1]);
    // Equal non-zero probabilities still go to the lower token.
    const tied = await backend.route(spec, { tokens: 2, logits: Float64Array.from([0, 1, 0, 1]) });
    expect(Array.from(tied.kCount)).toEqual([2, 0]);
  });

  it('renormalises sigmoid scores through log-sigmoid (DeepSeek-style weights at logits near -1e3)', async () => {
    const backend = await createReferenceBackend();
    const spec: RouterSpecV1 = {
      ...adaMoe,
      zeroComputation: [],
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'top-k', k: 2 },
      weighting: { kind: 'renormalise', scale: 2.5, excludeZeroExperts: false },
    };
    const routing = await backend.route(spec, {
      tokens: 1,
      logits: Float64Array.from([-1000, -1001, -1003]),
    });
    // log sigmoid(z) = z for z << 0, so the weights are 2.5 softmax([-1000, -1001]).
    expect(routing.slotWeight[0]).toBeCloseTo((2.5 * Math.E) / (Math.E + 1), 12);
    expect(routing.slotWeight[1]).toBeCloseTo(2.5 / (Math.E + 1), 12);
    const grads = await backend.routeBackward(
      spec,
      { tokens: 1, logits: Float64Array.from([-1000, -1001, -1003]) },
      Float64Array.from([1, 0, 0]),
    );
    expect(grads.logits.every(Number.isFinite)).toBe(true);
    expect(grads.logits[0]).toBeGreaterThan(0);
  });
});

describe('std-normalisation of near-constant rows (issue 17, root cause 3)', () => {
  const moePlusPlus: RouterSpecV1 = {
    ...adaMoe,
    family: 'moe-plus-plus',
    stdNormalise: { normStd: 1 },
    selection: { kind: 'top-k', k: 2 },
  };
  it('rejects exactly constant, all-zero and nearly constant rows with an error naming the row', async () => {
    const backend = await createReferenceBackend();
    for (const row of [
      [2, 2, 2, 2],
      [0, 0, 0, 0],
      [1, 1 + 1e-7, 1, 1],
    ]) {
      const call = backend.route(moePlusPlus, { tokens: 2, logits: Float64Array.from([0, 1, 2, 3, ...row]) });
      await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(call).rejects.toMatchObject({ argument: 'logits[1]' });
    }
  });
  it('accepts a spread just above the floor, and logits near float32 max', async () => {
    const backend = await createReferenceBackend();
    const spread = 1 + 4 * stdNormaliseRelativeFloor;
    await expect(
      backend.route(moePlusPlus, { tokens: 1, logits: Float64Array.from([1, spread, 1, 1]) }),
    ).resolves.toBeDefined();
    const big = await backend.routeBackward(
      moePlusPlus,
      { tokens: 1, logits: Float64Array.from([3e38, -1e38, 2e38, 0]) },
      cotangent,
    );
    expect(big.logits.every(Number.isFinite)).toBe(true);
  });
});
