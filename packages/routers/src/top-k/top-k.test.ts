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
import { topK } from './top-k.ts';

const configs = fc.integer({ min: 1, max: 12 }).chain((numExperts) =>
  fc.record({
    numExperts: fc.constant(numExperts),
    k: fc.integer({ min: 1, max: numExperts }),
    tokens: fc.integer({ min: 1, max: 8 }),
    weights: fc.constantFrom('renorm' as const, 'raw' as const),
  }),
);

const cases = (row = distinctRow) =>
  configs.chain((config) =>
    fc.record({ config: fc.constant(config), logits: logitsMatrix(config.tokens, config.numExperts, row) }),
  );

describe('topK routing properties', () => {
  it('selects exactly the k largest logits for every token (never empty)', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits }) => {
        const router = topK(config);
        const routing = route(router.spec(), { tokens: config.tokens, logits });
        expectWellFormed(routing, config.numExperts);
        for (let token = 0; token < config.tokens; token++) {
          const { experts } = tokenSelection(routing, token);
          check(experts.length === config.k, `token ${token} has ${experts.length} experts, not k`);
          expectSame(experts, topIndices(logits, token * config.numExperts, config.numExperts, config.k));
        }
      }),
      runsWithSeed(101),
    );
  });

  it('renorm weights are the softmax renormalised over the selection (sum 1); raw weights are the softmax', () => {
    fc.assert(
      fc.property(cases(), ({ config, logits }) => {
        const routing = route(topK(config).spec(), { tokens: config.tokens, logits });
        for (let token = 0; token < config.tokens; token++) {
          const probabilities = softmaxRow(logits, token * config.numExperts, config.numExperts);
          const { experts, weights } = tokenSelection(routing, token);
          const selectedMass = sum(experts.map((expert) => probabilities[expert]!));
          const expected = experts.map(
            (expert) => probabilities[expert]! / (config.weights === 'renorm' ? selectedMass : 1),
          );
          expectClose(weights, expected, 1e-12);
          if (config.weights === 'renorm') check(Math.abs(sum(weights) - 1) < 1e-12, 'weights sum to 1');
        }
      }),
      runsWithSeed(102),
    );
  });

  it('ties go to the lower expert id', () => {
    fc.assert(
      fc.property(cases(tiedRow), ({ config, logits }) => {
        const routing = route(topK(config).spec(), { tokens: config.tokens, logits });
        for (let token = 0; token < config.tokens; token++) {
          expectSame(
            tokenSelection(routing, token).experts,
            topIndices(logits, token * config.numExperts, config.numExperts, config.k),
          );
        }
      }),
      runsWithSeed(103),
    );
    // A fully tied row keeps experts 0..k-1.
    const routing = route(topK({ numExperts: 6, k: 3 }).spec(), { tokens: 1, logits: new Float64Array(6) });
    expect(tokenSelection(routing, 0).experts).toEqual([0, 1, 2]);
  });

  it('selection and weights are invariant to adding a constant to each token’s logits', () => {
    fc.assert(
      fc.property(
        cases().chain((value) =>
          fc.record({ value: fc.constant(value), shifts: shiftsArbitrary(value.config.tokens) }),
        ),
        ({ value: { config, logits }, shifts }) => {
          const spec = topK(config).spec();
          const base = route(spec, { tokens: config.tokens, logits });
          const shifted = route(spec, {
            tokens: config.tokens,
            logits: shiftRows(logits, config.numExperts, shifts),
          });
          expectSame(shifted.slotExpert, base.slotExpert);
          expectClose(shifted.slotWeight, base.slotWeight, 1e-12);
        },
      ),
      runsWithSeed(104),
    );
  });

  it('capacity dropping keeps, per expert, the min(C, load) selected tokens of largest weight', () => {
    fc.assert(
      fc.property(
        cases().chain((value) =>
          fc.record({
            value: fc.constant(value),
            capacityFactor: fc.integer({ min: 1, max: 40 }).map((tenths) => tenths / 10),
          }),
        ),
        ({ value: { config, logits }, capacityFactor }) => {
          const { numExperts, tokens, k } = config;
          const dropless = route(topK(config).spec(), { tokens, logits });
          const dropped = route(topK({ ...config, capacityFactor }).spec(), { tokens, logits });
          expectWellFormed(dropped, numExperts);
          const capacity = Math.min(tokens, Math.ceil((tokens * k * capacityFactor) / numExperts));
          for (let expert = 0; expert < numExperts; expert++) {
            const before: { token: number; weight: number }[] = [];
            const after = new Set<number>();
            for (let token = 0; token < tokens; token++) {
              const droplessSelection = tokenSelection(dropless, token);
              const position = droplessSelection.experts.indexOf(expert);
              if (position >= 0) before.push({ token, weight: droplessSelection.weights[position]! });
              const keptSelection = tokenSelection(dropped, token);
              const kept = keptSelection.experts.indexOf(expert);
              if (kept >= 0) {
                after.add(token);
                // Not renormalised after dropping: the weight is the dropless one.
                check(keptSelection.weights[kept] === droplessSelection.weights[position], 'weight changed');
              }
            }
            before.sort((a, b) => b.weight - a.weight || a.token - b.token);
            const expected = before.slice(0, capacity).map((entry) => entry.token);
            expectSame(
              [...after].sort((a, b) => a - b),
              expected.sort((a, b) => a - b),
            );
          }
        },
      ),
      runsWithSeed(105),
    );
  });
});

describe('topK config', () => {
  it('fills defaults and exposes one router parameter', () => {
    const router = topK({ numExperts: 8, k: 2 });
    expect(router.family).toBe('top-k');
    expect(router.config).toEqual({ numExperts: 8, k: 2, weights: 'renorm', capacityFactor: undefined });
    expect(router.totalExperts).toBe(8);
    expect(router.spec().weighting).toEqual({ kind: 'renormalise', scale: 1, excludeZeroExperts: false });
    expect(topK({ numExperts: 8, k: 1, weights: 'raw' }).spec().weighting.kind).toBe('score');
    expect(router.parameters(16)).toEqual([{ name: 'router', shape: [8, 16], init: 'normal' }]);
  });

  it('rejects bad hyper-parameters with a typed error naming family, key and range', () => {
    expectInvalidArgument(() => topK({ numExperts: 4, k: 5 }), 'top-k', 'k', 'an integer in [1, 4]');
    expectInvalidArgument(() => topK({ numExperts: 4, k: 0 }), 'top-k', 'k', 'an integer in [1, 4]');
    expectInvalidArgument(() => topK({ numExperts: 4, k: 1.5 }), 'top-k', 'k', 'an integer in [1, 4]');
    expectInvalidArgument(() => topK({ numExperts: 0, k: 1 }), 'top-k', 'numExperts', 'an integer >= 1');
    const weights = expectInvalidArgument(
      () => topK({ numExperts: 4, k: 1, weights: 'mean' as 'raw' }),
      'top-k',
      'weights',
      '"renorm", "raw"',
    );
    expect(weights.actual).toBe('"mean"');
    for (const capacityFactor of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectInvalidArgument(
        () => topK({ numExperts: 4, k: 1, capacityFactor }),
        'top-k',
        'capacityFactor',
        '(0, inf)',
      );
    }
  });
});
