import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  expectClose,
  expectInvalidArgument,
  expectSame,
  expectWellFormed,
  gridRow,
  logitsMatrix,
  route,
  runsWithSeed,
  tokenSelection,
} from '../__tests__/property-helpers.ts';
import { blockFFN } from './blockffn.ts';

const cases = fc
  .record({
    numExperts: fc.integer({ min: 1, max: 12 }),
    tokens: fc.integer({ min: 1, max: 8 }),
    eps: fc.constantFrom(0, 1e-5, 1e-2),
  })
  .chain((config) =>
    fc.record({
      config: fc.constant(config),
      logits: logitsMatrix(config.tokens, config.numExperts, gridRow),
      gain: fc
        .array(fc.integer({ min: 1, max: 32 }), {
          minLength: config.numExperts,
          maxLength: config.numExperts,
        })
        .map((values) => Float64Array.from(values, (value) => value / 16)),
    }),
  );

describe('blockFFN routing properties', () => {
  it('selects the strictly positive logits (0..E experts) with weight gain * relu(z) / rms(relu(z))', () => {
    fc.assert(
      fc.property(cases, ({ config, logits, gain }) => {
        const { numExperts, tokens, eps } = config;
        const routing = route(blockFFN(config).spec(), { tokens, logits, params: { gain } });
        expectWellFormed(routing, numExperts);
        for (let token = 0; token < tokens; token++) {
          const row = Array.from(logits.subarray(token * numExperts, (token + 1) * numExperts));
          const active = row.map((value) => Math.max(value, 0));
          const rms = Math.sqrt(active.reduce((total, value) => total + value * value, 0) / numExperts + eps);
          const { experts, weights } = tokenSelection(routing, token);
          check(experts.length <= numExperts, 'k within 0..E');
          expectSame(
            experts,
            row.flatMap((value, expert) => (value > 0 ? [expert] : [])),
          );
          expectClose(
            weights,
            experts.map((expert) => (gain[expert]! * active[expert]!) / rms),
            1e-12,
          );
        }
      }),
      runsWithSeed(501),
    );
  });

  it('an all-non-positive row selects nothing (a zero row stays zero even with eps = 0)', () => {
    const spec = blockFFN({ numExperts: 3, eps: 0 }).spec();
    const routing = route(spec, {
      tokens: 1,
      logits: Float64Array.from([0, -1, 0]),
      params: { gain: Float64Array.from([1, 1, 1]) },
    });
    expect(routing.kCount[0]).toBe(0);
    expect(Array.from(routing.scores)).toEqual([0, 0, 0]);
  });

  it('the gain vector is required at routing time', () => {
    expect(() =>
      route(blockFFN({ numExperts: 2 }).spec(), { tokens: 1, logits: new Float64Array(2) }),
    ).toThrow(/params\.gain/);
  });
});

describe('blockFFN config', () => {
  it('defaults eps to 1e-5 and declares router and gain parameters', () => {
    const router = blockFFN({ numExperts: 4 });
    expect(router.config).toEqual({ numExperts: 4, eps: 1e-5 });
    expect(router.spec().scoring).toEqual({ kind: 'relu-rmsnorm', eps: 1e-5 });
    expect(router.parameters(8)).toEqual([
      { name: 'router', shape: [4, 8], init: 'normal' },
      { name: 'gain', shape: [4], init: 'ones' },
    ]);
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    for (const eps of [-1e-6, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectInvalidArgument(() => blockFFN({ numExperts: 4, eps }), 'blockffn', 'eps', '[0, inf)');
    }
    expectInvalidArgument(() => blockFFN({ numExperts: 0 }), 'blockffn', 'numExperts', 'an integer >= 1');
  });
});
