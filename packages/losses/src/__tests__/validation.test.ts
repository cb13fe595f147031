import { InvalidArgumentError, NonFiniteError, ShapeError, UnsupportedError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import {
  type AuxLossConfig,
  chunkSparsityLoss,
  computeLayerAuxLoss,
  createChunkSchedulerState,
  deviceBalanceLoss,
  diversityLoss,
  loadBalanceLoss,
  negLogProbLoss,
  remoeLambdaUpdate,
  zLoss,
} from '../index.ts';

const layer = {
  numTokens: 2,
  numExperts: 2,
  logits: [0.1, 0.2, 0.3, 0.4],
  scoring: 'softmax' as const,
  selection: [1, 0, 0, 1],
};

describe('typed errors', () => {
  it('bad shapes -> ShapeError naming the argument', () => {
    expect(() => zLoss({ logits: [1, 2, 3], numTokens: 2, numExperts: 2 })).toThrow(ShapeError);
    expect(() => zLoss({ logits: [1, 2, 3], numTokens: 2, numExperts: 2 })).toThrow(
      /logits must have shape \[2, 2\]/,
    );
    expect(() =>
      computeLayerAuxLoss({ ...layer, selection: [1, 0, 1] }, [
        { type: 'load_balance', variant: 'token-fraction' },
      ]),
    ).toThrow(ShapeError);
  });
  it('a bad embedding dimension names dim (not numTokens)', () => {
    const embeddings = { expertEmbeddings: [], dim: 0, numExperts: 2, mask: [1, 1] };
    expect(() => diversityLoss(embeddings)).toThrow(/^diversityLoss: dim must be an integer >= 1, got 0$/);
  });
  it('non-finite inputs -> NonFiniteError', () => {
    expect(() => zLoss({ logits: [1, Number.NaN], numTokens: 1, numExperts: 2 })).toThrow(NonFiniteError);
    expect(() => computeLayerAuxLoss({ ...layer, logits: [0, Number.POSITIVE_INFINITY, 0, 0] }, [])).toThrow(
      NonFiniteError,
    );
  });
  it('unknown loss type -> UnsupportedError', () => {
    expect(() => computeLayerAuxLoss(layer, [{ type: 'mystery' } as unknown as AuxLossConfig])).toThrow(
      UnsupportedError,
    );
  });
  it('a loss that does not fit the scoring -> UnsupportedError', () => {
    expect(() =>
      computeLayerAuxLoss({ ...layer, scoring: 'relu' }, [
        { type: 'load_balance', variant: 'token-fraction' },
      ]),
    ).toThrow(UnsupportedError);
    expect(() => computeLayerAuxLoss(layer, [{ type: 'l1_plain', lambda: 1 }])).toThrow(UnsupportedError);
  });
  it('non-finite coefficients -> InvalidArgumentError', () => {
    expect(() => zLoss({ logits: [1, 2], numTokens: 1, numExperts: 2 }, { coef: Number.NaN })).toThrow(
      InvalidArgumentError,
    );
    expect(() => computeLayerAuxLoss(layer, [{ type: 'z_loss', coef: Number.POSITIVE_INFINITY }])).toThrow(
      /coef must be a finite number/,
    );
    expect(() => computeLayerAuxLoss(layer, [{ type: 'l1_plain', lambda: Number.NaN }])).toThrow(
      InvalidArgumentError,
    );
  });
  it('missing or malformed selection, bad options -> InvalidArgumentError', () => {
    const { selection: _unused, ...noSelection } = layer;
    expect(() => computeLayerAuxLoss(noSelection, [{ type: 'adamoe_balance' }])).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      loadBalanceLoss(
        { probabilities: [0.5, 0.5], numTokens: 1, numExperts: 2, selection: [2, 0] },
        { variant: 'token-fraction' },
      ),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      chunkSparsityLoss({ distribution: [0, 0, 0, 0, 0, 0], numTokens: 3, numExperts: 2 }, { chunkSize: 2 }),
    ).toThrow(/chunkSize must be a divisor of numTokens/);
    expect(() => negLogProbLoss({ allocLogits: [0, 0], numTokens: 1, kMax: 2, sampledK: [3] })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      deviceBalanceLoss(
        {
          probabilities: [0.25, 0.25, 0.25, 0.25],
          selection: [1, 1, 0, 0],
          numTokens: 1,
          numExperts: 3,
          numCandidates: 4,
        },
        { groups: 2, targetFfnK: 1, k: 2 },
      ),
    ).toThrow(InvalidArgumentError);
    expect(() => remoeLambdaUpdate({ lambda: 1e-8 }, 0.5, { numExperts: 8, targetK: 1, alpha: 0 })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      createChunkSchedulerState({ start: 0.05, stableSteps: 5, interval: 5, maxFactor: 4, minFactor: 1.025 }),
    ).toThrow(InvalidArgumentError);
  });
});
