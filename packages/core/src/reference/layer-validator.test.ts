import { describe, expect, it } from 'vitest';
import type { MoeLayerV1 } from '../contracts/index.ts';
import { InvalidArgumentError, NonFiniteError } from '../errors/index.ts';
import { LayerValidator } from './layer-validator.ts';

/** A small SwiGLU layer (E = 4, d = 8, f = 12, top-2) with finite, distinct weights. */
function smallLayer(): MoeLayerV1 {
  const experts = 4;
  const d = 8;
  const f = 12;
  const values = (length: number, offset: number) =>
    Float32Array.from({ length }, (_, index) => Math.sin(index + offset));
  return {
    spec: {
      specificationVersion: 'v1',
      family: 'test',
      numExperts: experts,
      zeroComputation: [],
      logits: { kind: 'linear' },
      gatingResidual: false,
      scoring: { kind: 'softmax' },
      selection: { kind: 'top-k', k: 2 },
      weighting: { kind: 'renormalise', scale: 1, excludeZeroExperts: false },
    },
    weights: {
      d,
      f,
      expert: { kind: 'swiglu' },
      router: values(experts * d, 1),
      wGate: values(experts * f * d, 2),
      wUp: values(experts * f * d, 3),
      wDown: values(experts * d * f, 4),
    },
  };
}

describe('LayerValidator', () => {
  const base = smallLayer;

  it('rejects non-finite weights the first time it sees a weights object', () => {
    const layer = base();
    const wUp = Float32Array.from(layer.weights.wUp);
    wUp[5] = Number.NaN;
    expect(() => new LayerValidator().validate({ ...layer, weights: { ...layer.weights, wUp } })).toThrow(
      NonFiniteError,
    );
  });

  it('scans a weights object once (immutable per identity), a new object again', () => {
    const layer = base();
    const validator = new LayerValidator();
    validator.validate(layer);
    // In-place edits are outside the contract: the repeat call does not rescan them.
    (layer.weights.wUp as Float32Array)[0] = Number.NaN;
    expect(() => validator.validate(layer)).not.toThrow();
    // A new weights object (the documented way to change weights) is scanned.
    expect(() => validator.validate({ ...layer, weights: { ...layer.weights } })).toThrow(NonFiniteError);
  });

  it('still checks the per-call parts on a repeat call', () => {
    const layer = base();
    const validator = new LayerValidator();
    validator.validate(layer);
    expect(() => validator.validate({ ...layer, expertInputScale: Number.NaN })).toThrow();
    expect(() => validator.validate({ ...layer, spec: { ...layer.spec, numExperts: 0 } })).toThrow(
      InvalidArgumentError,
    );
    // Same arrays, different spec shape: the weight shapes are checked again.
    expect(() => validator.validate({ ...layer, spec: { ...layer.spec, numExperts: 3 } })).toThrow();
  });
});
