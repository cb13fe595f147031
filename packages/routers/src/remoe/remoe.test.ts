import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  expectInvalidArgument,
  expectSame,
  expectWellFormed,
  gridRow,
  logitsMatrix,
  route,
  runsWithSeed,
  tokenSelection,
} from '../__tests__/property-helpers.ts';
import { reMoE } from './remoe.ts';

const cases = fc
  .record({ numExperts: fc.integer({ min: 1, max: 12 }), tokens: fc.integer({ min: 1, max: 8 }) })
  .chain((config) =>
    fc.record({
      config: fc.constant(config),
      logits: logitsMatrix(config.tokens, config.numExperts, gridRow),
    }),
  );

describe('reMoE routing properties', () => {
  it('selects exactly the strictly positive logits (0..E experts) with weight relu(z)', () => {
    fc.assert(
      fc.property(cases, ({ config, logits }) => {
        const { numExperts, tokens } = config;
        const routing = route(reMoE(config).spec(), { tokens, logits });
        expectWellFormed(routing, numExperts);
        for (let token = 0; token < tokens; token++) {
          const row = Array.from(logits.subarray(token * numExperts, (token + 1) * numExperts));
          const { experts, weights } = tokenSelection(routing, token);
          check(experts.length >= 0 && experts.length <= numExperts, 'k within 0..E');
          // Zero logits are on the grid: the strict `> 0` rule leaves them out.
          expectSame(
            experts,
            row.flatMap((value, expert) => (value > 0 ? [expert] : [])),
          );
          expectSame(
            weights,
            experts.map((expert) => row[expert]!),
          );
        }
      }),
      runsWithSeed(401),
    );
  });

  it('covers the whole 0..E range of k (an all-negative row is empty, an all-positive row is full)', () => {
    const spec = reMoE({ numExperts: 3 }).spec();
    const routing = route(spec, { tokens: 2, logits: Float64Array.from([-1, 0, -0.5, 1, 2, 0.25]) });
    expect(tokenSelection(routing, 0)).toEqual({ experts: [], weights: [] });
    expect(tokenSelection(routing, 1)).toEqual({ experts: [0, 1, 2], weights: [1, 2, 0.25] });
  });
});

describe('reMoE config', () => {
  it('defaults targetK to 1 and exposes the target sparsity 1 - targetK / E', () => {
    const router = reMoE({ numExperts: 8 });
    expect(router.config).toEqual({ numExperts: 8, targetK: 1 });
    expect(router.targetSparsity).toBe(1 - 1 / 8);
    expect(reMoE({ numExperts: 8, targetK: 2 }).targetSparsity).toBe(0.75);
    expect(router.spec()).toMatchObject({
      scoring: { kind: 'relu' },
      selection: { kind: 'positive' },
      weighting: { kind: 'score', scale: 1, gain: false },
    });
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    for (const targetK of [0, -1, 9, Number.NaN]) {
      expectInvalidArgument(() => reMoE({ numExperts: 8, targetK }), 'remoe', 'targetK', '(0, 8]');
    }
    expectInvalidArgument(() => reMoE({ numExperts: 2.5 }), 'remoe', 'numExperts', 'an integer >= 1');
  });
});
