import { InvalidArgumentError, NonFiniteError } from '@anyk/core';
import { describe, expect, it } from 'vitest';
import { randomLayer } from '../__tests__/random-layer.ts';
import { LayerValidator } from './layer-validator.ts';

describe('LayerValidator', () => {
  const base = () =>
    randomLayer({ seed: 7, tokens: 3, experts: 4, d: 8, f: 12, expert: 'swiglu', routing: 'top-k', k: 2 })
      .layer;

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
