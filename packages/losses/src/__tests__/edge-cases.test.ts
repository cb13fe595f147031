import { describe, expect, it } from 'vitest';
import {
  chunkSparsityLoss,
  computeAuxLossOverLayers,
  computeLayerAuxLoss,
  cosineSigmoidRouting,
  dynmoeBalanceLoss,
  efficiencyLoss,
  entropyLoss,
  l1BalancedLoss,
  l1PlainLoss,
  loadBalanceLoss,
  reluRmsnormRouting,
  selectionMaskFromSlots,
  softmaxRows,
  zLoss,
} from '../index.ts';

const T1_LOGITS = [2, 1, 0, -1, 0.5, 0.2, 0.1, 0, -1, 0, 3, 0.5];
const T1_TOP2 = [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1];

describe('worked examples of apps/docs/site/guide/algorithms.md', () => {
  it('T1: the three load-balance variants', () => {
    const probabilities = softmaxRows(T1_LOGITS, 3, 4);
    const input = { probabilities, numTokens: 3, numExperts: 4, selection: T1_TOP2 };
    expect(loadBalanceLoss(input, { variant: 'token-fraction' }).value).toBeCloseTo(2.007503, 6);
    expect(loadBalanceLoss(input, { variant: 'assignment-fraction' }).value).toBeCloseTo(1.003752, 6);
    expect(loadBalanceLoss(input, { variant: 'argmax-fraction' }).value).toBeCloseTo(1.404951, 6);
  });

  it('T2: z-loss, including (ln 2)^2 for zero logits', () => {
    expect(zLoss({ logits: T1_LOGITS, numTokens: 3, numExperts: 4 }).value).toBeCloseTo(6.129342, 6);
    expect(zLoss({ logits: [0, 0], numTokens: 1, numExperts: 2 }).value).toBeCloseTo(Math.LN2 ** 2, 12);
  });

  it('T3: entropy', () => {
    expect(entropyLoss({ logits: T1_LOGITS, numTokens: 3, numExperts: 4 }).value).toBeCloseTo(0.942305, 6);
  });

  it('T5: DynMoE at initialisation selects iff cos > 0 (0.5 is not > 0.5)', () => {
    const routing = cosineSigmoidRouting({
      x: [1, 0],
      numTokens: 1,
      dim: 2,
      expertEmbeddings: [1, 0, -1, 0, 1, 0.2],
      numExperts: 3,
      thresholds: [0, 0, 0],
      mask: [1, 1, 1],
      logitScale: 1,
    });
    expect(Array.from(routing.scores, (value) => Number(value.toFixed(6)))).toEqual([
      0.731059, 0.5, 0.272777,
    ]);
    expect(Array.from(routing.gate)).toEqual([1, 0, 0]);
    expect(Array.from(routing.kCount)).toEqual([1]);
  });

  it('T7: BlockFFN q and the one-chunk CS loss', () => {
    const { distribution } = reluRmsnormRouting([1, -1, 3, 0], 1, 4, 1e-5);
    expect(Array.from(distribution, (value) => Number(value.toFixed(4)))).toEqual([0.25, 0, 0.75, 0]);
    const loss = chunkSparsityLoss(
      { distribution: [0.5, 0.5, 1, 0], numTokens: 2, numExperts: 2 },
      { chunkSize: 2 },
    );
    expect(loss.value).toBeCloseTo(0.74999, 5);
  });
});

