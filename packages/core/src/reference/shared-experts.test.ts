import { describe, expect, it } from 'vitest';
import type { MoeLayerV1, SharedExpertsV1 } from '../contracts/index.ts';
import { InvalidArgumentError, ShapeError } from '../errors/index.ts';
import { layerBackwardReference, layerForwardReference, validateLayer } from './layer-reference.ts';

const experts = 3;
const d = 4;
const f = 5;
const sharedWidth = 6;
const values = (length: number, offset: number) =>
  Float64Array.from({ length }, (_, index) => 0.5 * Math.sin(1.3 * index + offset));

/** A small top-2 SwiGLU layer with two shared experts of their own width. */
function layerWith(shared: Partial<SharedExpertsV1>): MoeLayerV1 {
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
      weighting: { kind: 'score', scale: 1, gain: false },
    },
    weights: {
      d,
      f,
      expert: { kind: 'swiglu' },
      router: values(experts * d, 1),
      wGate: values(experts * f * d, 2),
      wUp: values(experts * f * d, 3),
      wDown: values(experts * d * f, 4),
      shared: {
        count: 2,
        f: sharedWidth,
        gate: 'sigmoid',
        wGate: values(2 * sharedWidth * d, 5),
        wUp: values(2 * sharedWidth * d, 6),
        wDown: values(2 * d * sharedWidth, 7),
        gateWeight: values(d, 8),
        ...shared,
      },
    },
  };
}

describe('shared experts in the reference layer', () => {
  it('names the shared tensor with a bad shape', () => {
    expect(() => validateLayer(layerWith({ wUp: values(2 * f * d, 1) }))).toThrow(ShapeError);
    expect(() => validateLayer(layerWith({ wUp: values(2 * f * d, 1) }))).toThrow(/weights\.shared\.wUp/);
    expect(() => validateLayer(layerWith({ wDown: values(d * sharedWidth, 1) }))).toThrow(
      /weights\.shared\.wDown/,
    );
  });

  it('rejects bad counts, gates and gate rows', () => {
    expect(() => validateLayer(layerWith({ count: 0 }))).toThrow(InvalidArgumentError);
    expect(() => validateLayer(layerWith({ gate: 'nope' as 'none' }))).toThrow(/weights\.shared\.gate/);
    expect(() => validateLayer(layerWith({ gateWeight: undefined }))).toThrow(/weights\.shared\.gateWeight/);
    expect(() => validateLayer(layerWith({ gate: 'none' }))).toThrow(/weights\.shared\.gateWeight/);
    // softmax-mixed needs the router spec's shared columns.
    expect(() => validateLayer(layerWith({ gate: 'softmax-mixed', gateWeight: undefined }))).toThrow(
      /weights\.shared\.count/,
    );
  });

  it('adds the gated shared experts to the output and reports their weights', () => {
    const layer = layerWith({});
    const tokens = 3;
    const x = values(tokens * d, 9);
    const withShared = layerForwardReference(layer, { tokens, x });
    const { shared: _, ...routedOnly } = layer.weights;
    const without = layerForwardReference({ ...layer, weights: routedOnly }, { tokens, x });
    const gates = withShared.routing.result.sharedWeight as Float64Array;
    expect(gates).toHaveLength(tokens * 2);
    const difference = withShared.y.map((value, index) => value - without.y[index]!);
    expect(Math.max(...difference.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(without.routing.result.sharedWeight).toBeUndefined();
  });

  it('has gradients that match finite differences (sigmoid gate: gateWeight and x through the gate)', () => {
    const layer = layerWith({});
    const tokens = 2;
    const x = values(tokens * d, 9);
    const g = values(tokens * d, 10);
    const loss = (candidate: MoeLayerV1, input: Float64Array): number =>
      layerForwardReference(candidate, { tokens, x: input }).y.reduce(
        (sum, value, index) => sum + value * g[index]!,
        0,
      );
    const trace = layerForwardReference(layer, { tokens, x });
    const grads = layerBackwardReference(layer, { tokens, x }, trace, g);
    const step = 1e-6;
    const shared = layer.weights.shared as SharedExpertsV1;
    const probes: [string, Float64Array, ArrayLike<number> | undefined, (p: Float64Array) => MoeLayerV1][] = [
      [
        'gateWeight',
        shared.gateWeight as Float64Array,
        grads.shared?.gateWeight,
        (p) => layerWith({ gateWeight: p }),
      ],
      ['wUp', shared.wUp as Float64Array, grads.shared?.wUp, (p) => layerWith({ wUp: p })],
      ['wDown', shared.wDown as Float64Array, grads.shared?.wDown, (p) => layerWith({ wDown: p })],
    ];
    for (const [name, base, analytic, build] of probes) {
      expect(analytic, name).toBeDefined();
      for (const index of [0, 3, base.length - 1]) {
        const plus = Float64Array.from(base);
        plus[index] = plus[index]! + step;
        const minus = Float64Array.from(base);
        minus[index] = minus[index]! - step;
        const numeric = (loss(build(plus), x) - loss(build(minus), x)) / (2 * step);
        expect((analytic as ArrayLike<number>)[index], `${name}[${index}]`).toBeCloseTo(numeric, 6);
      }
    }
    for (const index of [0, 5]) {
      const plus = Float64Array.from(x);
      plus[index] = plus[index]! + step;
      const minus = Float64Array.from(x);
      minus[index] = minus[index]! - step;
      const numeric = (loss(layer, plus) - loss(layer, minus)) / (2 * step);
      expect(grads.x[index], `x[${index}]`).toBeCloseTo(numeric, 6);
    }
  });
});
