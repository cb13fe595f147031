import { InvalidArgumentError, type KernelBackendV1, type MoeLayerV1, type RouterSpecV1 } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { useDawnBackends } from '../__tests__/use-dawn-backends.ts';
import type { WebGpuBackend } from './create-webgpu-backend.ts';

let backend: WebGpuBackend;
let reference: KernelBackendV1;

useDawnBackends((opened) => {
  ({ backend, reference } = opened);
});

/** AdaMoE's shape: softmax over 3 real experts and a null expert, renormalised over the real ones. */
const adaMoE: RouterSpecV1 = {
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

async function expectSameRouting(spec: RouterSpecV1, logits: number[]): Promise<void> {
  const input = { tokens: logits.length / 4, logits: Float64Array.from(logits) };
  const [ours, theirs] = await Promise.all([backend.route(spec, input), reference.route(spec, input)]);
  expect(Array.from(ours.slotExpert)).toEqual(Array.from(theirs.slotExpert));
  for (const [index, weight] of Array.from(theirs.slotWeight).entries()) {
    expect(ours.slotWeight[index]).toBeCloseTo(weight, 6);
  }
}

describe('WebGPU numerics at any logit scale (issue 17)', () => {
  it('renormalises over float32 probabilities that underflow (null logit 200 or 3e38)', async () => {
    await expectSameRouting(adaMoE, [0, -1, -2, 200]);
    await expectSameRouting(adaMoE, [0, -1, -2, 3e38]);
    await expectSameRouting({ ...adaMoE, selection: { kind: 'top-k', k: 2 } }, [-1, 0, -2, 300]);
  });

  it('routeBackward stays finite with the null logit at 400', async () => {
    const grads = await backend.routeBackward(
      adaMoE,
      { tokens: 1, logits: Float64Array.from([0, -1, -2, 400]) },
      Float64Array.from([0.5, -2, 0.25, 3]),
    );
    expect(Array.from(grads.logits).every(Number.isFinite)).toBe(true);
  });

  it('std-normalisation: a constant or nearly constant row is the reference’s error; float32-max logits work', async () => {
    const moePlusPlus: RouterSpecV1 = {
      ...adaMoE,
      stdNormalise: { normStd: 1 },
      selection: { kind: 'top-k', k: 2 },
    };
    for (const row of [
      [5, 5, 5, 5],
      [1, 1 + 1e-6, 1, 1],
    ]) {
      const call = backend.route(moePlusPlus, { tokens: 2, logits: Float64Array.from([0, 1, 2, 3, ...row]) });
      await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(call).rejects.toMatchObject({ argument: 'logits[1]' });
    }
    await expectSameRouting(moePlusPlus, [3e38, -1e38, 2e38, 0]);
  });

  it('expert-choice orders float32-equal probabilities (underflowed to 0, saturated at 1) as the reference', async () => {
    const expertChoice: RouterSpecV1 = {
      ...adaMoE,
      family: 'expert-choice',
      numExperts: 2,
      zeroComputation: [],
      selection: { kind: 'expert-choice', capacity: 1 },
      weighting: { kind: 'score', scale: 1, gain: false },
    };
    for (const [logits, slots] of [
      // Expert 1: exp(-200) and exp(-150) are 0 in float32, not in float64: token 1 takes it.
      [
        [0, -200, 0, -150],
        [0, -1, 1, -1],
      ],
      // Both 0 in float64 too: the reference orders them by log-probabilities as well.
      [
        [0, -1000, 0, -900],
        [0, -1, 1, -1],
      ],
      // Expert 0: 1 - 2e-9 and 1 - 9e-14 are both 1 in float32: token 1 takes it, token 0 gets expert 1.
      [
        [0, -20, 0, -30],
        [1, -1, 0, -1],
      ],
      // Equal probabilities: the lower token.
      [
        [0, 1, 0, 1],
        [0, 1, -1, -1],
      ],
    ]) {
      const input = { tokens: 2, logits: Float64Array.from(logits!) };
      const [ours, theirs] = await Promise.all([
        backend.route(expertChoice, input),
        reference.route(expertChoice, input),
      ]);
      expect(Array.from(theirs.slotExpert)).toEqual(slots);
      expect(Array.from(ours.slotExpert)).toEqual(slots);
    }
  });

  it('GELU’s derivative keeps its tail: pre-activations near -5 and -300 give the reference’s gradients', async () => {
    // The fuzzer's case 1308 (seed 2026): x = -512, so expert 0's pre-activation is -4.968, where
    // 1 + tanh(a) cancels to 0 in f32 (a wUp gradient of 0 instead of 4.3e-4), and expert 1's is -300.
    const layer: MoeLayerV1 = {
      spec: {
        ...adaMoE,
        family: 'top-k',
        numExperts: 2,
        zeroComputation: [],
        selection: { kind: 'top-k', k: 2 },
        weighting: { kind: 'score', scale: 1, gain: false },
      },
      weights: {
        d: 1,
        f: 1,
        expert: { kind: 'mlp', activation: 'gelu' },
        router: Float32Array.from([0.001, -0.002]),
        wUp: Float32Array.from([0.009701795876026154, 0.5860378742218018]),
        wDown: Float32Array.from([0.75, -0.5]),
      },
    };
    const input = { tokens: 1, x: Float32Array.from([-512.0584106445312]) };
    const gradOutput = Float32Array.from([0.625]);
    const options = { retainForBackward: true };
    const ours = await backend.backward(
      layer,
      input,
      await backend.forward(layer, input, options),
      gradOutput,
    );
    const theirs = await reference.backward(
      layer,
      input,
      await reference.forward(layer, input, options),
      gradOutput,
    );
    expect(theirs.wUp[0]).not.toBe(0);
    for (const [index, expected] of Array.from(theirs.wUp).entries()) {
      expect(Math.abs(ours.wUp[index]! - expected)).toBeLessThanOrEqual(1e-4 * Math.abs(expected) + 1e-12);
    }
  });
});
