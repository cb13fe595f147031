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
import { adaMoE } from './adamoe.ts';

const cases = (row: RowArbitrary = distinctRow) =>
  fc
    .record({ numExperts: fc.integer({ min: 1, max: 8 }), nullExperts: fc.integer({ min: 0, max: 8 }) })
    .chain(({ numExperts, nullExperts }) =>
      fc.record({
        numExperts: fc.constant(numExperts),
        nullExperts: fc.constant(nullExperts),
        k: fc.integer({ min: 1, max: numExperts + nullExperts }),
        tokens: fc.integer({ min: 1, max: 8 }),
      }),
    )
    .chain((config) =>
      fc.record({
        config: fc.constant(config),
        logits: logitsMatrix(config.tokens, config.numExperts + config.nullExperts, row),
      }),
    );

describe('adaMoE routing properties', () => {
  it('takes the top k of E + Z candidates; the real count is in [max(0, k - Z), min(k, E)]', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits }) => {
        const { numExperts, nullExperts, k, tokens } = config;
        const total = numExperts + nullExperts;
        const routing = route(adaMoE(config).spec(), { tokens, logits });
        expectWellFormed(routing, total);
        for (let token = 0; token < tokens; token++) {
          const { experts } = tokenSelection(routing, token);
          expectSame(experts, topIndices(logits, token * total, total, k), `token ${token}`);
          const real = experts.filter((expert) => expert < numExperts).length;
          check(
            real >= Math.max(0, k - nullExperts) && real <= Math.min(k, numExperts),
            `real count ${real}`,
          );
        }
      }),
      runsWithSeed(701),
    );
  });

  it('null experts weigh 0; real experts are renormalised over the selected real ones (all 0 when none)', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits }) => {
        const { numExperts, nullExperts, tokens } = config;
        const total = numExperts + nullExperts;
        const routing = route(adaMoE(config).spec(), { tokens, logits });
        for (let token = 0; token < tokens; token++) {
          const probabilities = softmaxRow(logits, token * total, total);
          const { experts, weights } = tokenSelection(routing, token);
          const realMass = sum(experts.filter((e) => e < numExperts).map((e) => probabilities[e]!));
          const expected = experts.map((expert) =>
            expert < numExperts ? probabilities[expert]! / realMass : 0,
          );
          if (realMass === 0) {
            expectSame(
              weights,
              experts.map(() => 0),
              'no real expert: all weights 0',
            );
          } else {
            expectClose(weights, expected, 1e-12);
            check(Math.abs(sum(weights) - 1) < 1e-12, 'real weights sum to 1');
          }
        }
      }),
      runsWithSeed(702),
    );
  });

  it('ties go to the lower id (a real expert before a null expert of equal logit)', () => {
    fc.assert(
      fc.property(cases(tiedRow), ({ config, logits }) => {
        const total = config.numExperts + config.nullExperts;
        const routing = route(adaMoE(config).spec(), { tokens: config.tokens, logits });
        for (let token = 0; token < config.tokens; token++) {
          expectSame(
            tokenSelection(routing, token).experts,
            topIndices(logits, token * total, total, config.k),
          );
        }
      }),
      runsWithSeed(703),
    );
  });

  it('selection is invariant to adding a constant to each token’s logits', () => {
    fc.assert(
      fc.property(
        cases().chain((value) =>
          fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
        ),
        ({ value: { config, logits }, shifts }) => {
          const spec = adaMoE(config).spec();
          const total = config.numExperts + config.nullExperts;
          const base = route(spec, { tokens: config.tokens, logits });
          const shifted = route(spec, { tokens: config.tokens, logits: shiftRows(logits, total, shifts) });
          expectSame(shifted.slotExpert, base.slotExpert);
          expectClose(shifted.slotWeight, base.slotWeight, 1e-12);
        },
      ),
      runsWithSeed(704),
    );
  });

  it('a token that picks only null experts uses no FFN and gets all-zero weights', () => {
    const routing = route(adaMoE({ numExperts: 2, nullExperts: 2, k: 2 }).spec(), {
      tokens: 1,
      logits: Float64Array.from([0, 0, 1, 2]),
    });
    expect(tokenSelection(routing, 0)).toEqual({ experts: [2, 3], weights: [0, 0] });
  });
});

describe('adaMoE config', () => {
  it('declares Z zero experts after the real ones and a tiled router', () => {
    const router = adaMoE({ numExperts: 8, nullExperts: 16, k: 4 });
    expect(router.totalExperts).toBe(24);
    expect(router.spec().zeroComputation).toEqual(new Array(16).fill('zero'));
    expect(router.spec().weighting).toEqual({ kind: 'renormalise', scale: 1, excludeZeroExperts: true });
    expect(router.parameters(32)).toEqual([{ name: 'router', shape: [24, 32], init: 'tile-router' }]);
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    expectInvalidArgument(
      () => adaMoE({ numExperts: 2, nullExperts: 2, k: 5 }),
      'adamoe',
      'k',
      'an integer in [1, 4]',
    );
    expectInvalidArgument(
      () => adaMoE({ numExperts: 2, nullExperts: 2, k: 0 }),
      'adamoe',
      'k',
      'an integer in [1, 4]',
    );
    expectInvalidArgument(
      () => adaMoE({ numExperts: 2, nullExperts: -1, k: 1 }),
      'adamoe',
      'nullExperts',
      'an integer >= 0',
    );
    expectInvalidArgument(
      () => adaMoE({ numExperts: 2, nullExperts: 0.5, k: 1 }),
      'adamoe',
      'nullExperts',
      'an integer >= 0',
    );
  });
});
