import { ShapeError } from '@anyk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  expectClose,
  expectInvalidArgument,
  expectSame,
  expectWellFormed,
  route,
  runsWithSeed,
  sigmoid,
  tokenSelection,
} from '../__tests__/property-helpers.ts';
import { dynMoE } from './dynmoe.ts';

const grid = (length: number) =>
  fc
    .array(fc.integer({ min: -8, max: 8 }), { minLength: length, maxLength: length })
    .map((values) => Float64Array.from(values, (value) => value / 4));

/** A DynMoE window: x `[T, d]`, W_g `[d, E]`, theta, a mask with at least one active slot, a scale. */
const windows = fc
  .record({
    numExperts: fc.integer({ min: 1, max: 8 }),
    tokens: fc.integer({ min: 1, max: 8 }),
    d: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ numExperts, tokens, d }) =>
    fc.record({
      numExperts: fc.constant(numExperts),
      tokens: fc.constant(tokens),
      d: fc.constant(d),
      logitScale: fc.integer({ min: 1, max: 40 }).map((value) => value / 4),
      x: grid(tokens * d),
      wG: grid(d * numExperts),
      theta: fc
        .array(fc.integer({ min: -1000, max: 1000 }), { minLength: numExperts, maxLength: numExperts })
        .map((values) => Float64Array.from(values, (value) => value / 997)),
      mask: fc
        .array(fc.constantFrom(0, 1), { minLength: numExperts, maxLength: numExperts })
        .filter((values) => values.includes(1))
        .map((values) => Float64Array.from(values)),
    }),
  );

type Window = typeof windows extends fc.Arbitrary<infer Value> ? Value : never;

/** Independent scores `sigmoid(s cos(x_t, w_e)) * mask_e` and thresholds `sigmoid(s theta_e)`. */
function oracle(window: Window): { scores: number[][]; thresholds: number[] } {
  const { numExperts, tokens, d, logitScale, x, wG, theta, mask } = window;
  const scores: number[][] = [];
  for (let token = 0; token < tokens; token++) {
    let xNorm = 0;
    for (let i = 0; i < d; i++) xNorm += x[token * d + i]! ** 2;
    const row: number[] = [];
    for (let expert = 0; expert < numExperts; expert++) {
      let dot = 0;
      let wNorm = 0;
      for (let i = 0; i < d; i++) {
        dot += x[token * d + i]! * wG[i * numExperts + expert]!;
        wNorm += wG[i * numExperts + expert]! ** 2;
      }
      const cosine = dot / (Math.max(Math.sqrt(xNorm), 1e-12) * Math.max(Math.sqrt(wNorm), 1e-12));
      row.push(sigmoid(logitScale * cosine) * mask[expert]!);
    }
    scores.push(row);
  }
  return { scores, thresholds: Array.from(theta, (value) => sigmoid(logitScale * value)) };
}

const routeWindow = (window: Window, mode: 'train' | 'infer') =>
  route(dynMoE({ numExperts: window.numExperts, logitScale: window.logitScale }).spec({ mode }), {
    tokens: window.tokens,
    x: window.x,
    router: window.wG,
    d: window.d,
    params: { thresholds: window.theta, mask: window.mask },
  });

