import { ShapeError } from '@anyk/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  distinctRow,
  expectClose,
  expectInvalidArgument,
  expectSame,
  expectWellFormed,
  logitsMatrix,
  type RowArbitrary,
  route,
  runsWithSeed,
  shiftRows,
  shiftsArbitrary,
  softmaxRow,
  sum,
  tiedRow,
  tokenSelection,
  topIndices,
} from '../__tests__/property-helpers.ts';
import { adaK } from './ada-k.ts';

const cases = (row: RowArbitrary = distinctRow) =>
  fc.integer({ min: 1, max: 10 }).chain((numExperts) =>
    fc
      .record({
        numExperts: fc.constant(numExperts),
        kMax: fc.integer({ min: 1, max: numExperts }),
        tokens: fc.integer({ min: 1, max: 8 }),
        weights: fc.constantFrom('renorm' as const, 'raw' as const),
      })
      .chain((config) =>
        fc.record({
          config: fc.constant(config),
          logits: logitsMatrix(config.tokens, numExperts, row),
          k: fc
            .array(fc.integer({ min: 1, max: config.kMax }), {
              minLength: config.tokens,
              maxLength: config.tokens,
            })
            .map((values) => Int32Array.from(values)),
        }),
      ),
  );

/** Seeded uniform source in [0, 1) (a 32-bit LCG), so the sampling test is reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('adaK routing properties', () => {
  it('each token gets exactly its k_t largest experts (never empty for k >= 1) with the backbone weights', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, k }) => {
        const { numExperts, tokens } = config;
        const routing = route(adaK(config).spec(), { tokens, logits, k });
        expectWellFormed(routing, numExperts);
        check(routing.kMax === config.kMax, 'slot stride is kMax');
        for (let token = 0; token < tokens; token++) {
          const offset = token * numExperts;
          const { experts, weights } = tokenSelection(routing, token);
          expectSame(experts, topIndices(logits, offset, numExperts, k[token]!), `token ${token}`);
          const probabilities = softmaxRow(logits, offset, numExperts);
          const mass = config.weights === 'renorm' ? sum(experts.map((expert) => probabilities[expert]!)) : 1;
          expectClose(
            weights,
            experts.map((expert) => probabilities[expert]! / mass),
            1e-12,
          );
          if (config.weights === 'renorm') check(Math.abs(sum(weights) - 1) < 1e-12, 'renorm sums to 1');
        }
      }),
      runsWithSeed(601),
    );
  });

  it('ties go to the lower expert id', () => {
    fc.assert(
      fc.property(cases(tiedRow), ({ config, logits, k }) => {
        const routing = route(adaK(config).spec(), { tokens: config.tokens, logits, k });
        for (let token = 0; token < config.tokens; token++) {
          expectSame(
            tokenSelection(routing, token).experts,
            topIndices(logits, token * config.numExperts, config.numExperts, k[token]!),
          );
        }
      }),
      runsWithSeed(602),
    );
  });

  it('selection is invariant to adding a constant to each token’s logits', () => {
    fc.assert(
      fc.property(
        cases().chain((value) =>
          fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
        ),
        ({ value: { config, logits, k }, shifts }) => {
          const spec = adaK(config).spec();
          const base = route(spec, { tokens: config.tokens, logits, k });
          const shifted = route(spec, {
            tokens: config.tokens,
            logits: shiftRows(logits, config.numExperts, shifts),
            k,
          });
          expectSame(shifted.slotExpert, base.slotExpert);
          expectClose(shifted.slotWeight, base.slotWeight, 1e-12);
        },
      ),
      runsWithSeed(603),
    );
  });

  it('k outside 0..kMax or of the wrong length is rejected by routeReference', () => {
    const spec = adaK({ numExperts: 4, kMax: 2 }).spec();
    const logits = new Float64Array(8);
    expect(() => route(spec, { tokens: 2, logits, k: Int32Array.from([1, 3]) })).toThrow(/k\[1\]/);
    expect(() => route(spec, { tokens: 2, logits, k: Int32Array.from([1]) })).toThrow(ShapeError);
    expect(() => route(spec, { tokens: 2, logits })).toThrow(ShapeError);
  });
});

describe('adaK chooseK and sampleK', () => {
  const allocators = fc
    .record({ kMax: fc.integer({ min: 1, max: 6 }), tokens: fc.integer({ min: 1, max: 6 }) })
    .chain(({ kMax, tokens }) =>
      fc.record({
        kMax: fc.constant(kMax),
        tokens: fc.constant(tokens),
        // Integers in [-2, 2]: frequent argmax ties.
        alloc: logitsMatrix(tokens, kMax, tiedRow),
        sampled: fc
          .array(fc.integer({ min: 1, max: kMax }), { minLength: tokens, maxLength: tokens })
          .map((values) => Int32Array.from(values)),
      }),
    );

  it('infer: k is the argmax (ties to the smaller k); train: k is the sampled one; logProb = log softmax', () => {
    fc.assert(
      fc.property(allocators, ({ kMax, tokens, alloc, sampled }) => {
        const router = adaK({ numExperts: 8, kMax });
        const inferred = router.chooseK(alloc, tokens);
        const trained = router.chooseK(alloc, tokens, { mode: 'train', sampledK: sampled });
        for (let token = 0; token < tokens; token++) {
          const row = Array.from(alloc.subarray(token * kMax, (token + 1) * kMax));
          const best = row.indexOf(Math.max(...row)) + 1; // indexOf finds the first, i.e. the smaller k
          check(inferred.k[token] === best, `argmax k = ${inferred.k[token]}, expected ${best}`);
          check(trained.k[token] === sampled[token], 'train mode uses the sampled k');
          const logSoftmax = softmaxRow(row, 0, kMax).map(Math.log);
          check(Math.abs(inferred.logProb[token]! - logSoftmax[best - 1]!) < 1e-12, 'infer log-prob');
          check(
            Math.abs(trained.logProb[token]! - logSoftmax[sampled[token]! - 1]!) < 1e-12,
            'train log-prob',
          );
        }
      }),
      runsWithSeed(604),
    );
  });

  it('the factory mode is the default and a call mode overrides it', () => {
    const alloc = Float64Array.from([0, 3, 1]);
    const trainRouter = adaK({ numExperts: 4, kMax: 3, mode: 'train' });
    expect(Array.from(trainRouter.chooseK(alloc, 1, { sampledK: Int32Array.from([3]) }).k)).toEqual([3]);
    expect(Array.from(trainRouter.chooseK(alloc, 1, { mode: 'infer' }).k)).toEqual([2]);
    // An exact tie between k = 1 and k = 3 picks the smaller k.
    expect(Array.from(adaK({ numExperts: 4, kMax: 3 }).chooseK(Float64Array.from([2, 0, 2]), 1).k)).toEqual([
      1,
    ]);
  });

  it('sampleK draws k from softmax(alloc): empirical frequencies match within 0.01 over 40000 seeded draws', () => {
    const kMax = 4;
    const row = [0.5, -1, 1.25, 0];
    const tokens = 40_000;
    const alloc = Float64Array.from({ length: tokens * kMax }, (_, index) => row[index % kMax]!);
    const k = adaK({ numExperts: 8, kMax }).sampleK(alloc, tokens, seededRandom(12345));
    const counts = new Array<number>(kMax).fill(0);
    for (const value of k) {
      check(value >= 1 && value <= kMax, `sampled k = ${value}`);
      counts[value - 1] = counts[value - 1]! + 1;
    }
    const probabilities = softmaxRow(row, 0, kMax);
    for (let j = 0; j < kMax; j++) {
      expect(Math.abs(counts[j]! / tokens - probabilities[j]!)).toBeLessThan(0.01);
    }
  });

  it('sampleK inverts the CDF: u = 0 gives k = 1, u just below 1 gives kMax', () => {
    const router = adaK({ numExperts: 8, kMax: 3 });
    const alloc = Float64Array.from([0, 0, 0]);
    expect(Array.from(router.sampleK(alloc, 1, () => 0))).toEqual([1]);
    expect(Array.from(router.sampleK(alloc, 1, () => 0.5))).toEqual([2]);
    expect(Array.from(router.sampleK(alloc, 1, () => 1 - 2 ** -53))).toEqual([3]);
  });

  it('rejects a missing or out-of-range sampled k and misshapen allocator logits', () => {
    const router = adaK({ numExperts: 4, kMax: 2 });
    const alloc = Float64Array.from([0, 1]);
    expectInvalidArgument(() => router.chooseK(alloc, 1, { mode: 'train' }), 'ada-k', 'sampledK');
    expectInvalidArgument(
      () => router.chooseK(alloc, 1, { mode: 'train', sampledK: Int32Array.from([3]) }),
      'ada-k',
      'sampledK[0]',
      'an integer in [1, 2]',
    );
    expect(() => router.chooseK(Float64Array.from([0, 1, 2]), 1)).toThrow(ShapeError);
    expect(() => router.sampleK(Float64Array.from([0]), 1, Math.random)).toThrow(ShapeError);
  });
});

describe('adaK config', () => {
  it('defaults to inference with Mixtral (renorm) weights and declares router and allocator', () => {
    const router = adaK({ numExperts: 8, kMax: 4 });
    expect(router.config).toEqual({ numExperts: 8, kMax: 4, mode: 'infer', weights: 'renorm' });
    expect(router.spec().selection).toEqual({ kind: 'predicted-k', kMax: 4 });
    expect(router.parameters(16)).toEqual([
      { name: 'router', shape: [8, 16], init: 'normal' },
      { name: 'allocator', shape: [4, 16], init: 'normal' },
    ]);
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    expectInvalidArgument(() => adaK({ numExperts: 4, kMax: 5 }), 'ada-k', 'kMax', 'an integer in [1, 4]');
    expectInvalidArgument(() => adaK({ numExperts: 4, kMax: 0 }), 'ada-k', 'kMax', 'an integer in [1, 4]');
    expectInvalidArgument(
      () => adaK({ numExperts: 4, kMax: 2, mode: 'eval' as 'infer' }),
      'ada-k',
      'mode',
      '"train", "infer"',
    );
    expectInvalidArgument(
      () => adaK({ numExperts: 4, kMax: 2, weights: 'softmax' as 'raw' }),
      'ada-k',
      'weights',
      '"renorm", "raw"',
    );
  });
});
