import { describe, expectTypeOf, it } from 'vitest';
import type { AuxLossConfig } from '../index.ts';
import { computeLayerAuxLoss } from '../index.ts';

describe('AuxLossConfig', () => {
  it('requires the options each loss needs', () => {
    expectTypeOf({ type: 'load_balance', variant: 'token-fraction' } as const).toExtend<AuxLossConfig>();
    expectTypeOf({ type: 'load_balance' } as const).not.toExtend<AuxLossConfig>();
    expectTypeOf({ type: 'l1_balanced', lambda: 1e-8, targetK: 1 } as const).toExtend<AuxLossConfig>();
    expectTypeOf({ type: 'l1_balanced', lambda: 1e-8 } as const).not.toExtend<AuxLossConfig>();
    expectTypeOf({ type: 'chunk_sparsity' } as const).not.toExtend<AuxLossConfig>();
    expectTypeOf({ type: 'mystery' } as const).not.toExtend<AuxLossConfig>();
  });
  it('returns the summed value and the gradient at the logits', () => {
    const result = computeLayerAuxLoss(
      { numTokens: 1, numExperts: 2, logits: [0, 1], scoring: 'softmax' },
      [],
    );
    expectTypeOf(result.value).toEqualTypeOf<number>();
    expectTypeOf(result.gradLogits).toEqualTypeOf<Float64Array>();
    expectTypeOf(result.gradAllocLogits).toEqualTypeOf<Float64Array | undefined>();
  });
});