describe('dynMoE routing properties', () => {
  it('train: selects exactly the experts whose score is strictly above their threshold, weights 1/k (may be empty)', () => {
    fc.assert(
      fc.property(windows, (window) => {
        const { scores, thresholds } = oracle(window);
        // Exclude inputs where a score sits within 1e-9 of its threshold (float rounding decides there).
        fc.pre(scores.every((row) => row.every((score, e) => Math.abs(score - thresholds[e]!) > 1e-9)));
        const routing = routeWindow(window, 'train');
        expectWellFormed(routing, window.numExperts);
        for (let token = 0; token < window.tokens; token++) {
          const row = scores[token] as number[];
          const expected = row.flatMap((score, expert) => (score > thresholds[expert]! ? [expert] : []));
          const { experts, weights } = tokenSelection(routing, token);
          expectSame(experts, expected, `token ${token}`);
          expectClose(
            weights,
            experts.map(() => 1 / experts.length),
            1e-15,
          );
          // An inactive slot never scores above its (positive) threshold.
          check(
            experts.every((expert) => window.mask[expert] === 1),
            'inactive slot selected',
          );
        }
      }),
      runsWithSeed(301),
    );
  });

  it('infer: never empty; the same selection when train selects something, else the argmax with weight 1', () => {
    fc.assert(
      fc.property(windows, (window) => {
        const { scores, thresholds } = oracle(window);
        fc.pre(scores.every((row) => row.every((score, e) => Math.abs(score - thresholds[e]!) > 1e-9)));
        const train = routeWindow(window, 'train');
        const infer = routeWindow(window, 'infer');
        expectWellFormed(infer, window.numExperts);
        for (let token = 0; token < window.tokens; token++) {
          const trained = tokenSelection(train, token);
          const inferred = tokenSelection(infer, token);
          check(inferred.experts.length >= 1, `token ${token} is empty in inference`);
          if (trained.experts.length > 0) {
            expectSame(inferred.experts, trained.experts);
            expectSame(inferred.weights, trained.weights);
          } else {
            // Argmax of the (masked) scores, ties to the lower id: a reduce with strict > keeps the first.
            const row = Array.from(
              infer.scores.subarray(token * window.numExperts, (token + 1) * window.numExperts),
            );
            const best = row.reduce((chosen, score, expert) => (score > row[chosen]! ? expert : chosen), 0);
            expectSame(inferred.experts, [best]);
            expectSame(inferred.weights, [1]);
            check(window.mask[best] === 1, 'the fallback picks an active slot');
          }
        }
      }),
      runsWithSeed(302),
    );
  });

  it('train mode can leave a token with no expert; infer falls back to its best expert', () => {
    // x points away from both experts (cosines -1 and -0.6): every score is below the 0.5 threshold.
    const input = {
      tokens: 1,
      d: 2,
      x: Float64Array.from([-1, 0]),
      router: Float64Array.from([1, 0.6, 0, 0.8]),
      params: { thresholds: new Float64Array(2), mask: Float64Array.from([1, 1]) },
    };
    const router = dynMoE({ numExperts: 2 });
    const train = route(router.spec(), input);
    expect(train.kCount[0]).toBe(0);
    const infer = route(router.spec({ mode: 'infer' }), input);
    expect(tokenSelection(infer, 0)).toEqual({ experts: [1], weights: [1] });
    // The factory's mode is the default, a call's mode overrides it.
    expect(dynMoE({ numExperts: 2, mode: 'infer' }).spec().selection).toMatchObject({ fallback: 'argmax' });
    expect(dynMoE({ numExperts: 2, mode: 'infer' }).spec({ mode: 'train' }).selection).toMatchObject({
      fallback: 'none',
    });
  });
});

