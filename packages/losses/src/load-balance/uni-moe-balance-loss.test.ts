import { InvalidArgumentError, ShapeError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { computeLayerAuxLoss } from '../compose/layer-aux-loss.ts';
import { uniMoeBalanceLoss } from './uni-moe-balance-loss.ts';

// Worked example V6: tokens V1, V2, V3 of Uni-MoE-2.0 (E = 4, Z = 1, S = 2, p = 0.7), D = 5.
const logits = Float64Array.from(
  [
    [2.0, 1.0, 0.5, -1.0, 0.8, 0.3, 0.1],
    [0.2, 0.1, 0.0, -0.1, 0.15, 0.5, 0.5],
    [0, 0, 0, 0, 3.0, 0, 0],
  ].flat(),
);
const selection = Float64Array.from(
  [
    [1, 1, 0, 0, 0, 0, 0],
    [1, 1, 1, 0, 1, 0, 0],
    [0, 0, 0, 0, 1, 0, 0],
  ].flat(),
);
const input = { logits, selection, numTokens: 3, numColumns: 7, dynamicColumns: 5 };

describe('uniMoeBalanceLoss', () => {
  it('reproduces worked example V6 (L = 3.209558)', () => {
    expect(uniMoeBalanceLoss(input).value).toBeCloseTo(3.209558, 5);
    expect(uniMoeBalanceLoss(input, { coef: 0.5 }).value).toBeCloseTo(3.209558 / 2, 5);
  });

  it('is the same through the layer composition, with shared columns outside the loss', () => {
    const composed = computeLayerAuxLoss(
      { numTokens: 3, numExperts: 4, numCandidates: 7, logits, scoring: 'softmax', selection },
      [{ type: 'uni_moe_balance', sharedExperts: 2 }],
    );
    expect(composed.value).toBeCloseTo(3.209558, 5);
    expect(Array.from(composed.gradLogits)).toEqual(Array.from(uniMoeBalanceLoss(input).grad.logits));
  });

  it('has a logits gradient that matches finite differences, zero off the picks', () => {
    const tokenWeights = Float64Array.from([0.5, 2, 1]);
    const { grad } = uniMoeBalanceLoss({ ...input, tokenWeights });
    for (let index = 0; index < logits.length; index++) {
      const plus = Float64Array.from(logits);
      plus[index] = plus[index]! + 1e-6;
      const minus = Float64Array.from(logits);
      minus[index] = minus[index]! - 1e-6;
      const numeric =
        (uniMoeBalanceLoss({ ...input, tokenWeights, logits: plus }).value -
          uniMoeBalanceLoss({ ...input, tokenWeights, logits: minus }).value) /
        2e-6;
      expect(grad.logits[index], `logits[${index}]`).toBeCloseTo(numeric, 6);
      if (!selection[index]) expect(grad.logits[index]).toBe(0);
    }
  });

  it('names bad arguments', () => {
    expect(() => uniMoeBalanceLoss({ ...input, dynamicColumns: 8 })).toThrow(/dynamicColumns/);
    expect(() => uniMoeBalanceLoss({ ...input, tokenWeights: [1, 1] })).toThrow(ShapeError);
    expect(() => uniMoeBalanceLoss({ ...input, tokenWeights: [0, 0, 0] })).toThrow(InvalidArgumentError);
    expect(() => uniMoeBalanceLoss({ ...input, logits: logits.subarray(1) })).toThrow(/logits/);
  });
});
