import { describe, expect, it } from 'vitest';
import {
  biasControllerStep,
  type ChunkSchedulerConfig,
  chunkSchedulerStep,
  createBiasControllerState,
  createChunkSchedulerState,
  remoeLambdaUpdate,
  remoeMeanSparsity,
  runBiasController,
  runChunkScheduler,
  signBiasStep,
} from '../index.ts';

describe('ReMoE lambda (apps/docs/site/guide/algorithms.md T6)', () => {
  const config = { numExperts: 8, targetK: 1, alpha: 1.2 };
  it('multiplies below the target sparsity and divides above it', () => {
    expect(remoeLambdaUpdate({ lambda: 1e-8 }, 0.8, config).lambda).toBeCloseTo(1.2e-8, 20);
    expect(remoeLambdaUpdate({ lambda: 1e-8 }, 0.9, config).lambda).toBeCloseTo(1e-8 / 1.2, 20);
  });
  it('at equality: code divides, paper keeps lambda', () => {
    expect(remoeLambdaUpdate({ lambda: 1e-8 }, 0.875, config).lambda).toBeCloseTo(8.333333e-9, 14);
    expect(remoeLambdaUpdate({ lambda: 1e-8 }, 0.875, { ...config, rule: 'paper' }).lambda).toBe(1e-8);
  });
  it('mean sparsity averages 1 - active/(T E) over layers', () => {
    // layer 0: 1 of 4 positive -> 0.75; layer 1: 0 of 4 (an exact 0 is not active) -> 1.
    expect(remoeMeanSparsity([1, -1, -2, -3, 0, 0, -1, -1], 2, 2, 2)).toBeCloseTo(0.875, 15);
  });
});

describe('LongCat bias controller (apps/docs/site/guide/algorithms.md T11)', () => {
  const config = { numExperts: 4, numZeroExperts: 2, k: 2, targetFfnK: 1, kp: 0.01 };
  it('proportional step of the worked example; identity experts unchanged', () => {
    const state = createBiasControllerState(new Float64Array(6), config);
    const { state: next, error } = biasControllerStep(state, [6, 2, 1, 1], 10, config);
    const expectedError = [-0.175, 0.025, 0.075, 0.075];
    expectedError.forEach((value, index) => {
      expect(error[index]).toBeCloseTo(value, 15);
    });
    [-0.00175, 0.00025, 0.00075, 0.00075, 0, 0].forEach((value, index) => {
      expect(next.bias[index]).toBeCloseTo(value, 15);
    });
    expect(state.bias.every((value) => value === 0)).toBe(true); // pure: input state untouched
  });
  it('PID: integral accumulates and the derivative uses the previous error', () => {
    const pid = { ...config, ki: 0.5, kd: 0.25 };
    const start = createBiasControllerState([0, 0, 0, 0, 0.1, 0.2], pid);
    const loads = [6, 2, 1, 1, 4, 4, 1, 1];
    const { biasSequence, state } = runBiasController(start, loads, 2, 10, pid);
    // step 1: e1 = (-0.175, 0.025, 0.075, 0.075); delta = kp e1 + ki e1 + kd e1
    // step 2: e2 = 0.125 - (0.2, 0.2, 0.05, 0.05) = (-0.075, -0.075, 0.075, 0.075); delta = kp e2 + ki (e1 + e2) + kd (e2 - e1)
    const e1 = [-0.175, 0.025, 0.075, 0.075];
    const e2 = [-0.075, -0.075, 0.075, 0.075];
    for (let expert = 0; expert < 4; expert++) {
      const a = e1[expert]!;
      const b = e2[expert]!;
      const first = 0.01 * a + 0.5 * a + 0.25 * a;
      const second = first + 0.01 * b + 0.5 * (a + b) + 0.25 * (b - a);
      expect(biasSequence[expert]).toBeCloseTo(first, 15);
      expect(biasSequence[6 + expert]).toBeCloseTo(second, 15);
      expect(state.integral[expert]).toBeCloseTo(a + b, 15);
      expect(state.prevError[expert]).toBeCloseTo(b, 15);
    }
    expect([biasSequence[4], biasSequence[5], biasSequence[10], biasSequence[11]]).toEqual([
      0.1, 0.2, 0.1, 0.2,
    ]);
  });
});

describe('DeepSeek-V3 sign step', () => {
  it('moves overloaded experts down, underloaded up, and leaves sign(0) = 0 alone', () => {
    expect(Array.from(signBiasStep([0, 0.5, -0.5, 0], [4, 1, 2, 1], 0.001))).toEqual([
      -0.001, 0.501, -0.5, 0.001,
    ]);
    expect(Array.from(signBiasStep([0.1, 0.2], [3, 3], 0.001))).toEqual([0.1, 0.2]);
  });
});

describe('BlockFFN chunk-coefficient scheduler', () => {
  const config: ChunkSchedulerConfig = {
    start: 0.05,
    stableSteps: 10,
    interval: 5,
    maxFactor: 4,
    minFactor: 1.025,
  };
  it('stays at start for the stable steps, then ramps linearly toward the new target', () => {
    const losses = [...Array(10).fill(1), ...Array(10).fill(2)];
    const { coefs } = runChunkScheduler(losses, config);
    for (let step = 0; step < 10; step++) expect(coefs[step]).toBe(0.05);
    // At step 10 the last window (all 1) vs the one before (all 1): ratio 1 -> rho = 1, flat ramp.
    for (let step = 10; step < 15; step++) expect(coefs[step]).toBeCloseTo(0.05, 15);
    // At step 15: recent mean 2 vs older 1 -> rho = 2, ramp from 0.05 to 0.1 over 5 steps.
    expect(coefs[15]).toBeCloseTo(0.05 * (2 + (1 - 2) * (1 - 1 / 5)), 15);
    expect(coefs[19]).toBeCloseTo(0.1, 15);
  });
  it('never exceeds start * maxFactor and shrinks when the loss improves', () => {
    const growing = Array.from({ length: 60 }, (_, step) => 10 ** Math.floor(step / 5));
    const { coefs } = runChunkScheduler(growing, config);
    expect(Math.max(...coefs)).toBeLessThanOrEqual(0.05 * 4 + 1e-15);
    const shrinking = Array.from({ length: 30 }, (_, step) => 0.5 ** Math.floor(step / 5));
    const shrink = runChunkScheduler(shrinking, config).coefs;
    expect(shrink[29]!).toBeLessThan(0.05);
  });
  it('is pure: stepping from a state leaves it unchanged', () => {
    const state = createChunkSchedulerState(config);
    const before = JSON.stringify(state);
    chunkSchedulerStep(state, 0.3, config);
    expect(JSON.stringify(state)).toBe(before);
  });
});