describe('dynMoE adaptiveUpdate', () => {
  it('removes unused slots and adds at most one slot at the first inactive index with U/|U| and theta 0', () => {
    fc.assert(
      fc.property(windows, (window) => {
        const { numExperts, tokens, d, x, wG, theta, mask } = window;
        const router = dynMoE({ numExperts, logitScale: window.logitScale });
        const routing = routeWindow(window, 'train');
        const update = router.adaptiveUpdate({ tokens, d, x, wG, theta, mask, routing });
        // Routing records and the uncovered sum, recomputed from the slots.
        const records = new Float64Array(numExperts);
        const uncovered = new Float64Array(d);
        for (let token = 0; token < tokens; token++) {
          const { experts } = tokenSelection(routing, token);
          for (const expert of experts) records[expert] = records[expert]! + 1;
          if (experts.length === 0)
            for (let i = 0; i < d; i++) uncovered[i] = uncovered[i]! + x[token * d + i]!;
        }
        expectSame(update.routingRecords, records, 'routingRecords');
        expectSame(update.uncoveredSum, uncovered, 'uncoveredSum');
        const afterRemoval = Array.from(mask, (active, expert) =>
          active === 1 && records[expert]! > 0 ? 1 : 0,
        );
        const firstInactive = afterRemoval.indexOf(0);
        const uncoveredTotal = uncovered.reduce((a, b) => a + b, 0);
        const expectedAdded = uncoveredTotal !== 0 && firstInactive >= 0 ? firstInactive : -1;
        check(update.addedExpert === expectedAdded, `added ${update.addedExpert}, expected ${expectedAdded}`);
        const expectedMask = [...afterRemoval];
        if (expectedAdded >= 0) expectedMask[expectedAdded] = 1;
        expectSame(update.maskNext, expectedMask, 'maskNext');
        // Only the added slot's embedding column and threshold change; the new column is unit-norm U/|U|.
        const norm = Math.sqrt(uncovered.reduce((a, b) => a + b * b, 0));
        for (let expert = 0; expert < numExperts; expert++) {
          const added = expert === expectedAdded;
          check(update.thetaNext[expert] === (added ? 0 : theta[expert]), `theta[${expert}]`);
          for (let i = 0; i < d; i++) {
            const expected = added ? uncovered[i]! / norm : wG[i * numExperts + expert]!;
            check(
              Math.abs(update.wGNext[i * numExperts + expert]! - expected) < 1e-15,
              `wG[${i}, ${expert}]`,
            );
          }
        }
        check(
          update.maskNext.reduce(
            (count, value, expert) => count + (value === 1 && mask[expert] === 0 ? 1 : 0),
            0,
          ) <= 1,
          'at most one slot is added per update',
        );
      }),
      runsWithSeed(303),
    );
  });

  it('concrete window: slot 1 gets no token and is removed, then re-added for the uncovered token', () => {
    const router = dynMoE({ numExperts: 3 });
    // Slot 0 points along +x; slot 1 along +y; slot 2 inactive. Token 0 = +x (slot 0), token 1 = -x - y
    // (no slot: cosines -0.71 with both).
    const window = {
      tokens: 2,
      d: 2,
      x: Float64Array.from([1, 0, -1, -1]),
      wG: Float64Array.from([1, 0, 0, 0, 1, 0]),
      theta: Float64Array.from([0, 0.5, 0.3]),
      mask: Float64Array.from([1, 1, 0]),
    };
    const routing = route(router.spec(), {
      tokens: 2,
      d: 2,
      x: window.x,
      router: window.wG,
      params: { thresholds: window.theta, mask: window.mask },
    });
    expect(Array.from(routing.kCount)).toEqual([1, 0]);
    const update = router.adaptiveUpdate({ ...window, routing });
    expect(Array.from(update.routingRecords)).toEqual([1, 0, 0]);
    expect(Array.from(update.uncoveredSum)).toEqual([-1, -1]);
    // Slot 1 was removed (no token), so it is the first inactive slot and is re-activated.
    expect(update.addedExpert).toBe(1);
    expect(Array.from(update.maskNext)).toEqual([1, 1, 0]);
    expect(update.thetaNext[1]).toBe(0);
    expectClose([update.wGNext[1]!, update.wGNext[4]!], [-Math.SQRT1_2, -Math.SQRT1_2], 1e-15);
  });

  it('adds nothing when the uncovered sum is zero or no slot is free', () => {
    const router = dynMoE({ numExperts: 2 });
    const base = {
      tokens: 2,
      d: 2,
      wG: Float64Array.from([1, 0, 0, 1]),
      theta: Float64Array.from([0, 0]),
    };
    // Both tokens uncovered (cosine 0 with the only active slot: score 0.5, not above the 0.5 threshold),
    // and their x sum to the zero vector, so sum(U) = 0 (DeepSpeed's `sum(sample_records) == 0` test).
    const zeroSum = { ...base, x: Float64Array.from([0, 1, 0, -1]), mask: Float64Array.from([1, 0]) };
    const zeroSumRouting = route(router.spec(), {
      tokens: 2,
      d: 2,
      x: zeroSum.x,
      router: zeroSum.wG,
      params: { thresholds: zeroSum.theta, mask: zeroSum.mask },
    });
    expect(Array.from(zeroSumRouting.kCount)).toEqual([0, 0]);
    const noAdd = router.adaptiveUpdate({ ...zeroSum, routing: zeroSumRouting });
    expect(Array.from(noAdd.uncoveredSum)).toEqual([0, 0]);
    expect(noAdd.addedExpert).toBe(-1);
    // Slot 0 received nothing, so it is removed too; nothing replaces it.
    expect(Array.from(noAdd.maskNext)).toEqual([0, 0]);
    expect(Array.from(noAdd.wGNext)).toEqual(Array.from(base.wG));

    // Every slot active and used, yet a token is uncovered: there is no slot to activate.
    const full = {
      tokens: 3,
      d: 2,
      x: Float64Array.from([1, 0, 0, 1, -1, -1]),
      wG: base.wG,
      theta: base.theta,
      mask: Float64Array.from([1, 1]),
    };
    const fullRouting = route(router.spec(), {
      tokens: 3,
      d: 2,
      x: full.x,
      router: full.wG,
      params: { thresholds: full.theta, mask: full.mask },
    });
    expect(Array.from(fullRouting.kCount)).toEqual([1, 1, 0]);
    const fullUpdate = router.adaptiveUpdate({ ...full, routing: fullRouting });
    expect(fullUpdate.addedExpert).toBe(-1);
    expect(Array.from(fullUpdate.maskNext)).toEqual([1, 1]);
  });

  it('rejects tensors of the wrong shape', () => {
    const router = dynMoE({ numExperts: 2 });
    const routing = route(router.spec(), {
      tokens: 1,
      d: 2,
      x: Float64Array.from([1, 0]),
      router: Float64Array.from([1, 0, 0, 1]),
      params: { thresholds: new Float64Array(2), mask: Float64Array.from([1, 1]) },
    });
    const window = {
      tokens: 1,
      d: 2,
      x: Float64Array.from([1, 0]),
      wG: Float64Array.from([1, 0, 0, 1]),
      theta: new Float64Array(2),
      mask: Float64Array.from([1, 1]),
      routing,
    };
    expect(() => router.adaptiveUpdate({ ...window, theta: new Float64Array(3) })).toThrow(ShapeError);
    expect(() => router.adaptiveUpdate({ ...window, wG: new Float64Array(3) })).toThrow(ShapeError);
    expect(() => router.adaptiveUpdate({ ...window, mask: new Float64Array(1) })).toThrow(ShapeError);
    // A routing of another batch is refused rather than counted against this window.
    expectInvalidArgument(
      () => router.adaptiveUpdate({ ...window, tokens: 2, x: new Float64Array(4) }),
      'dynmoe',
      'routing',
    );
  });
});

