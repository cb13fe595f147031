import { describe, expect, it } from 'vitest';
import type { LayerInputV1, MoeLayerV1 } from '../contracts/layer-v1.ts';
import type { RouterSpecV1 } from '../contracts/router-spec-v1.ts';
import { ShapeError } from '../errors/index.ts';
import { createReferenceBackend } from '../reference/create-reference-backend.ts';
import { referenceOnSelection } from './reference-on-selection.ts';

const spec: RouterSpecV1 = {
  specificationVersion: 'v1',
  family: 'top-k',
  numExperts: 3,
  zeroComputation: [],
  logits: { kind: 'linear' },
  gatingResidual: false,
  scoring: { kind: 'softmax' },
  selection: { kind: 'top-k', k: 1 },
  weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: true },
};
const layer: MoeLayerV1 = {
  spec,
  weights: {
    d: 2,
    f: 2,
    expert: { kind: 'mlp', activation: 'silu' },
    router: Float64Array.from([1, 0, 0, 1, 0.5, 0.5]),
    wUp: Float64Array.from({ length: 12 }, (_, index) => 0.1 * (index - 6)),
    wDown: Float64Array.from({ length: 12 }, (_, index) => 0.05 * (index - 4)),
  },
};
const input: LayerInputV1 = { tokens: 2, x: Float64Array.from([2, 1, -1, 3]) };
const gradOutput = Float64Array.from([1, -1, 0.5, 2]);

describe('referenceOnSelection', () => {
  it('reproduces the reference on its own selection, and follows a selection given from outside', async () => {
    const backend = await createReferenceBackend();
    const forward = await backend.forward(layer, input, { retainForBackward: true });
    const grads = await backend.backward(layer, input, forward, gradOutput);
    // Token 0 takes expert 0 (logit 2), token 1 expert 1 (logit 3).
    const own = referenceOnSelection(layer, input, Uint8Array.from([1, 0, 0, 0, 1, 0]), gradOutput);
    expect(Array.from(own.forward.y)).toEqual(Array.from(forward.y));
    expect(Array.from(own.grads.wUp)).toEqual(Array.from(grads.wUp));
    // Token 0 given expert 2 instead: weight 1 (renormalised over one expert), its output changes.
    const other = referenceOnSelection(layer, input, Uint8Array.from([0, 0, 1, 0, 1, 0]), gradOutput);
    expect(Array.from(other.forward.routing.slotExpert)).toEqual([2, 1]);
    expect(Array.from(other.forward.routing.slotWeight)).toEqual([1, 1]);
    expect(other.forward.y[0]).not.toBe(forward.y[0]);
    expect(Array.from(other.forward.y.subarray(2))).toEqual(Array.from(forward.y.subarray(2)));
  });

  it('names `selected` when its shape is wrong', () => {
    expect(() => referenceOnSelection(layer, input, new Uint8Array(5), gradOutput)).toThrow(ShapeError);
    expect(() => referenceOnSelection(layer, input, new Uint8Array(5), gradOutput)).toThrow(/selected/);
  });
});
