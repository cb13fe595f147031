import { pearson, ranks, spearman } from '@anyk/core/diagnostics';
import { describe, expect, it } from 'vitest';
import { analyseDifficulty, byteContext } from './difficulty.ts';
import type { Evaluation } from './evaluate-model.ts';

describe('rank statistics', () => {
  it('gives tied values their average rank', () => {
    expect([...ranks([10, 30, 20, 30, 5])]).toEqual([1, 3.5, 2, 3.5, 0]);
  });

  it('Spearman is 1 for any increasing relation and -1 for a decreasing one, where Pearson is not', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = x.map((value) => Math.exp(2 * value));
    expect(spearman(x, y)).toBeCloseTo(1, 12);
    expect(pearson(x, y)).toBeLessThan(0.95);
    expect(
      spearman(
        x,
        y.map((value) => -value),
      ),
    ).toBeCloseTo(-1, 12);
    expect(spearman(x, [2, 2, 2, 2, 2, 2])).toBeNaN();
  });
});

describe('analyseDifficulty', () => {
  it('splits tokens by the byte they read and correlates loss with experts overall and per layer', () => {
    // "a b\nA1." read byte by byte: lowercase, space, lowercase, line break, uppercase, digit, punctuation.
    const tokenInputs = Uint8Array.from(new TextEncoder().encode('a b\nA1.'));
    const tokenLosses = Float64Array.of(1, 3, 1, 4, 2, 2, 0.5);
    const layer0 = Float64Array.of(1, 1, 1, 1, 1, 1, 1);
    const layer1 = Float64Array.of(1, 3, 1, 3, 2, 2, 1);
    const evaluation: Evaluation = {
      valLoss: 0,
      avgExperts: 0,
      perLayerExperts: [],
      tokenLosses,
      tokenExperts: layer0.map((value, index) => value + layer1[index]!),
      perLayerTokenExperts: [layer0, layer1],
      tokenInputs,
      windowLength: 3,
    };
    const analysis = analyseDifficulty(evaluation);
    expect(analysis.corrLossExperts).toBeCloseTo(pearson(tokenLosses, layer1), 12);
    expect(analysis.corrLossExperts).toBeGreaterThan(0.9);
    expect(analysis.perLayerCorrLossExperts[0]).toBeNaN(); // constant layer
    expect(analysis.spearmanLossExperts).toBeGreaterThan(0.9);
    // Two whole windows of 3 tokens (the 7th is left out): mean loss 5/3 then 8/3, mean experts 8/3 then
    // 10/3, so the two windows rise together.
    expect(analysis.corrLossExpertsByWindow).toBeCloseTo(1, 12);
    expect(analysis.byContext).toEqual([
      { context: 'after space', tokens: 1, meanLoss: 3, meanExperts: 4 },
      { context: 'after line break', tokens: 1, meanLoss: 4, meanExperts: 4 },
      { context: 'after lowercase', tokens: 2, meanLoss: 1, meanExperts: 2 },
      { context: 'after uppercase', tokens: 1, meanLoss: 2, meanExperts: 3 },
      { context: 'after digit', tokens: 1, meanLoss: 2, meanExperts: 3 },
      { context: 'after punctuation', tokens: 1, meanLoss: 0.5, meanExperts: 2 },
    ]);
  });

  it('classifies bytes', () => {
    expect([0x20, 0x0a, 0x0d, 0x71, 0x51, 0x37, 0x3a, 0xff].map(byteContext)).toEqual([
      'after space',
      'after line break',
      'after line break',
      'after lowercase',
      'after uppercase',
      'after digit',
      'after punctuation',
      'after punctuation',
    ]);
  });
});