describe('dynMoE config', () => {
  it('fills the DeepSpeed defaults and its parameters', () => {
    const router = dynMoE({ numExperts: 4 });
    expect(router.config).toEqual({ numExperts: 4, logitScale: 1, mode: 'train' });
    expect(router.spec()).toMatchObject({
      logits: { kind: 'cosine', logitScale: 1 },
      scoring: { kind: 'sigmoid' },
      selection: { kind: 'threshold', thresholdScale: 1, fallback: 'none' },
      weighting: { kind: 'uniform' },
    });
    expect(router.parameters(8)).toEqual([
      { name: 'wG', shape: [8, 4], init: 'orthogonal' },
      { name: 'theta', shape: [4], init: 'zeros' },
    ]);
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    for (const logitScale of [0, -1, 101, Number.NaN]) {
      expectInvalidArgument(() => dynMoE({ numExperts: 4, logitScale }), 'dynmoe', 'logitScale', '(0, 100]');
    }
    expectInvalidArgument(
      () => dynMoE({ numExperts: 4, mode: 'eval' as 'train' }),
      'dynmoe',
      'mode',
      '"train", "infer"',
    );
    expectInvalidArgument(() => dynMoE({ numExperts: 0 }), 'dynmoe', 'numExperts', 'an integer >= 1');
  });

  it('thresholds or mask of the wrong length reach routeReference as a ShapeError', () => {
    const spec = dynMoE({ numExperts: 3 }).spec();
    const input = { tokens: 1, logits: new Float64Array(3) };
    const thresholds = (() => {
      try {
        route(spec, { ...input, params: { thresholds: new Float64Array(2) } });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thresholds).toBeInstanceOf(ShapeError);
    expect((thresholds as ShapeError).argument).toBe('params.thresholds');
    expect((thresholds as ShapeError).expected).toEqual([3]);
    expect(() => route(spec, input)).toThrow(ShapeError);
    expect(() =>
      route(spec, { ...input, params: { thresholds: new Float64Array(3), mask: new Float64Array(4) } }),
    ).toThrow(/params\.mask/);
  });
});
