import { InvalidArgumentError, type RoutingResultV1 } from '@anyk/core';
import { routeBackwardReference, routeReference, validateRouterSpec } from '@anyk/core/internal';
import { describe, expect, it } from 'vitest';
import { selectionLists } from '../shared/router-family.ts';
import { uniMoE2 } from './uni-moe-2.ts';

/** E = 4, Z = 1, S = 2, p = 0.7: the worked examples' router (columns routed 0-3 | null 4 | shared 5, 6). */
const router = uniMoE2({ numExperts: 4, nullExperts: 1, sharedExperts: 2, p: 0.7 });
const route = (logits: number[][]): RoutingResultV1 =>
  routeReference(router.spec(), { tokens: logits.length, logits: Float64Array.from(logits.flat()) }).result;

const v1 = [2.0, 1.0, 0.5, -1.0, 0.8, 0.3, 0.1];
const v2 = [0.2, 0.1, 0.0, -0.1, 0.15, 0.5, 0.5];
const v3 = [0, 0, 0, 0, 3.0, 0, 0];
const v4 = [1.0, 0.99, -0.5, -1.0, 0.0, 0.2, 0.2];

describe('uniMoE2', () => {
  it('V1: k = 2 picks, r = 1/2, the joint softmax splits the mass with the shared experts', () => {
    const routing = route([v1]);
    const { selection, weights } = selectionLists(routing);
    expect(selection).toEqual([[0, 1]]);
    expect(weights[0]?.[0]).toBeCloseTo(0.402286, 5);
    expect(weights[0]?.[1]).toBeCloseTo(0.402286, 5);
    expect(routing.sharedWeight?.[0]).toBeCloseTo(0.107453, 5);
    expect(routing.sharedWeight?.[1]).toBeCloseTo(0.087975, 5);
  });

  it('V2: k = 4 with a null pick, whose share is dropped (weight 0)', () => {
    const { selection, weights } = selectionLists(route([v2]));
    expect(selection).toEqual([[0, 1, 2, 4]]);
    for (const j of [0, 1, 2]) expect(weights[0]?.[j]).toBeCloseTo(0.144121, 5);
    expect(weights[0]?.[3]).toBe(0);
  });

  it('V3: a null-only token runs no routed expert; the shared experts get their joint-softmax share', () => {
    const routing = route([v3]);
    expect(selectionLists(routing).selection).toEqual([[4]]);
    expect(routing.sharedWeight?.[0]).toBeCloseTo(0.045279, 5);
  });

  it('V4: a near tie gives the second-ranked expert the larger weight', () => {
    const { weights } = selectionLists(route([v4]));
    expect(weights[0]?.[0]).toBeCloseTo(0.2304, 4);
    expect(weights[0]?.[1]).toBeCloseTo(0.458507, 5);
  });

  it('counts with >= and reports D + 1 (no pick) when p > 1', () => {
    expect(Array.from(router.counts(Float64Array.from([...v1, ...v2, ...v3]), 3))).toEqual([2, 4, 1]);
    const above = uniMoE2({ numExperts: 4, nullExperts: 1, sharedExperts: 2, p: 1.2 });
    expect(Array.from(above.counts(Float64Array.from(v1), 1))).toEqual([6]);
    const routing = routeReference(above.spec(), { tokens: 1, logits: Float64Array.from(v1) }).result;
    expect(routing.kCount[0]).toBe(0);
    expect((routing.sharedWeight?.[0] as number) + (routing.sharedWeight?.[1] as number)).toBeCloseTo(1, 12);
  });

  it('has weight gradients that match finite differences (through the near-tie window)', () => {
    const spec = router.spec();
    const logits = Float64Array.from([...v1, ...v4]);
    const cotangent = Float64Array.from({ length: 14 }, (_, index) => Math.cos(index));
    const objective = (values: Float64Array): number => {
      const trace = routeReference(spec, { tokens: 2, logits: values });
      let sum = 0;
      for (let index = 0; index < 14; index++) sum += trace.denseWeights[index]! * cotangent[index]!;
      return sum;
    };
    const trace = routeReference(spec, { tokens: 2, logits });
    const grads = routeBackwardReference(trace, { tokens: 2, logits }, { weights: cotangent });
    for (let index = 0; index < 14; index++) {
      const plus = Float64Array.from(logits);
      plus[index] = plus[index]! + 1e-6;
      const minus = Float64Array.from(logits);
      minus[index] = minus[index]! - 1e-6;
      expect(grads.logits[index], `logits[${index}]`).toBeCloseTo(
        (objective(plus) - objective(minus)) / 2e-6,
        6,
      );
    }
  });

  it('rejects bad configurations with the argument named', () => {
    const base = { numExperts: 4, nullExperts: 1, sharedExperts: 2, p: 0.7 };
    expect(() => uniMoE2({ ...base, p: -0.1 })).toThrow(InvalidArgumentError);
    expect(() => uniMoE2({ ...base, p: -0.1 })).toThrow(/\bp\b/);
    expect(() => uniMoE2({ ...base, windowEps: -1 })).toThrow(/windowEps/);
    expect(() => uniMoE2({ ...base, nullExperts: -1 })).toThrow(/nullExperts/);
    expect(() => uniMoE2({ ...base, sharedExperts: 1.5 })).toThrow(/sharedExperts/);
    expect(() => uniMoE2({ ...base, capacityFactor: 0 })).toThrow(/capacityFactor/);
    expect(() => uniMoE2({ ...base, minCapacity: -2 })).toThrow(/minCapacity/);
    expect(() => uniMoE2({ ...base, p: 0, k: 6 })).toThrow(/\bk\b/);
  });

  it('builds a spec core validates, and core rejects broken hand-made variants', () => {
    const spec = router.spec();
    expect(validateRouterSpec(spec)).toEqual({ kMax: 5, totalExperts: 7 });
    expect(() => validateRouterSpec({ ...spec, weighting: { kind: 'uniform' } })).toThrow(/weighting\.kind/);
    const selection = spec.selection as Extract<typeof spec.selection, { kind: 'uni-moe-top-p' }>;
    expect(() => validateRouterSpec({ ...spec, selection: { ...selection, windowEps: -1 } })).toThrow(
      /selection\.windowEps/,
    );
    expect(() => validateRouterSpec({ ...spec, selection: { ...selection, p: -1 } })).toThrow(/selection\.p/);
    expect(() =>
      validateRouterSpec({ ...spec, selection: { ...selection, capacity: { factor: 1, minCapacity: -1 } } }),
    ).toThrow(/minCapacity/);
    expect(() => validateRouterSpec({ ...spec, sharedExperts: { count: -1 } })).toThrow(
      /sharedExperts\.count/,
    );
    expect(() =>
      validateRouterSpec({
        ...spec,
        selection: { kind: 'top-k', k: 2 },
        weighting: { kind: 'score', scale: 1, gain: false },
      }),
    ).toThrow(/shared router columns/);
  });
});