describe('edge cases', () => {
  it('all tokens on one expert: balance losses reach their maximum', () => {
    const tokens = 4;
    const experts = 3;
    const logits = Array.from({ length: tokens * experts }, (_, index) => (index % experts === 0 ? 5 : 0));
    const probabilities = softmaxRows(logits, tokens, experts);
    const selection = logits.map((value) => (value === 5 ? 1 : 0));
    const result = loadBalanceLoss(
      { probabilities, numTokens: tokens, numExperts: experts, selection },
      { variant: 'assignment-fraction' },
    );
    expect(result.value).toBeCloseTo(experts * probabilities[0]!, 12);
    const gate = Float64Array.from(selection);
    expect(dynmoeBalanceLoss({ gate, numTokens: tokens, numExperts: experts }).value).toBe(experts);
  });

  it('no token selects anything: DynMoE balance and efficiency are 0 with zero gradient', () => {
    const gate = new Float64Array(12);
    const balance = dynmoeBalanceLoss({ gate, numTokens: 4, numExperts: 3 });
    expect(balance.value).toBe(0);
    expect(balance.grad.gate.every((value) => value === 0)).toBe(true);
    expect(efficiencyLoss({ gate, numTokens: 4, numExperts: 3 }).value).toBe(0);
  });

  it("ReMoE with all logits <= 0 (exact zeros included): value 0, gradient 0 (relu'(0) = 0)", () => {
    const logits = [-1, 0, -0.5, 0, -2, -3];
    for (const result of [
      l1BalancedLoss({ logits, numTokens: 2, numExperts: 3 }, { lambda: 1, targetK: 1 }),
      l1PlainLoss({ logits, numTokens: 2, numExperts: 3 }, { lambda: 1 }),
    ]) {
      expect(result.value).toBe(0);
      expect(result.grad.logits.every((value) => value === 0)).toBe(true);
    }
  });

  it('T = 1 works for every softmax loss', () => {
    const result = computeLayerAuxLoss(
      { numTokens: 1, numExperts: 3, logits: [0.3, -0.2, 1], scoring: 'softmax', selection: [0, 0, 1] },
      [
        { type: 'load_balance', variant: 'argmax-fraction' },
        { type: 'z_loss' },
        { type: 'entropy' },
        { type: 'sequence_balance', k: 1 },
      ],
    );
    expect(Number.isFinite(result.value)).toBe(true);
    expect(result.gradLogits.every(Number.isFinite)).toBe(true);
  });

  it('logits near ±100 (and ±1e4) neither overflow nor underflow', () => {
    for (const scale of [100, 1e4]) {
      const logits = [scale, -scale, scale - 1, -scale + 2];
      const z = zLoss({ logits, numTokens: 2, numExperts: 2 });
      const expectedLse = [
        scale + Math.log1p(Math.exp(-2 * scale)),
        scale - 1 + Math.log1p(Math.exp(-2 * scale + 3)),
      ];
      expect(z.value).toBeCloseTo((expectedLse[0]! ** 2 + expectedLse[1]! ** 2) / 2, 6);
      expect(z.grad.logits.every(Number.isFinite)).toBe(true);
      const entropy = entropyLoss({ logits, numTokens: 2, numExperts: 2 });
      expect(Number.isFinite(entropy.value) && entropy.value >= 0).toBe(true);
      expect(entropy.grad.logits.every(Number.isFinite)).toBe(true);
      const composed = computeLayerAuxLoss(
        { numTokens: 2, numExperts: 2, logits, scoring: 'softmax', selection: [1, 0, 1, 0] },
        [{ type: 'load_balance', variant: 'token-fraction' }, { type: 'z_loss' }],
      );
      expect(composed.gradLogits.every(Number.isFinite)).toBe(true);
    }
  });

  it('slots convert to the dense selection mask (empty slots ignored)', () => {
    expect(Array.from(selectionMaskFromSlots([0, 2, -1, -1, 1, -1], 3, 2, 3))).toEqual([
      1, 0, 1, 0, 0, 0, 0, 1, 0,
    ]);
  });

  it('the composition sums per-loss terms and layers, each including its coefficient', () => {
    const layer = {
      numTokens: 3,
      numExperts: 4,
      logits: T1_LOGITS,
      scoring: 'softmax' as const,
      selection: T1_TOP2,
    };
    const single = computeLayerAuxLoss(layer, [{ type: 'z_loss', coef: 1e-3 }]);
    expect(single.value).toBeCloseTo(6.129342e-3, 9);
    const both = computeLayerAuxLoss(layer, [
      { type: 'z_loss', coef: 1e-3 },
      { type: 'load_balance', variant: 'token-fraction', coef: 1e-2 },
    ]);
    expect(both.terms.map((term) => term.type)).toEqual(['z_loss', 'load_balance']);
    expect(both.value).toBeCloseTo(6.129342e-3 + 2.007503e-2, 8);
    const layers = computeAuxLossOverLayers([layer, layer], [{ type: 'z_loss', coef: 1e-3 }]);
    expect(layers.value).toBeCloseTo(2 * single.value, 15);
    expect(layers.layers).toHaveLength(2);
  });
});
