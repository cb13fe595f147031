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
  tiedRow,
  tokenSelection,
  topIndices,
} from '../__tests__/property-helpers.ts';
import { longCat } from './longcat.ts';

const cases = (row: RowArbitrary = distinctRow, withBias = true) =>
  fc
    .record({ numExperts: fc.integer({ min: 1, max: 8 }), identityExperts: fc.integer({ min: 0, max: 6 }) })
    .chain(({ numExperts, identityExperts }) =>
      fc.record({
        numExperts: fc.constant(numExperts),
        identityExperts: fc.constant(identityExperts),
        k: fc.integer({ min: 1, max: numExperts + identityExperts }),
        tokens: fc.integer({ min: 1, max: 8 }),
        routedScalingFactor: fc.constantFrom(6, 1, 2.5),
      }),
    )
    .chain((config) => {
      const total = config.numExperts + config.identityExperts;
      return fc.record({
        config: fc.constant(config),
        logits: logitsMatrix(config.tokens, total, row),
        // Selection-only bias on FFN experts (the controller leaves identity experts at 0).
        bias: withBias
          ? fc
              .array(fc.integer({ min: -16, max: 16 }), {
                minLength: config.numExperts,
                maxLength: config.numExperts,
              })
              .map((values) =>
                Float64Array.from({ length: total }, (_, e) => (e < config.numExperts ? values[e]! / 64 : 0)),
              )
          : fc.constant(new Float64Array(total)),
      });
    });

describe('longCat routing properties', () => {
  it('takes exactly K candidates, the top K of s + b, with unbiased weights scale * s (not renormalised)', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, bias }) => {
        const { numExperts, identityExperts, k, tokens, routedScalingFactor } = config;
        const total = numExperts + identityExperts;
        const routing = route(longCat(config).spec(), { tokens, logits, params: { selectionBias: bias } });
        expectWellFormed(routing, total);
        for (let token = 0; token < tokens; token++) {
          const offset = token * total;
          const probabilities = softmaxRow(logits, offset, total);
          expectClose(routing.scores.subarray(offset, offset + total), probabilities, 1e-12);
          // Keys as the reference forms them (score + bias), ranked by the oracle.
          const keys = Array.from(
            routing.scores.subarray(offset, offset + total),
            (score, e) => score + bias[e]!,
          );
          const { experts, weights } = tokenSelection(routing, token);
          check(experts.length === k, `token ${token} has ${experts.length} experts, not K`);
          expectSame(experts, topIndices(keys, 0, total, k));
          expectClose(
            weights,
            experts.map((expert) => routedScalingFactor * probabilities[expert]!),
            1e-12,
          );
          const ffn = experts.filter((expert) => expert < numExperts).length;
          check(
            ffn <= Math.min(k, numExperts) && ffn >= Math.max(0, k - identityExperts),
            `FFN count ${ffn}`,
          );
        }
      }),
      runsWithSeed(801),
    );
  });

  it('ffnLoads counts the tokens routed to each FFN expert (identity experts excluded)', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits, bias }) => {
        const router = longCat(config);
        const routing = route(router.spec(), {
          tokens: config.tokens,
          logits,
          params: { selectionBias: bias },
        });
        const expected = new Array<number>(config.numExperts).fill(0);
        for (let token = 0; token < config.tokens; token++) {
          for (const expert of tokenSelection(routing, token).experts) {
            if (expert < config.numExperts) expected[expert] = expected[expert]! + 1;
          }
        }
        expectSame(router.ffnLoads(routing), expected, 'ffnLoads');
      }),
      runsWithSeed(802),
    );
  });

  it('ties go to the lower id', () => {
    fc.assert(
      fc.property(cases(tiedRow, false), ({ config, logits }) => {
        const total = config.numExperts + config.identityExperts;
        const routing = route(longCat(config).spec(), { tokens: config.tokens, logits });
        for (let token = 0; token < config.tokens; token++) {
          expectSame(
            tokenSelection(routing, token).experts,
            topIndices(logits, token * total, total, config.k),
          );
        }
      }),
      runsWithSeed(803),
    );
  });

  it('selection is invariant to adding a constant to each token’s logits (bias fixed)', () => {
    fc.assert(
      fc.property(
        cases().chain((value) =>
          fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
        ),
        ({ value: { config, logits, bias }, shifts }) => {
          const spec = longCat(config).spec();
          const total = config.numExperts + config.identityExperts;
          const params = { selectionBias: bias };
          const base = route(spec, { tokens: config.tokens, logits, params });
          const shifted = route(spec, {
            tokens: config.tokens,
            logits: shiftRows(logits, total, shifts),
            params,
          });
          // On the 1/16 grid `z + c - (max + c)` is exact, so the scores (hence s + b) are bitwise equal.
          expectSame(shifted.scores, base.scores, 'scores');
          expectSame(shifted.slotExpert, base.slotExpert);
          expectClose(shifted.slotWeight, base.slotWeight, 1e-12);
        },
      ),
      runsWithSeed(804),
    );
  });
});

describe('longCat config', () => {
  it('declares Z copy (identity) experts and the 6.0 scale default', () => {
    const router = longCat({ numExperts: 4, identityExperts: 2, k: 3 });
    expect(router.config).toEqual({ numExperts: 4, identityExperts: 2, k: 3, routedScalingFactor: 6 });
    expect(router.spec().zeroComputation).toEqual(['copy', 'copy']);
    expect(router.spec().weighting).toEqual({ kind: 'score', scale: 6, gain: false });
    expect(router.parameters(8)).toEqual([{ name: 'router', shape: [6, 8], init: 'normal' }]);
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    expectInvalidArgument(
      () => longCat({ numExperts: 4, identityExperts: 2, k: 7 }),
      'longcat',
      'k',
      'an integer in [1, 6]',
    );
    expectInvalidArgument(
      () => longCat({ numExperts: 4, identityExperts: 2, k: 0 }),
      'longcat',
      'k',
      'an integer in [1, 6]',
    );
    expectInvalidArgument(
      () => longCat({ numExperts: 4, identityExperts: -2, k: 1 }),
      'longcat',
      'identityExperts',
      'an integer >= 0',
    );
    for (const routedScalingFactor of [0, -6, Number.NaN]) {
      expectInvalidArgument(
        () => longCat({ numExperts: 4, identityExperts: 2, k: 1, routedScalingFactor }),
        'longcat',
        'routedScalingFactor',
        '(0, inf)',
      );
    }
  });
});
